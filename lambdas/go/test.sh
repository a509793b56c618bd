#!/usr/bin/env bash
# The Go runtime's unit tests, every one with the race detector (it needs cgo; the Lambda
# binary itself is built without). gofmt, go vet and staticcheck are lint.sh (manifest lint).
set -euo pipefail
cd "$(dirname "$0")"
CGO_ENABLED=1 go test -race ./...
