#!/usr/bin/env bash
# Deploys the benchmark to AWS: builds the runtime artifacts that are missing or stale,
# installs infra/ dependencies if needed, then `cdk deploy --all` for one environment.
#   scripts/deploy.sh [dev|prod] [alert-email] [extra cdk deploy arguments...]
# Needs AWS credentials in the environment and a bootstrapped account/region
# (`cd infra && npx cdk bootstrap`, once). See docs/aws.md.
set -euo pipefail

ENVIRONMENT="${1:-dev}"
EMAIL="${2:-}"
shift $(( $# > 2 ? 2 : $# ))

case "$ENVIRONMENT" in
  dev|prod) ;;
  *) echo "usage: scripts/deploy.sh [dev|prod] [alert-email] [cdk args...] (got environment '$ENVIRONMENT')" >&2; exit 2 ;;
esac

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

# Dependencies: root (runtimes' builds, platform modules) and infra/ (CDK), each only when out of date.
[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund
[ infra/node_modules/.package-lock.json -nt infra/package-lock.json ] || npm ci --prefix infra --no-audit --no-fund

# Artifacts: the front door if the repository has one, else the platform's stale-aware build.
if node -e "process.exit(require('./package.json').scripts?.build ? 0 : 1)"; then
  npm run build
else
  node --import tsx infra/bin/build-artifacts.ts
fi

CONTEXT=(--context "environment=$ENVIRONMENT")
[ -n "$EMAIL" ] && CONTEXT+=(--context "alertEmail=$EMAIL")

cd infra
# No allowMissingArtifacts here: a missing artifact stops the deploy instead of shipping a placeholder.
npx cdk deploy --all "${CONTEXT[@]}" --outputs-file cdk.out/outputs.json "$@"

URL="$(node -e "
const o = require('./cdk.out/outputs.json');
const api = o['MultiRuntimeBenchmark-$ENVIRONMENT-Api'] || {};
process.stdout.write(api.StageUrl || '');
")"
if [ -n "$URL" ]; then
  echo
  echo "Stage: $URL  (e.g. ${URL}typescript/health)"
  echo "Benchmark it: npm run bench -- --target $URL"
  echo "Dashboard: CloudWatch → Dashboards → multi-runtime-benchmark-$ENVIRONMENT"
  echo "Tear down: cd infra && npx cdk destroy --all --context environment=$ENVIRONMENT"
fi
