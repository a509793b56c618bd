#!/usr/bin/env bash
# Creates the two venvs this runtime needs, pinned; idempotent (a stamp holds the hash of
# the requirement files and the interpreter version, so an unchanged setup is skipped).
#   .venv      tests, build and local tools (requirements-dev.txt)
#   .venv-ric  only the runtime interface client (requirements-ric.txt): the local platform
#              runs the zip's contents with it, as AWS runs them with its /var/runtime.
set -euo pipefail
cd "$(dirname "$0")"

# python3.11 because AWS's runtime is python3.11 and pydantic-core wheels are ABI-specific.
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ "$version" != "3.11" ]; then
  echo "setup.sh: need Python 3.11 (found $version at $PYTHON); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi

make_venv() { # <dir> <requirements file>
  local dir="$1" reqs="$2" stamp="$1/.requirements.sha256" want
  want="$(cat "$reqs" requirements*.txt | sha256sum | cut -d' ' -f1) $("$PYTHON" -VV | tr -d '\n')"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "setup.sh: $dir up to date"
    return
  fi
  rm -rf "$dir"
  "$PYTHON" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$reqs"
  echo "$want" > "$stamp"
  echo "setup.sh: $dir created from $reqs"
}

make_venv .venv requirements-dev.txt
make_venv .venv-ric requirements-ric.txt
