/**
 * scripts/deploy.sh's preflight, against a fake `aws` CLI that plays a fresh account: each
 * trap of a first deploy is caught before anything is deployed, with the exact fix printed.
 * `--preflight-only` stops before installing, building or deploying; no network.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURE_LAMBDAS } from './helpers';

const DEPLOY = path.join(__dirname, '..', '..', 'scripts', 'deploy.sh');

/** Answers the calls the preflight makes; FAKE_* variables turn a check into the fresh-account case. */
const FAKE_AWS = `#!/usr/bin/env bash
case "$1 $2" in
  "sts get-caller-identity")
    [ -n "$FAKE_NO_CREDENTIALS" ] && { echo "Unable to locate credentials. You can configure credentials by running \\"aws configure\\"." >&2; exit 253; }
    printf '123456789012\\tarn:aws:iam::123456789012:user/deployer\\n' ;;
  "configure get") echo "$FAKE_REGION" ;;
  "ssm get-parameter")
    [ -n "$FAKE_NOT_BOOTSTRAPPED" ] && { echo "An error occurred (ParameterNotFound) when calling the GetParameter operation" >&2; exit 254; }
    echo "\${FAKE_BOOTSTRAP_VERSION:-21}" ;;
  "apigateway get-account") echo "\${FAKE_APIGW_ROLE-arn:aws:iam::123456789012:role/apigateway-logs}" ;;
  "lambda get-account-settings") printf '%s\\t%s\\n' "\${FAKE_LIMIT:-1000}" "\${FAKE_UNRESERVED:-1000}" ;;
  "lambda get-function-concurrency") echo "An error occurred (ResourceNotFoundException)" >&2; exit 254 ;;
  *) echo "fake aws: unexpected call: $*" >&2; exit 99 ;;
esac
`;

describe('scripts/deploy.sh preflight (fake aws CLI)', () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-aws-'));
  fs.writeFileSync(path.join(bin, 'aws'), FAKE_AWS, { mode: 0o755 });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

  function preflight(args: string[], fake: Record<string, string> = {}) {
    const env: NodeJS.ProcessEnv = { PATH: `${bin}:${process.env.PATH}`, HOME: os.tmpdir(), LAMBDAS_DIR: FIXTURE_LAMBDAS, FAKE_REGION: 'eu-west-1', ...fake };
    const r = spawnSync('bash', [DEPLOY, 'dev', '', '--preflight-only', ...args], { env, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: r.status, out: r.stdout, err: r.stderr };
  }

  test('a ready account passes every check and deploys nothing (--preflight-only)', () => {
    const r = preflight(['--require-approval', 'never']);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain('preflight: ok    credentials: arn:aws:iam::123456789012:user/deployer (account 123456789012)');
    expect(r.out).toContain('preflight: ok    CDK bootstrap version 21');
    expect(r.out).toContain('preflight: ok    reserved concurrency: 10 of quota 1000, leaving 990 unreserved (Lambda keeps at least 100)');
    expect(r.out).toContain('preflight: all checks passed for dev in 123456789012/eu-west-1');
  });

  test('no credentials: how to sign in', () => {
    const r = preflight(['--require-approval', 'never'], { FAKE_NO_CREDENTIALS: '1' });
    expect(r.status).toBe(1);
    expect(r.err).toContain('preflight: FAIL  no usable AWS credentials');
    expect(r.err).toContain('aws sso login --profile <profile> && export AWS_PROFILE=<profile>');
    expect(r.err).toContain('nothing was deployed');
  });

  test('no region: how to set one', () => {
    const r = preflight(['--require-approval', 'never'], { FAKE_REGION: '' });
    expect(r.status).toBe(1);
    expect(r.err).toContain('export AWS_REGION=eu-west-1');
  });

  test.each([
    ['not bootstrapped', { FAKE_NOT_BOOTSTRAPPED: '1' }, 'is not bootstrapped for CDK in eu-west-1'],
    ['bootstrapped too long ago', { FAKE_BOOTSTRAP_VERSION: '5' }, 'CDK bootstrap version 5 in eu-west-1 is older than the 6 the templates need'],
  ])('%s: the bootstrap command for this account and region', (_name, fake, message) => {
    const r = preflight(['--require-approval', 'never'], fake);
    expect(r.status).toBe(1);
    expect(r.err).toContain(message);
    expect(r.err).toContain('cd infra && npx cdk bootstrap aws://123456789012/eu-west-1');
  });

  test('no API Gateway logging role: both exact fixes, and the opt-in flag then passes', () => {
    // Act
    const missing = preflight(['--require-approval', 'never'], { FAKE_APIGW_ROLE: 'None' });
    const optedIn = preflight(['--require-approval', 'never', '--context', 'apiGatewayAccountRole=true'], { FAKE_APIGW_ROLE: 'None' });
    // Assess
    expect(missing.status).toBe(1);
    expect(missing.err).toContain('CloudWatch Logs role ARN must be set in account settings to enable logging');
    expect(missing.err).toContain('scripts/deploy.sh dev "" --context apiGatewayAccountRole=true');
    expect(missing.err).toContain('aws apigateway update-account --patch-operations op=replace,path=/cloudwatchRoleArn,value=arn:aws:iam::123456789012:role/<role>');
    expect(optedIn.status).toBe(0);
    expect(optedIn.out).toContain('apiGatewayAccountRole=true creates it (retained: one per account and region)');
  });

  test('a new account with a concurrency quota of 10: quota increase or reservedConcurrency=false', () => {
    // Act
    const low = preflight(['--require-approval', 'never'], { FAKE_LIMIT: '10', FAKE_UNRESERVED: '10' });
    const without = preflight(['--require-approval', 'never', '--context', 'reservedConcurrency=false'], { FAKE_LIMIT: '10', FAKE_UNRESERVED: '10' });
    // Assess
    expect(low.status).toBe(1);
    expect(low.err).toContain("Lambda's concurrency quota in eu-west-1 is 10 (10 unreserved); the manifests reserve 10 (alpha=10), which would leave 0 where Lambda keeps at least 10");
    expect(low.err).toContain('aws service-quotas request-service-quota-increase --service-code lambda --quota-code L-B99A9384 --desired-value 1000');
    expect(low.err).toContain('scripts/deploy.sh dev "" --context reservedConcurrency=false');
    expect(without.status).toBe(0);
  });

  test('--require-approval: required without a terminal, and only cdk\'s levels', () => {
    const none = preflight([]);
    const bad = preflight(['--require-approval', 'sometimes']);
    expect(none.status).toBe(1);
    expect(none.err).toContain('no terminal to confirm the IAM changes of a first deploy');
    expect(none.err).toContain('rerun with --require-approval never');
    expect(bad.status).toBe(1);
    expect(bad.err).toContain("--require-approval must be never, any-change or broadening (got 'sometimes')");
  });

  test('an unknown environment is a usage error', () => {
    const r = spawnSync('bash', [DEPLOY, 'staging'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('usage: scripts/deploy.sh [dev|prod]');
  });
});
