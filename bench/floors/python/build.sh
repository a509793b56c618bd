#!/usr/bin/env bash
# Packages the hello-world handler and makes the floor's own .venv with the runtime interface
# client (requirements.txt), on the python3.x of this manifest's aws.runtime. The handler needs
# only the standard library; the venv stands in for AWS's /var/runtime. Idempotent: a stamp
# holds the hash of requirements.txt and the interpreter version.
set -euo pipefail
cd "$(dirname "$0")"

want_version="$(sed -n 's/.*"runtime": *"python\([0-9.]*\)".*/\1/p' runtime.json)"
runs() { [ -n "$1" ] && "$1" -c 'import sys' >/dev/null 2>&1; }
if ! runs "${PYTHON:-}"; then
  PYTHON="python$want_version"
  # pyenv's shim fails unless the version is selected: take the installed interpreter itself.
  if ! runs "$PYTHON" && command -v pyenv >/dev/null; then
    for candidate in "$(pyenv root)/versions/$want_version"*/bin/"python$want_version"; do runs "$candidate" && PYTHON="$candidate" && break; done
  fi
fi
if ! runs "$PYTHON" || [ "$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != "$want_version" ]; then
  echo "build.sh: the Python floor needs Python $want_version (its aws.runtime); install it (pyenv install $want_version) or set PYTHON" >&2
  exit 1
fi

stamp=.venv/.requirements.sha256
want="$(sha256sum requirements.txt | cut -d' ' -f1) $("$PYTHON" -VV | tr -d '\n')"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  rm -rf .venv
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-input -r requirements.txt
  echo "$want" > "$stamp"
fi

rm -rf dist && mkdir -p dist/lambda
cp handler.py dist/lambda/
(cd dist/lambda && zip -q -X ../python.zip handler.py)
