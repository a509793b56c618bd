#!/usr/bin/env bash
# The manifest's lint command: ruff (pinned in requirements-dev.txt, configured in ruff.toml),
# lint and format check, zero warnings.
set -euo pipefail
cd "$(dirname "$0")"
.venv/bin/ruff check --no-cache .
.venv/bin/ruff format --check --no-cache .
