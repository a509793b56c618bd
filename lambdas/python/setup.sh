#!/usr/bin/env bash
# Creates the two venvs this runtime needs, pinned; idempotent (a stamp holds the hash of
# the requirement files and the interpreter version, so an unchanged setup is skipped).
#   .venv      tests, build and local tools (requirements-dev.txt)
#   .venv-ric  only the runtime interface client (requirements-ric.txt): the local platform
#              runs the zip's contents with it, as AWS runs them with its /var/runtime.
set -euo pipefail
cd "$(dirname "$0")"

# python3.13 because AWS's runtime is python3.13 (runtime.json aws.runtime) and pydantic-core
# wheels are ABI-specific. The version comes from the manifest, so the two cannot drift apart.
want_version="$(sed -n 's/.*"runtime": *"python\([0-9.]*\)".*/\1/p' runtime.json)"
runs() { [ -n "$1" ] && "$1" -c 'import sys' >/dev/null 2>&1; }
if ! runs "${PYTHON:-}"; then
  PYTHON="python$want_version"
  # pyenv's shim fails unless the version is selected: take the installed interpreter itself.
  if ! runs "$PYTHON" && command -v pyenv >/dev/null; then
    for candidate in "$(pyenv root)/versions/$want_version"*/bin/"python$want_version"; do runs "$candidate" && PYTHON="$candidate" && break; done
  fi
  runs "$PYTHON" || PYTHON=python3
fi
version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ "$version" != "$want_version" ]; then
  echo "setup.sh: need Python $want_version, AWS's runtime (found $version at $PYTHON); install it (pyenv install $want_version) or set PYTHON=/path/to/python$want_version" >&2
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
