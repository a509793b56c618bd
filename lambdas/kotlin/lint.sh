#!/usr/bin/env bash
# The manifest's lint command: ktlint (pinned here; IntelliJ IDEA style, .editorconfig), zero
# warnings. The CLI jar comes from Maven Central into the local repository once.
set -euo pipefail
cd "$(dirname "$0")"
. ./jdk.sh
KTLINT_VERSION=1.8.0
jar="${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}/com/pinterest/ktlint/ktlint-cli/$KTLINT_VERSION/ktlint-cli-$KTLINT_VERSION-all.jar"
[ -f "$jar" ] || mvn -q -B -ntp dependency:get "-Dartifact=com.pinterest.ktlint:ktlint-cli:$KTLINT_VERSION:jar:all" -Dtransitive=false
# ktlint's embedded Kotlin compiler uses sun.misc.Unsafe; JDK 25 warns about it unless allowed.
java --sun-misc-unsafe-memory-access=allow -jar "$jar" --relative "src/**/*.kt"
