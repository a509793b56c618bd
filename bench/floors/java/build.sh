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
(cd dist/lambda && zip -q -r -X ../java.zip lib)
