#!/usr/bin/env bash
# Fails when an ELF binary needs a glibc symbol version newer than the given one (the
# Lambda OS's glibc): objdump -T lists the versioned dynamic symbols it imports.
#   bash glibc-check.sh <binary> <max version, e.g. 2.34>
set -euo pipefail
binary="$1"
max="$2"
needed=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
if [ -z "$needed" ]; then
  echo "glibc-check: $binary imports no versioned glibc symbol" >&2
  exit 1
fi
if [ "$(printf '%s\n%s\n' "$needed" "$max" | sort -V | tail -1)" != "$max" ]; then
  echo "glibc-check: $binary needs GLIBC_$needed, newer than the Lambda OS's $max:" >&2
  objdump -T "$binary" | grep -E "GLIBC_$needed\b" >&2
  exit 1
fi
echo "glibc-check: $binary needs at most GLIBC_$needed (limit $max)"
