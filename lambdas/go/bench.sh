#!/usr/bin/env bash
# Benchmark (numbers, not a test): the zip's size and the cold start of the Go runtime,
# first against a tiny fake Runtime API (the process alone), then on the local platform
# at 128, 512 and 1769 MB (needs the root npm ci). Results go in docs/runtimes/go.md.
#   bash bench.sh [runs per measurement, default 20]
set -euo pipefail
cd "$(dirname "$0")"
runs="${1:-20}"
bash build.sh
echo "--- process alone (fake Runtime API) ---"
go run ./tools/initbench -n "$runs"
echo "--- local platform (Init Duration as the platform reports it) ---"
go run ./tools/platformbench -n "$runs"
