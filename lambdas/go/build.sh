#!/usr/bin/env bash
# Builds the deployable artifact: dist/lambda/bootstrap (static, stripped, for
# provided.al2023) and dist/go.zip holding it, then prints the zip's size.
#   bash build.sh                 architecture from runtime.json (aws.architecture)
#   GOARCH=arm64 bash build.sh    or: bash build.sh arm64 (amd64/x86_64 likewise)
#   DIST_DIR=/tmp/x bash build.sh build somewhere else (the cross-build test does)
set -euo pipefail
cd "$(dirname "$0")"

arch="${1:-${GOARCH:-}}"
if [ -z "$arch" ]; then
  arch=$(sed -n 's/.*"architecture": *"\([^"]*\)".*/\1/p' runtime.json)
fi
case "$arch" in
  x86_64 | amd64) goarch=amd64 ;;
  arm64 | aarch64) goarch=arm64 ;;
  *) echo "build.sh: unknown architecture '$arch' (want x86_64/amd64 or arm64)" >&2; exit 2 ;;
esac

dist="${DIST_DIR:-dist}"
rm -rf "$dist/lambda" "$dist/go.zip"
mkdir -p "$dist/lambda"
# nomsgpack: Gin's documented tag that leaves out the MessagePack binding, which this
# API never uses (about 6 MB of binary less to load on a cold start).
CGO_ENABLED=0 GOOS=linux GOARCH="$goarch" go build -tags nomsgpack -trimpath -ldflags "-s -w" \
  -o "$dist/lambda/bootstrap" ./cmd/bootstrap
# The zip tool runs on this machine, whatever the target architecture.
env -u GOARCH -u GOOS CGO_ENABLED=0 go run ./tools/zipartifact "$dist/go.zip" "$dist/lambda"

bytes=$(wc -c < "$dist/go.zip")
echo "go: $dist/go.zip ($goarch) $bytes bytes ($(awk "BEGIN { printf \"%.2f\", $bytes / 1048576 }") MiB); bootstrap $(wc -c < "$dist/lambda/bootstrap") bytes"
