#!/usr/bin/env bash
# Builds the hello-world bootstrap (static, x86_64) and dist/go.zip.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf dist && mkdir -p dist/lambda
CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -trimpath -ldflags="-s -w" -tags lambda.norpc -o dist/lambda/bootstrap .
(cd dist/lambda && zip -q -X ../go.zip bootstrap)
