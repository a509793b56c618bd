/**
 * scripts/aws-bench.sh against fakes on PATH (aws, npm, npx) and a fake deploy script (the fake
 * stage is public, so the real signing proxy in front of the conformance step needs no credentials): the
 * sequence and its arguments, the stage destroyed whatever failed, kept with --keep, and never
 * touched when one already existed. No network, nothing deployed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SCRIPT = path.join(__dirname, 'aws-bench.sh');
const STAGE = 'https://abc123.execute-api.eu-west-1.amazonaws.com/dev/';

/** Each fake appends "<name> <args>" to $CALLS and fails when $FAIL_ON matches its arguments. */
const fake = (name: string, body = '') => `#!/usr/bin/env bash
echo "${name} $*" >> "$CALLS"
if [ -n "\${FAIL_ON:-}" ] && [[ "${name} $*" == *"$FAIL_ON"* ]]; then echo "${name}: failing as asked" >&2; exit 7; fi
${body}
`;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aws-bench-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  // describe-stacks fails (no stage) unless FAKE_STAGE_EXISTS is set.
  fs.writeFileSync(path.join(bin, 'aws'), fake('aws', '[ -n "${FAKE_STAGE_EXISTS:-}" ] && { echo CREATE_COMPLETE; exit 0; }; echo "Stack does not exist" >&2; exit 254'), { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'npm'), fake('npm'), { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'npx'), fake('npx'), { mode: 0o755 });
  const outputs = JSON.stringify({ 'MultiRuntimeBenchmark-dev-Api': { StageUrl: STAGE, StageAuth: 'none' }, 'MultiRuntimeBenchmark-dev-Data': { TableName: 'Items-123' } });
  fs.writeFileSync(path.join(dir, 'deploy.sh'), fake('deploy', `[[ "$*" == *--preflight-only* ]] || echo '${outputs}' > "$AWS_BENCH_OUTPUTS"`), { mode: 0o755 });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const calls = path.join(dir, 'calls.log');
  const r = spawnSync('bash', [SCRIPT, ...args], {
    env: {
      PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
      HOME: dir,
      CALLS: calls,
      AWS_BENCH_DEPLOY: path.join(dir, 'deploy.sh'),
      AWS_BENCH_OUTPUTS: path.join(dir, 'outputs.json'),
      AWS_BENCH_OUT: path.join(dir, 'results', 'aws-run'),
      ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n') : [];
  return { status: r.status, out: r.stdout, err: r.stderr, calls: log };
}

const out = (d: string) => path.join(d, 'results', 'aws-run');

describe('scripts/aws-bench.sh (fake aws, npm, npx, deploy)', () => {
  test('the whole sequence, in order, then the stage destroyed', () => {
    // Act
    const r = run(['--profile', 'default']);
    // Assess: the conformance suite reaches the stage through the local signing proxy (a real one, on 127.0.0.1).
    expect(r.status).toBe(0);
    expect(r.calls[3]).toMatch(/--base-url http:\/\/127\.0\.0\.1:\d+\/dev /);
    expect(r.err).toMatch(/signing proxy: http:\/\/127\.0\.0\.1:\d+\/dev → https:\/\/abc123\.execute-api\.eu-west-1\.amazonaws\.com\/dev\/ \(BENCH_AUTH=none: unsigned\)/);
    expect(r.calls.map((c) => c.replace(/http:\/\/127\.0\.0\.1:\d+\/dev/, '<proxy>'))).toEqual([
      'aws cloudformation describe-stacks --stack-name MultiRuntimeBenchmark-dev-Api --query Stacks[0].StackStatus --output text',
      'deploy dev  --preflight-only --require-approval never',
      'deploy dev  --require-approval never',
      `npm run conformance -- --base-url <proxy> --results-dir ${out(dir)}/pipeline/conformance`,
      `npm run bench -- --target ${STAGE} --default --out ${out(dir)}`,
      `npm run load -- --target ${STAGE}`,
      `npm run cost -- ${out(dir)}`,
      'npm run bench:history',
      'npx cdk destroy --all --force --context environment=dev --context allowMissingArtifacts=true',
    ]);
    expect(fs.existsSync(path.join(out(dir), 'pipeline', 'stack-outputs.json'))).toBe(true);
    expect(r.out).toContain(`aws-bench: done: ${out(dir)}`);
  });

  test.each([
    ['the deploy', 'deploy dev  --require-approval never'],
    ['the conformance gate', 'run conformance'],
    ['the bench', 'run bench --'],
    ['the Artillery scenario', 'run load'],
  ])('%s fails: later steps do not run, the stage is destroyed, exit ≠ 0', (_name, failOn) => {
    // Act
    const r = run([], { FAIL_ON: failOn });
    // Assess
    expect(r.status).toBe(7);
    const failedAt = r.calls.findIndex((c) => c.includes(failOn));
    expect(r.calls.slice(failedAt + 1)).toEqual(['npx cdk destroy --all --force --context environment=dev --context allowMissingArtifacts=true']);
    expect(r.err).toContain('aws-bench: failed (exit 7)');
  });

  test('a failed destroy is loud: the stage may still cost money', () => {
    const r = run([], { FAIL_ON: 'cdk destroy' });
    expect(r.status).toBe(1);
    expect(r.err).toContain('DESTROY FAILED: the dev stage may still exist and cost money; rerun: scripts/aws-bench.sh destroy');
  });

  test('--keep: the stage stays, and how to destroy it is printed', () => {
    const r = run(['--keep']);
    expect(r.status).toBe(0);
    expect(r.calls.some((c) => c.includes('cdk destroy'))).toBe(false);
    expect(r.err).toContain('--keep: the dev stage stays (and costs while it does): scripts/aws-bench.sh destroy');
  });

  test('a dev stage already exists: refused before any deploy, and not destroyed', () => {
    const r = run([], { FAKE_STAGE_EXISTS: '1' });
    expect(r.status).toBe(3);
    expect(r.err).toContain('a dev stage already exists here (MultiRuntimeBenchmark-dev-Api: CREATE_COMPLETE)');
    expect(r.calls).toHaveLength(1);
  });

  test('--context reaches deploy and destroy; one step alone runs only that step', () => {
    // Act
    const all = run(['--context', 'reservedConcurrency=false']);
    const before = all.calls.length;
    const one = run(['destroy', '--context', 'benchRunnerRole=ci']);
    // Assess (the calls log is shared by both runs)
    expect(all.calls).toContain('deploy dev  --require-approval never --context reservedConcurrency=false');
    expect(all.calls.at(-1)).toBe('npx cdk destroy --all --force --context environment=dev --context allowMissingArtifacts=true --context reservedConcurrency=false');
    expect(one.calls.slice(before)).toEqual(['npx cdk destroy --all --force --context environment=dev --context allowMissingArtifacts=true --context benchRunnerRole=ci']);
  });

  test.each([
    [['--profile', 'huge'], "--profile must be quick, default or full (got 'huge')"],
    [['--frobnicate'], "unknown argument '--frobnicate'"],
  ])('bad input %j: exit 2, nothing called', (args, message) => {
    const r = run(args);
    expect(r.status).toBe(2);
    expect(r.err).toContain(message);
    expect(r.calls).toEqual([]);
  });
});
