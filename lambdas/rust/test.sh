#!/usr/bin/env bash
# The Rust runtime's unit tests (cargo test); rustfmt and clippy are lint.sh (manifest lint).
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo test --locked --quiet
