#!/usr/bin/env bash
# The manifest's test setup: Maven resolves every dependency and plugin once (idempotent), on JDK 25.
set -euo pipefail
cd "$(dirname "$0")"
. ./jdk.sh
exec mvn -q -B -ntp dependency:go-offline
