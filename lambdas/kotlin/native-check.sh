#!/usr/bin/env bash
# What can be checked of the native variant without GraalVM (CI runs this):
# 1. the `native` profile is well-formed and its plugins resolve (`validate`);
# 2. the native entry (Runtime API loop, kotlin-native prefix) and its reflection
#    config pass their tests on the JVM. The image itself needs GraalVM:
#    `mvn -B -ntp -P native package -DskipTests` → target/native/kotlin-native.zip.
set -euo pipefail
cd "$(dirname "$0")"
. ./jdk.sh

mvn -B -ntp -q -P native validate
echo "native: profile validates (native-maven-plugin resolved)"
mvn -B -ntp -q -P native test -Dtest='RuntimeApiLoopTest,ReflectConfigTest' -Dsurefire.failIfNoSpecifiedTests=false "$@"
echo "native: entry and reflection config pass on the JVM ($(grep -ho 'tests="[0-9]*"' target/native/surefire-reports/TEST-items.runtime.nativeimage.*.xml | tr -dc '0-9\n' | awk '{ n += $1 } END { print n }') tests)"
