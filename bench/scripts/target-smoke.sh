#!/usr/bin/env bash
# CI: the AWS path end to end without AWS. Starts the local platform with its AWS API endpoints
# (npm start -- --aws-endpoint-port) in the background, runs `npm run bench -- --target … --aws-endpoint …
# --smoke` against it and checks results.json (schema, complete, cold starts and REPORT figures for
# every runtime, every figure of the local run given as $1), then the 20-second Artillery smoke
# (`npm run load -- --env smoke`). The platform is stopped however this ends.
#   bash bench/scripts/target-smoke.sh [results/<local smoke run>]
set -euo pipefail
cd "$(dirname "$0")/../.."
local_run="${1:-}"
out=results/ci-target-smoke
log=$(mktemp)
platform_pid=""
stop_platform() {
  if [ -n "$platform_pid" ] && kill -0 "$platform_pid" 2>/dev/null; then
    kill -TERM "$platform_pid"          # the CLI stops every instance and dynalite on SIGTERM
    wait "$platform_pid" 2>/dev/null || true
  fi
  rm -f "$log"
}
trap stop_platform EXIT

# Not through npm: npm would not pass SIGTERM on. Port 0: the OS picks; the banner says which.
node --import tsx platform/src/cli.ts --port 0 --aws-endpoint-port 0 --quiet >"$log" 2>&1 &
platform_pid=$!
for _ in $(seq 1 120); do
  grep -q 'ready in' "$log" && break
  kill -0 "$platform_pid" 2>/dev/null || { cat "$log"; echo "target-smoke: the platform did not start" >&2; exit 1; }
  sleep 1
done
gateway=$(grep -o 'gateway *http://127\.0\.0\.1:[0-9]*' "$log" | grep -o 'http://.*')
aws=$(grep -o 'aws api *http://127\.0\.0\.1:[0-9]*' "$log" | grep -o 'http://.*')
[ -n "$gateway" ] && [ -n "$aws" ] || { cat "$log"; echo "target-smoke: no gateway/AWS endpoint in the platform's banner" >&2; exit 1; }
echo "target-smoke: platform at $gateway, AWS API at $aws"

start=$(date +%s)
npm run bench -- --smoke --target "$gateway" --aws-endpoint "$aws" --out "$out"
npx tsx bench/scripts/check-target-results.ts "$out" ${local_run:+"$local_run"}
echo "target-smoke: bench --target smoke and its check took $(( $(date +%s) - start )) s"

start=$(date +%s)
npm run load -- --target "$gateway" --env smoke --out results/ci-load-smoke
echo "target-smoke: Artillery smoke took $(( $(date +%s) - start )) s"
