#!/usr/bin/env bash
# The manifest's build command: the venvs (skipped when up to date), then build.py.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh >/dev/null
# One build at a time: the platform may start one while another is running (same dist/).
mkdir -p dist
exec 9>dist/.build.lock
flock 9
.venv/bin/python build.py
