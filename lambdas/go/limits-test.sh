#!/usr/bin/env bash
# The manifest's codegen.followTest: the tests of the contract's limits (internal/domain,
# limits_test.go) against the contract package generated into another folder, given as $1
# (scripts/codegen-follow.test.ts generates one from a changed contract). go.mod is copied
# with its replace directive pointed there; the module itself is left as it is.
set -euo pipefail
cd "$(dirname "$0")"
generated="$(cd "${1:?usage: limits-test.sh <generated go folder>}" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
sed "s#=> ../../generated/go\$#=> $generated#" go.mod > "$scratch/go.mod"
grep -q "=> $generated\$" "$scratch/go.mod" || { echo "limits-test.sh: go.mod has no replace of ../../generated/go" >&2; exit 1; }
cp go.sum "$scratch/go.sum"
go test -modfile="$scratch/go.mod" -count=1 -run 'Limits|GeneratedConstants' -v ./internal/domain/ | grep -E '^(=== RUN|--- |ok|FAIL|PASS)' | grep -v '=== RUN'
