#!/usr/bin/env bash
# The manifest's build command: the venvs (skipped when up to date), then build.py.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh >/dev/null
exec .venv/bin/python build.py
