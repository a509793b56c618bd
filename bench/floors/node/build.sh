#!/usr/bin/env bash
# Packages the hello-world handler as dist/node.zip and its unpacked task root.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf dist && mkdir -p dist/lambda
cp index.mjs dist/lambda/
(cd dist/lambda && zip -q -X ../node.zip index.mjs)
