#!/usr/bin/env bash
# Deploys the benchmark to AWS. First a preflight that catches what would make a first deploy
# fail (credentials, region, CDK bootstrap, API Gateway's account logging role, Lambda's
# concurrency quota, a terminal to approve IAM changes) and prints the exact fix; then it
# installs infra/ dependencies if needed, builds the runtime artifacts that are missing or
# stale, and runs `cdk deploy --all` for one environment. See docs/aws.md.
#   scripts/deploy.sh [dev|prod] [alert-email] [--preflight-only] [--require-approval LEVEL] [cdk deploy args...]
# Extra arguments go to `cdk deploy`; `--context key=value` among them also informs the preflight.
set -euo pipefail

ENVIRONMENT="${1:-dev}"
EMAIL="${2:-}"
shift $(( $# > 2 ? 2 : $# ))

case "$ENVIRONMENT" in
  dev|prod) ;;
  *) echo "usage: scripts/deploy.sh [dev|prod] [alert-email] [--preflight-only] [--require-approval never|any-change|broadening] [cdk args...] (got environment '$ENVIRONMENT')" >&2; exit 2 ;;
esac

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Where the manifests are (a test points it at fixtures).
LAMBDAS_DIR="${LAMBDAS_DIR:-$REPO/lambdas}"
# The bootstrap version the synthesized templates require (their CheckBootstrapVersion rule).
MIN_BOOTSTRAP_VERSION=6

PREFLIGHT_ONLY=0
APPROVAL=""
CDK_ARGS=()
CONTEXT_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --preflight-only) PREFLIGHT_ONLY=1 ;;
    --require-approval) APPROVAL="${2:-}"; shift ;;
    --require-approval=*) APPROVAL="${1#*=}" ;;
    --context|-c) CONTEXT_ARGS+=("${2:-}"); CDK_ARGS+=("$1" "${2:-}"); shift ;;
    --context=*) CONTEXT_ARGS+=("${1#*=}"); CDK_ARGS+=("$1") ;;
    *) CDK_ARGS+=("$1") ;;
  esac
  shift
done

# A context value passed on the command line (last one wins, as in cdk), or empty.
context_value() {
  local key="$1" value="" c
  for c in "${CONTEXT_ARGS[@]+"${CONTEXT_ARGS[@]}"}"; do
    [ "${c%%=*}" = "$key" ] && value="${c#*=}"
  done
  printf '%s' "$value"
}

FAILED=0
fail() { # <what> <fix lines...>
  FAILED=1
  echo "preflight: FAIL  $1" >&2
  shift
  local line
  for line in "$@"; do echo "    $line" >&2; done
}
ok() { echo "preflight: ok    $*"; }

