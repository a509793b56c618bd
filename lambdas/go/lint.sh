#!/usr/bin/env bash
# The manifest's lint command, zero warnings: gofmt clean, go vet, staticcheck (pinned here;
# `go run pkg@version` fetches it through the module proxy once, then the build cache has it).
set -euo pipefail
cd "$(dirname "$0")"
STATICCHECK=honnef.co/go/tools/cmd/staticcheck@v0.8.2
unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
  echo "gofmt would change:" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet ./...
go run "$STATICCHECK" ./...
