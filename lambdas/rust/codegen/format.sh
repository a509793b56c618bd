#!/usr/bin/env bash
# The codegen's formatter (runtime.json codegen.format): rustfmt over every generated .rs file,
# so that the generated code is what `cargo fmt --check` expects.
set -euo pipefail
find "$1" -name '*.rs' -print0 | xargs -0 -r rustfmt --edition 2024
