#!/usr/bin/env bash
# The Go runtime's own checks: gofmt clean, go vet, then every test with the race
# detector (it needs cgo; the Lambda binary itself is built without).
set -euo pipefail
cd "$(dirname "$0")"
unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
  echo "gofmt would change:" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet ./...
CGO_ENABLED=1 go test -race ./...
