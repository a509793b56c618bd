#!/bin/sh
# Starts the JVM the way AWS's java managed runtimes do (the java17 command line observed on
# AWS; AWS documents C1-only tiered compilation for java17/21/25 on-demand and serial GC):
# 85 % of the memory size as heap, serial GC, class-data sharing, tiered compilation stopped at
# C1 (java25 keeps the JVM's default for provisioned concurrency), and the vCPU count the
# Lambda guest shows: max(2, ceil(M/1769)) is a guess fitted to the observed counts (2 at
# 128-1024 MB, 2-3 at 2048, 3 at 4096, 6 at 10240). Sources: docs/platform.md.
# Usage: java.sh JAVA [JVM and program arguments...]
java="$1"; shift
memory="${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-512}"
heap_k=$(( (memory * 1024 * 85 + 50) / 100 ))
cpus=$(( (memory + 1768) / 1769 )); [ "$cpus" -lt 2 ] && cpus=2
tiered="-XX:TieredStopAtLevel=1"
if [ "${AWS_EXECUTION_ENV:-}" = AWS_Lambda_java25 ] && [ "${AWS_LAMBDA_INITIALIZATION_TYPE:-}" = provisioned-concurrency ]; then tiered="-XX:TieredStopAtLevel=4"; fi
exec "$java" "-XX:MaxHeapSize=${heap_k}k" -XX:+UseSerialGC -Xshare:auto -XX:+TieredCompilation "$tiered" \
  "-XX:ActiveProcessorCount=$cpus" --add-opens=java.base/java.io=ALL-UNNAMED -XX:+ErrorFileToStderr "$@"
