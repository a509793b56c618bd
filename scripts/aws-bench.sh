#!/usr/bin/env bash
# The AWS pipeline in one command, for users without GitHub (the same sequence as
# .github/workflows/aws-bench.yml, which calls this script step by step): deploy a dev stage,
# run the conformance gate against it, the bench with its cold-start phase, the Artillery
# scenario, the cost model on the run, append the run to the history — then destroy the stage,
# whatever happened (a trap on exit), unless --keep. docs/aws.md, "Scheduled pipeline".
#   scripts/aws-bench.sh [--keep] [--profile quick|default|full] [--out results/<run>] [--context key=value ...]
#   scripts/aws-bench.sh STEP [same options]   # one step: check deploy conformance bench load report destroy
# It refuses to start when a dev stage already exists in the account and region: it would
# destroy it at the end. Only dev: prod keeps its table on destroy (deletion protection).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENVIRONMENT=dev
# Test seams (scripts/aws-bench.test.ts): the deploy script and where cdk writes the stack outputs.
DEPLOY="${AWS_BENCH_DEPLOY:-$REPO/scripts/deploy.sh}"
OUTPUTS="${AWS_BENCH_OUTPUTS:-$REPO/infra/cdk.out/outputs.json}"

usage() {
  echo "usage: scripts/aws-bench.sh [STEP] [--keep] [--profile quick|default|full] [--out results/<run>] [--context key=value ...]" >&2
  echo "  STEP: check | deploy | conformance | bench | load | report | destroy (default: all of them, destroy on exit)" >&2
}

STEP=all
case "${1:-}" in
  check|deploy|conformance|bench|load|report|destroy) STEP="$1"; shift ;;
esac
KEEP=0
PROFILE="${AWS_BENCH_PROFILE:-quick}"
OUT="${AWS_BENCH_OUT:-results/aws-$(date -u +%Y%m%dT%H%M%SZ)}"
CONTEXT=()
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) KEEP=1 ;;
    --profile) PROFILE="${2:-}"; shift ;;
    --out) OUT="${2:-}"; shift ;;
    --context) CONTEXT+=(--context "${2:-}"); shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "error: unknown argument '$1'" >&2; usage; exit 2 ;;
  esac
  shift
done
case "$PROFILE" in quick|default|full) ;; *) echo "error: --profile must be quick, default or full (got '$PROFILE')" >&2; exit 2 ;; esac
[ -n "$OUT" ] || { echo "error: --out needs a folder, e.g. results/aws-run" >&2; exit 2; }
cd "$REPO"
PIPELINE_DIR="$OUT/pipeline"

say() { printf '\n=== aws-bench: %s\n' "$*"; }

# The stage's outputs as written by scripts/deploy.sh (cdk deploy --outputs-file).
stage_output() { # <stack part> <output key>
  node -e '
    const [file, stack, key] = process.argv.slice(1);
    const value = (JSON.parse(require("fs").readFileSync(file, "utf8"))[stack] || {})[key];
    if (!value) { console.error(`no ${key} of ${stack} in ${file}: deploy first (scripts/aws-bench.sh deploy)`); process.exit(1); }
    process.stdout.write(value);' "$OUTPUTS" "MultiRuntimeBenchmark-$ENVIRONMENT-$1" "$2"
}

step_check() {
  say "check: preflight, and no $ENVIRONMENT stage in the way"
  local existing
  if existing="$(aws cloudformation describe-stacks --stack-name "MultiRuntimeBenchmark-$ENVIRONMENT-Api" --query 'Stacks[0].StackStatus' --output text 2>/dev/null)"; then
    echo "error: a $ENVIRONMENT stage already exists here (MultiRuntimeBenchmark-$ENVIRONMENT-Api: $existing); this pipeline deploys its own and destroys it at the end." >&2
    echo "  destroy it first (cd infra && npx cdk destroy --all --context environment=$ENVIRONMENT), or run in another account or region" >&2
    return 3
  fi
  "$DEPLOY" "$ENVIRONMENT" "" --preflight-only --require-approval never "${CONTEXT[@]+"${CONTEXT[@]}"}"
}

step_deploy() {
  say "deploy the $ENVIRONMENT stage"
  "$DEPLOY" "$ENVIRONMENT" "" --require-approval never "${CONTEXT[@]+"${CONTEXT[@]}"}"
  mkdir -p "$PIPELINE_DIR"
  cp "$OUTPUTS" "$PIPELINE_DIR/stack-outputs.json"
}

step_conformance() {
  say "conformance gate against the stage"
  local stage
  stage="$(stage_output Api StageUrl)"
  bench_env
  # The suite speaks plain, unsigned HTTP: a local proxy adds TLS and SigV4 ({proxy} is its URL).
  node --import tsx scripts/signing-proxy.ts --target "$stage" -- \
    npm run conformance -- --base-url '{proxy}' --results-dir "$PIPELINE_DIR/conformance"
}

bench_env() {
  BENCH_TABLE_NAME="$(stage_output Data TableName)"
  BENCH_AUTH="$(stage_output Api StageAuth)"
  export BENCH_TABLE_NAME BENCH_AUTH BENCH_ENVIRONMENT="$ENVIRONMENT"
}

step_bench() {
  say "bench --target (with its cold-start phase), profile $PROFILE"
  bench_env
  npm run bench -- --target "$(stage_output Api StageUrl)" "--$PROFILE" --out "$OUT"
}

step_load() {
  say "Artillery scenario against the stage"
  bench_env
  mkdir -p "$PIPELINE_DIR"
  npm run load -- --target "$(stage_output Api StageUrl)" 2>&1 | tee "$PIPELINE_DIR/load.log"
}

step_report() {
  say "cost model on the run, run history"
  mkdir -p "$PIPELINE_DIR"
  npm run cost -- "$OUT" | tee "$PIPELINE_DIR/cost-model.txt"
  npm run bench:history
}

step_destroy() {
  say "destroy the $ENVIRONMENT stage"
  # Synthesis for destroy needs no artifacts: placeholders are never uploaded.
  (cd infra && npx cdk destroy --all --force --context "environment=$ENVIRONMENT" --context allowMissingArtifacts=true "${CONTEXT[@]+"${CONTEXT[@]}"}")
}

if [ "$STEP" != all ]; then
  "step_$STEP"
  exit
fi

DEPLOYING=0
on_exit() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$DEPLOYING" -eq 1 ]; then
    if [ "$KEEP" -eq 1 ]; then
      echo "aws-bench: --keep: the $ENVIRONMENT stage stays (and costs while it does): scripts/aws-bench.sh destroy" >&2
    elif ! step_destroy; then
      echo "aws-bench: DESTROY FAILED: the $ENVIRONMENT stage may still exist and cost money; rerun: scripts/aws-bench.sh destroy" >&2
      status=1
    fi
  fi
  [ "$status" -eq 0 ] && echo "aws-bench: done: $OUT" || echo "aws-bench: failed (exit $status); what ran is under $OUT" >&2
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step_check
# From here on the stage may exist (even half-deployed): the trap destroys it.
DEPLOYING=1
step_deploy
step_conformance
step_bench
step_load
step_report