preflight() {
  # 1. Tools. The runtimes' own toolchains are checked by their builds (docs/aws.md lists them).
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -lt 20 ]; then
    fail "Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))" "install Node.js 20+ (e.g. from https://nodejs.org or nvm), then rerun"
  else ok "node $(node --version)"; fi
  if ! command -v aws >/dev/null 2>&1; then
    fail "the AWS CLI is not installed (the preflight asks AWS with it)" "install it: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html"
    return
  fi

  # 2. Credentials and region.
  local identity account arn
  if ! identity="$(aws sts get-caller-identity --query '[Account,Arn]' --output text 2>&1)"; then
    fail "no usable AWS credentials (aws sts get-caller-identity: ${identity//$'\n'/ })" \
      "sign in, then rerun: aws sso login --profile <profile> && export AWS_PROFILE=<profile>" \
      "  or: aws configure   (access keys of an IAM user allowed to deploy CloudFormation stacks)"
    return
  fi
  read -r account arn <<<"$identity"
  ok "credentials: $arn (account $account)"
  REGION="${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region 2>/dev/null || true)}}"
  if [ -z "$REGION" ]; then
    fail "no AWS region" "export AWS_REGION=eu-west-1   (or: aws configure set region eu-west-1)"
    return
  fi
  export AWS_REGION="$REGION"
  ACCOUNT="$account"
  ok "region: $REGION"

  # 3. CDK bootstrap: the templates read its version from SSM and refuse anything older than 6.
  local version
  if ! version="$(aws ssm get-parameter --name /cdk-bootstrap/hnb659fds/version --query Parameter.Value --output text 2>/dev/null)"; then
    fail "account $account is not bootstrapped for CDK in $REGION (no /cdk-bootstrap/hnb659fds/version parameter)" \
      "cd infra && npx cdk bootstrap aws://$account/$REGION"
  elif ! [[ "$version" =~ ^[0-9]+$ ]] || [ "$version" -lt "$MIN_BOOTSTRAP_VERSION" ]; then
    fail "CDK bootstrap version $version in $REGION is older than the $MIN_BOOTSTRAP_VERSION the templates need" \
      "cd infra && npx cdk bootstrap aws://$account/$REGION   (upgrades the CDKToolkit stack in place)"
  else ok "CDK bootstrap version $version"; fi

  # 4. API Gateway's CloudWatch Logs role: a stage with access logging refuses to deploy without
  #    one ("CloudWatch Logs role ARN must be set in account settings to enable logging").
  local role want_role
  role="$(aws apigateway get-account --query cloudwatchRoleArn --output text 2>/dev/null || true)"
  want_role="$(context_value apiGatewayAccountRole)"
  if [ -n "$role" ] && [ "$role" != "None" ]; then
    ok "API Gateway CloudWatch Logs role: $role"
    [ "$want_role" = "true" ] && echo "preflight: note  apiGatewayAccountRole=true replaces that role with one this app creates (retained on destroy)"
  elif [ "$want_role" = "true" ]; then
    ok "API Gateway CloudWatch Logs role: none yet; apiGatewayAccountRole=true creates it (retained: one per account and region)"
  else
    fail "API Gateway has no CloudWatch Logs role in $account/$REGION: the Api stage (access logs) would fail with \"CloudWatch Logs role ARN must be set in account settings to enable logging\"" \
      "let this app create and set it (the role and the setting are retained on destroy, other APIs may rely on them):" \
      "  scripts/deploy.sh $ENVIRONMENT \"$EMAIL\" --context apiGatewayAccountRole=true" \
      "or set a role you already have (trusts apigateway.amazonaws.com, policy AmazonAPIGatewayPushToCloudWatchLogs):" \
      "  aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=arn:aws:iam::$account:role/<role>"
  fi

  # 5. Lambda concurrency: reserved concurrency must leave min(100, quota) unreserved, and new
  #    accounts may have a quota as low as 10 (docs/aws.md, "Lambda concurrency").
  if [ "$(context_value reservedConcurrency)" = "false" ]; then
    ok "reserved concurrency: off (--context reservedConcurrency=false)"
  else
    local reservations wanted limit unreserved current=0 name value now
    # Manifest variants (infra/lib/variants.ts) inherit their runtime's reservation when deployed:
    # named in --context variants=a,b or turned on by their contextFlag (e.g. kotlinNative=true).
    reservations="$(node -e '
      const fs = require("fs"), path = require("path"), [dir, ...context] = process.argv.slice(1);
      const ctx = Object.fromEntries(context.map((c) => [c.split("=")[0], c.slice(c.indexOf("=") + 1)]));
      const named = (ctx.variants || "").split(",").map((s) => s.trim()).filter(Boolean);
      const rows = [];
      for (const d of fs.readdirSync(dir)) {
        const f = path.join(dir, d, "runtime.json");
        if (!fs.existsSync(f)) continue;
        const m = JSON.parse(fs.readFileSync(f, "utf8"));
        const n = m.aws && m.aws.reservedConcurrency;
        if (!n) continue;
        rows.push(`${m.name} ${n}`);
        for (const v of m.variants || []) if (named.includes(v.name) || (v.contextFlag && ctx[v.contextFlag] === "true")) rows.push(`${v.name} ${n}`);
      }
      process.stdout.write(rows.join("\n"));' "$LAMBDAS_DIR" "${CONTEXT_ARGS[@]+"${CONTEXT_ARGS[@]}"}")"
    wanted=0
    while read -r name value; do
      [ -n "$name" ] || continue
      wanted=$(( wanted + value ))
      now="$(aws lambda get-function-concurrency --function-name "multi-runtime-benchmark-$ENVIRONMENT-$name" --query ReservedConcurrentExecutions --output text 2>/dev/null || true)"
      case "$now" in ''|None) ;; *) current=$(( current + now )) ;; esac
    done <<<"$reservations"
    read -r limit unreserved <<<"$(aws lambda get-account-settings --query '[AccountLimit.ConcurrentExecutions,AccountLimit.UnreservedConcurrentExecutions]' --output text 2>/dev/null || true)"
    if ! [[ "${limit:-}" =~ ^[0-9]+$ && "${unreserved:-}" =~ ^[0-9]+$ ]]; then
      fail "could not read Lambda's account settings (aws lambda get-account-settings)" "the deploying principal needs lambda:GetAccountSettings; rerun with a role that has it"
      return
    fi
    local floor=$(( limit < 100 ? limit : 100 ))
    local after=$(( unreserved + current - wanted ))
    if [ "$wanted" -eq 0 ]; then
      ok "reserved concurrency: none in the manifests (quota $limit)"
    elif [ "$after" -ge "$floor" ]; then
      ok "reserved concurrency: $wanted of quota $limit, leaving $after unreserved (Lambda keeps at least $floor)"
    else
      fail "Lambda's concurrency quota in $REGION is $limit ($unreserved unreserved); the manifests reserve $wanted ($(tr '\n' ',' <<<"$reservations" | sed 's/,$//; s/ /=/g')), which would leave $after where Lambda keeps at least $floor: the function stacks would fail (\"...decreases account's UnreservedConcurrentExecution below its minimum value\")" \
        "ask for a higher quota (new accounts start low; at least $(( wanted + 100 )) is needed):" \
        "  aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 1000" \
        "or deploy without reserved concurrency (the runtimes then share the account's pool, unlike the local platform's per-runtime limit):" \
        "  scripts/deploy.sh $ENVIRONMENT \"$EMAIL\" --context reservedConcurrency=false"
    fi
  fi

  # 6. Approval: the first deploy adds IAM roles and policies, which cdk asks to confirm in a terminal.
  case "$APPROVAL" in
    "")
      if [ -t 0 ]; then ok "approval: cdk will ask in this terminal before IAM changes (--require-approval broadening)"
      else
        fail "no terminal to confirm the IAM changes of a first deploy, and no --require-approval given" \
          "review them (cd infra && npx cdk diff --all --context environment=$ENVIRONMENT), then rerun with --require-approval never"
      fi ;;
    never|any-change|broadening) ok "approval: --require-approval $APPROVAL" ;;
    *) fail "--require-approval must be never, any-change or broadening (got '$APPROVAL')" "rerun with one of them" ;;
  esac
}

