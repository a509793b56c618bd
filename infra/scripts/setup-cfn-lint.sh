#!/usr/bin/env bash
# Installs cfn-lint (PyPI) into infra/.venv, pinned; idempotent (a stamp holds the pinned
# version and the interpreter, so an unchanged setup is skipped). `npm test` runs it first,
# so a fresh clone needs only python3 with venv and PyPI reachable.
set -euo pipefail
cd "$(dirname "$0")/.."

CFN_LINT_VERSION="1.58.0"
PYTHON="${PYTHON:-$(command -v python3)}"
VENV=".venv"
stamp="$VENV/.cfn-lint.stamp"
want="cfn-lint==$CFN_LINT_VERSION $("$PYTHON" -VV | tr -d '\n')"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$VENV/bin/cfn-lint" ]; then
  exit 0
fi
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "cfn-lint==$CFN_LINT_VERSION"
echo "$want" > "$stamp"
echo "setup-cfn-lint.sh: $VENV/bin/cfn-lint $("$VENV/bin/cfn-lint" --version | tr -d '\n')"
