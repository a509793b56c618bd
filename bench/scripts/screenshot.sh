#!/usr/bin/env bash
# Renders a report.html offline in headless Chromium (Debian's `chromium`) to a PNG.
#   bash bench/scripts/screenshot.sh results/<run>/report.html docs/bench-report.png
# Fails when Chromium is missing or the page did not render (empty or tiny PNG).
set -euo pipefail
html="$(realpath "$1")"
png="$(realpath -m "${2:-${1%.html}.png}")"
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "screenshot.sh: chromium not found (apt-get install -y chromium)" >&2; exit 1; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
# No network is needed: the report is self-contained; background networking is off anyway.
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --no-first-run --user-data-dir="$profile" --hide-scrollbars --window-size=1200,3000 \
  --screenshot="$png" "file://$html" >/dev/null 2>&1
bytes=$(stat -c %s "$png" 2>/dev/null || echo 0)
[ "$bytes" -gt 20000 ] || { echo "screenshot.sh: $png missing or too small ($bytes bytes): the page did not render" >&2; exit 1; }
echo "screenshot.sh: $png ($bytes bytes)"