preflight
if [ "$FAILED" -ne 0 ]; then
  echo "preflight: nothing was deployed; fix the above and rerun (docs/aws.md, \"First deploy in a fresh account\")" >&2
  exit 1
fi
echo "preflight: all checks passed for $ENVIRONMENT in $ACCOUNT/$REGION"
[ "$PREFLIGHT_ONLY" -eq 1 ] && exit 0

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

DEPLOY_ARGS=(--context "environment=$ENVIRONMENT")
[ -n "$EMAIL" ] && DEPLOY_ARGS+=(--context "alertEmail=$EMAIL")
[ -n "$APPROVAL" ] && DEPLOY_ARGS+=(--require-approval "$APPROVAL")

cd infra
# No allowMissingArtifacts here: a missing artifact stops the deploy instead of shipping a placeholder.
npx cdk deploy --all "${DEPLOY_ARGS[@]}" --outputs-file cdk.out/outputs.json "${CDK_ARGS[@]+"${CDK_ARGS[@]}"}"

node -e "
const o = require('./cdk.out/outputs.json');
const api = o['MultiRuntimeBenchmark-$ENVIRONMENT-Api'] || {};
const data = o['MultiRuntimeBenchmark-$ENVIRONMENT-Data'] || {};
if (!api.StageUrl) process.exit(0);
const fs = require('fs'), path = require('path');
// Any deployed runtime will do for the example: the first manifest found.
const example = fs.readdirSync('$LAMBDAS_DIR').filter((d) => fs.existsSync(path.join('$LAMBDAS_DIR', d, 'runtime.json'))).sort()[0] || '<runtime>';
const lines = [
  '',
  'Stage: ' + api.StageUrl + '  (authentication: ' + api.StageAuth + ')',
  api.StageAuth === 'iam'
    ? 'Try it: curl --aws-sigv4 \"aws:amz:$REGION:execute-api\" --user \"\$AWS_ACCESS_KEY_ID:\$AWS_SECRET_ACCESS_KEY\" ' + api.StageUrl + example + '/health  (docs/aws.md)'
    : 'Try it: curl ' + api.StageUrl + example + '/health',
  'Bench runner policy (attach to whoever runs the bench): ' + api.BenchRunnerPolicyArn,
  'Benchmark it: BENCH_TABLE_NAME=' + data.TableName + ' BENCH_ENVIRONMENT=$ENVIRONMENT' + (api.StageAuth === 'none' ? ' BENCH_AUTH=none' : '') + ' npm run bench -- --target ' + api.StageUrl,
  'Dashboard: CloudWatch → Dashboards → multi-runtime-benchmark-$ENVIRONMENT',
  'Tear down: cd infra && npx cdk destroy --all --context environment=$ENVIRONMENT',
];
console.log(lines.join('\n'));
"
