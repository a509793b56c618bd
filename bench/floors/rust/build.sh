#!/usr/bin/env bash
# Builds the hello-world bootstrap (release, stripped, x86_64) and dist/rust.zip.
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
rm -rf dist && mkdir -p dist/lambda
cargo build --release --locked --bin bootstrap
cp "$CARGO_TARGET_DIR/release/bootstrap" dist/lambda/bootstrap
(cd dist/lambda && zip -q -X ../rust.zip bootstrap)
