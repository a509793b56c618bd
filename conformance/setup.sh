#!/usr/bin/env bash
# Creates conformance/.venv with the pinned schemathesis CLI; idempotent: a stamp holds the
# hash of requirements.txt and the interpreter version, so an unchanged setup is skipped.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
want="$(sha256sum requirements.txt | cut -d' ' -f1) $("$PYTHON" -VV | tr -d '\n')"
stamp=.venv/.requirements.sha256
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x .venv/bin/st ]; then
  echo "conformance/setup.sh: .venv up to date"
  exit 0
fi
rm -rf .venv
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --no-input -r requirements.txt
echo "$want" > "$stamp"
echo "conformance/setup.sh: .venv created ($(.venv/bin/st --version))"
