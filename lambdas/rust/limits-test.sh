#!/usr/bin/env bash
# The manifest's codegen.followTest: the tests of the contract's limits (src/domain/tests.rs,
# `limits`) against the constants generated into another folder, given as $1
# (scripts/codegen-follow.test.ts generates one from a changed contract). The crate is
# copied beside that folder, as lambdas/rust sits beside generated/rust; the build cache is
# this folder's, and --release shares test.sh's (and build.sh's) dependency builds.
set -euo pipefail
cd "$(dirname "$0")"
generated="$(cd "${1:?usage: limits-test.sh <generated rust folder>}" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/lambdas/rust" "$scratch/generated"
cp -r src Cargo.toml Cargo.lock build.rs "$scratch/lambdas/rust/"
ln -s "$generated" "$scratch/generated/rust"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
(cd "$scratch/lambdas/rust" && cargo test --release --locked --quiet --lib limits)
