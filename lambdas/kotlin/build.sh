#!/usr/bin/env bash
# Builds the deployable artifact dist/kotlin.zip (lib/*.jar, what AWS java25 takes), its
# unpacked copy dist/lambda (the local platform's task root), dist/ric (the runtime interface
# client that plays the managed runtime locally; not part of the artifact) and dist/jdk (a link
# to the JDK 25 it was built with, which the local platform runs it on).
# Extra Maven arguments pass through (e.g. -Dcontract.models=...).
set -euo pipefail
cd "$(dirname "$0")"
. ./jdk.sh

rm -rf target/lambda target/ric  # copy-dependencies never removes a jar that left the tree
mvn -q -B -ntp package -DskipTests "$@"

rm -rf dist
mkdir -p dist/lambda/lib dist/ric
cp target/lambda/lib/*.jar target/items-kotlin-1.0.0.jar dist/lambda/lib/
cp target/ric/*.jar dist/ric/
ln -s "$JAVA_HOME" dist/jdk
# The runtime interface client unpacks its JNI library to the fixed path /tmp/.libaws-lambda-jni.so
# on every start. Each Lambda environment has a /tmp of its own; the local instances share one, and
# two starting at once overwrite the file under each other (the JVM dies of SIGBUS). So the library
# is unpacked here, once, and runtime.json points the client at it (its NativeClient.JNI property).
case "$(uname -m)" in
  x86_64) jni=linux-x86_64 ;;
  aarch64 | arm64) jni=linux-aarch_64 ;;
  *) echo "kotlin: no JNI library of the runtime interface client for $(uname -m)" >&2; exit 1 ;;
esac
unzip -p dist/ric/aws-lambda-java-runtime-interface-client-*.jar "jni/libaws-lambda-jni.$jni.so" > dist/ric/libaws-lambda-jni.so
(cd dist/lambda && zip -q -r -X ../kotlin.zip lib)

bytes=$(stat -c %s dist/kotlin.zip)
echo "kotlin: dist/kotlin.zip $bytes bytes ($(awk "BEGIN{printf \"%.1f\", $bytes/1048576}") MiB), $(ls dist/lambda/lib | wc -l) jars"
