#!/usr/bin/env bash
# Builds the deployable artifact: dist/lambda/bootstrap (release, stripped, for
# provided.al2023 on x86_64) and dist/rust.zip holding it, then prints the sizes.
# cargo from crates.io only: no rustup target, no musl. The binary links this machine's
# glibc dynamically, so the build fails if any symbol needs a glibc newer than AL2023's.
#   DIST_DIR=/tmp/x bash build.sh   build somewhere else
set -euo pipefail
cd "$(dirname "$0")"

# Amazon Linux 2023 ships glibc 2.34 (its package list: glibc-2.34-*), the limit issue 20 sets.
MAX_GLIBC=2.34
arch=$(sed -n 's/.*"architecture": *"\([^"]*\)".*/\1/p' runtime.json)
if [ "$arch" != "x86_64" ] || [ "$(uname -m)" != "x86_64" ]; then
  echo "build.sh: builds x86_64 on x86_64 only (no rustup targets here); runtime.json says '$arch', this is $(uname -m)" >&2
  exit 2
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
dist="${DIST_DIR:-dist}"
rm -rf "$dist/lambda" "$dist/rust.zip"
mkdir -p "$dist/lambda"
cargo build --release --locked --bin bootstrap
cp "$CARGO_TARGET_DIR/release/bootstrap" "$dist/lambda/bootstrap"

bash glibc-check.sh "$dist/lambda/bootstrap" "$MAX_GLIBC"

# Reproducible zip: sorted names, a fixed timestamp, no extra attributes; permissions kept
# (Lambda runs ./bootstrap), so the same build gives the same zip and CDK asset hash.
find "$dist/lambda" -exec touch -h -d '2026-01-01T00:00:00Z' {} +
zip_path="$(cd "$dist" && pwd)/rust.zip"
(cd "$dist/lambda" && find . -type f | sed 's|^\./||' | LC_ALL=C sort | TZ=UTC zip -q -X -D -9 "$zip_path" -@)

bytes=$(wc -c < "$dist/rust.zip")
echo "rust: $dist/rust.zip (x86_64) $bytes bytes ($(awk "BEGIN { printf \"%.2f\", $bytes / 1048576 }") MiB); bootstrap $(wc -c < "$dist/lambda/bootstrap") bytes"
