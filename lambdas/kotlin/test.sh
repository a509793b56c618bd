#!/usr/bin/env bash
# The manifest's test command: the unit tests on JDK 25 (jdk.sh), as the code runs on AWS java25.
set -euo pipefail
cd "$(dirname "$0")"
. ./jdk.sh
exec mvn -B -ntp test "$@"
