#!/usr/bin/env bash
# The manifest's codegen.followTest: test/limits.test.ts against the generated/ts tree given
# as $1 (jest.follow.config.js maps the imports there).
set -euo pipefail
cd "$(dirname "$0")"
GENERATED_TS="${1:?usage: follow-test.sh <generated ts folder>}" exec node ../../node_modules/jest/bin/jest.js -c jest.follow.config.js --ci
