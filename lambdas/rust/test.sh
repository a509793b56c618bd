#!/usr/bin/env bash
# The Rust runtime's unit tests (cargo test); rustfmt and clippy are lint.sh (manifest lint).
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# --release: the tests reuse the dependencies build.sh compiled for the artifact, instead of a
# second (debug) compilation of the AWS SDK, which would add minutes on CI's 2 cores.
cargo test --release --locked --quiet
