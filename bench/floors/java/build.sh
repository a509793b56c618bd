#!/usr/bin/env bash
# Builds dist/java.zip (lib/*.jar, what AWS java25 takes), its unpacked task root dist/lambda,
# dist/ric: the runtime interface client of lambdas/kotlin (same version, from Maven), which
# plays the managed runtime locally, and dist/jdk: the JDK 25 it runs on (lambdas/kotlin/jdk.sh
# finds it). Resolved here, not borrowed from lambdas/kotlin/dist, so the floor never waits on a
# full Kotlin build.
set -euo pipefail
cd "$(dirname "$0")"
. ../../../lambdas/kotlin/jdk.sh
rm -rf target/lambda target/ric
mvn -q -B -ntp package
rm -rf dist && mkdir -p dist/lambda/lib dist/ric
cp target/lambda/lib/*.jar target/floor-java-1.0.0.jar dist/lambda/lib/
cp target/ric/*.jar dist/ric/
ln -s "$JAVA_HOME" dist/jdk
# The client's JNI library, unpacked once (runtime.json points at it), as lambdas/kotlin/build.sh
# does: unpacked at start to the shared /tmp, it crashes instances that start at the same moment.
case "$(uname -m)" in
  x86_64) jni=linux-x86_64 ;;
  aarch64 | arm64) jni=linux-aarch_64 ;;
  *) echo "java floor: no JNI library of the runtime interface client for $(uname -m)" >&2; exit 1 ;;
esac
unzip -p dist/ric/aws-lambda-java-runtime-interface-client-*.jar "jni/libaws-lambda-jni.$jni.so" > dist/ric/libaws-lambda-jni.so
(cd dist/lambda && zip -q -r -X ../java.zip lib)
