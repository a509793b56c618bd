/**
 * `npm run bench -- --target URL --aws-endpoint URL --smoke` end to end, without AWS: the local
 * platform with its AWS API endpoints (Lambda configuration, Logs Insights) on port 0, the
 * real SDK clients, every runtime. The results have the local run's shape, cold starts
 * included, every measured request matched to its REPORT line; then the bad inputs that stop a
 * run: a URL that is not the stage, a function that does not exist, an AWS endpoint that does
 * not answer — each a message naming the fix, results kept and marked incomplete, exit 1.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startPlatform, type Platform } from '../../platform/src/platform';
import { checkTargetResults, lackingFigures } from '../src/check-results';
import { discoverRuntimes, selectRuntimes } from '../../core/src/runtimes';
import { awsClients, type AwsClients } from '../src/aws/clients';
import { LoadGenerator } from '../src/loadgen/client';
import { LoadGuard } from '../src/loadguard';
import { parseOptions } from '../src/options';
import { Progress } from '../src/progress';
import { emptyRaw } from '../src/raw';
import type { BenchResults } from '../src/results';
import { main } from '../src/run';
import { runAgainstTarget, type TargetDeps } from '../src/target';

jest.setTimeout(600_000);

// Every runtime the manifests declare: the stage check names each one.
const ALL = discoverRuntimes();
let platform: Platform;
let out: string;

beforeAll(async () => {
  platform = await startPlatform({ port: 0, build: true, awsApi: { port: 0, updateDelayMs: 50 } });
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-target-'));
});
afterAll(async () => {
  await platform?.stop();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

/** Runs the bench in this process with some environment, and reads what it wrote. */
async function bench(name: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; results: BenchResults; stderr: string }> {
  const saved = { ...process.env };
  const writes: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => writes.push(String(chunk)) > 0) as typeof process.stderr.write;
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void writes.push(a.join(' ')));
  Object.assign(process.env, env);
  try {
    const dir = path.join(out, name);
    const code = await main(['--smoke', '--gate', 'skip', '--out', dir, ...args]);
    return { code, results: JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as BenchResults, stderr: writes.join('') };
  } finally {
    process.env = saved;
    process.stderr.write = write;
    log.mockRestore();
    error.mockRestore();
  }
}

describe('--target against the local platform speaking the AWS APIs', () => {
  test('a smoke run: deployed configuration, cold starts, every measured request matched to its REPORT line', async () => {
    // Act
    const { code, results, stderr } = await bench('smoke', ['--target', platform.url, '--aws-endpoint', platform.awsEndpoint!]);
    // Assess
    expect({ code, problems: checkTargetResults(results) }).toEqual({ code: 0, problems: [] });
    expect(Object.keys(results.target!.functions).sort()).toEqual(platform.runtimes.map((r) => r.name).sort());
    for (const r of results.runtimes) {
      const fn = results.target!.functions[r.name]!;
      expect(fn).toMatchObject({ functionName: `multi-runtime-benchmark-dev-${r.name}`, memoryMb: platform.memoryMb[r.name], logGroup: `/aws/lambda/multi-runtime-benchmark-dev-${r.name}`, codeMatchesCheckout: true });
      // The local bench's cold requests: one write/read pair doing real work, then the probe.
      expect(r.memorySizes[0]!.coldStart!.initDurationMs.n).toBe(2);
      expect([r.memorySizes[0]!.coldStart!.write?.n, r.memorySizes[0]!.coldStart!.read?.n, r.memorySizes[0]!.coldStart!.probe?.n]).toEqual([1, 1, 1]);
    }
    // Every cold request's REPORT had an Init Duration, and each is one of the platform's own records.
    const cold = (JSON.parse(fs.readFileSync(path.join(out, 'smoke', 'raw', 'target.json'), 'utf8')) as { cold: { requestId: string; report: { initDurationMs?: number } | null }[] }).cold;
    expect(cold.filter((c) => c.report?.initDurationMs === undefined)).toEqual([]);
    const platformIds = new Set(platform.reports.filter((r) => r.coldStart).map((r) => r.requestId));
    expect(cold.filter((c) => !platformIds.has(c.requestId))).toEqual([]);
    expect(stderr).toMatch(/signing every request \(SigV4, execute-api, us-east-1, dummy credentials for the loopback endpoint\)/);
    // The functions' environments end as they began.
    for (const p of platform.runtimes) expect(platform.pool(p.name).options.env.BENCH_COLD_START).toBeUndefined();
  });

  test.each([
    ['a target that is not the stage', () => ['--target', platform.awsEndpoint!, '--aws-endpoint', platform.awsEndpoint!], {}, new RegExp(`does not answer as the stage for ${ALL.length} of ${ALL.length} runtime\\(s\\).*StageUrl output.*GET http://127\\.0\\.0\\.1:\\d+/${ALL[0]!.name}/health → 404`, 's')],
    ['a function that does not exist', () => ['--target', platform.url, '--aws-endpoint', platform.awsEndpoint!, '--runtime', 'go'], { BENCH_ENVIRONMENT: 'prod' }, /function multi-runtime-benchmark-prod-go \(runtime go\) does not exist.*BENCH_ENVIRONMENT=<env>/],
    ['an AWS endpoint that does not answer', () => ['--target', platform.url, '--aws-endpoint', 'http://127.0.0.1:9', '--runtime', 'go'], {}, /Nothing answers at --aws-endpoint http:\/\/127\.0\.0\.1:9/],
  ])('%s: the fix named, results kept and marked incomplete, exit 1', async (name, args, env, message) => {
    // Act
    const { code, results, stderr } = await bench(name.replace(/\W+/g, '-'), args(), env);
    // Assess
    expect(code).toBe(1);
    expect(results.incomplete?.reasons.join('\n')).toMatch(message);
    expect(stderr).toMatch(/INCOMPLETE: what was measured is kept/);
    expect(checkTargetResults(results)[0]).toMatch(/^marked incomplete/);
  });
});

describe('a run that fails midway keeps what it measured', () => {
  /** The real SDK clients against the platform, with one call made to fail. */
  async function run(breakClients: (c: AwsClients) => void, env: Record<string, string> = {}, deps: Partial<TargetDeps> = {}) {
    const o = parseOptions(['--smoke', '--target', platform.url, '--aws-endpoint', platform.awsEndpoint!, '--runtime', 'go']);
    o.rates = [];
    o.concurrency = [];
    const clients = await awsClients('us-east-1', platform.awsEndpoint);
    breakClients(clients);
    const raw = emptyRaw();
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const generator = await LoadGenerator.start();
    try {
      const runtimes = selectRuntimes(discoverRuntimes(), 'go');
      const outcome = await runAgainstTarget(o, runtimes, raw, new Progress(o, ['go'], []), () => undefined, generator, new LoadGuard(), { clients, env: { ...process.env, ...env }, ...deps });
      return { outcome, raw };
    } finally {
      await generator.stop();
      stderr.mockRestore();
      clients.close();
    }
  }

  test('credentials expiring between two cold starts: the first is kept with its REPORT figures, the run marked incomplete', async () => {
    // Act
    const { outcome, raw } = await run((c) => {
      let updates = 0;
      const update = c.lambda.updateFunctionConfiguration;
      c.lambda.updateFunctionConfiguration = async (i) => {
        // The first cold start's update passes, the second meets expired credentials; the restore (no variable) passes.
        if (++updates === 2 && i.Environment.Variables.BENCH_COLD_START) throw Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' });
        return update(i);
      };
    });
    // Assess
    expect(outcome.incomplete.join('\n')).toMatch(/credentials have expired: refresh them/);
    expect(raw.coldStarts).toHaveLength(1);
    expect(raw.coldStarts[0]).toMatchObject({ request: 'write', ok: true, initDurationMs: expect.any(Number), firstInvocationMs: expect.any(Number) });
    expect(outcome.target.correlation.go).toMatchObject({ withRequestId: 1, withReport: 1 });
    expect(platform.pool('go').options.env.BENCH_COLD_START).toBeUndefined();
  });

  test('a Logs query that never completes: the cold starts are kept without REPORT figures, the run marked incomplete', async () => {
    // Act
    const { outcome, raw } = await run((c) => {
      c.logs.getQueryResults = async () => ({ status: 'Running' });
    }, { BENCH_LOGS_QUERY_TIMEOUT_S: '0.2' });
    // Assess
    expect(outcome.incomplete.join('\n')).toMatch(/query on \/aws\/lambda\/multi-runtime-benchmark-dev-go did not complete within 0.2 s/);
    expect(raw.coldStarts.map((s) => [s.request, s.ok, s.initDurationMs, s.error])).toEqual([
      ['write', false, undefined, 'its REPORT line could not be read (see incomplete)'],
      ['read', false, undefined, 'its REPORT line could not be read (see incomplete)'],
      ['probe', false, undefined, 'its REPORT line could not be read (see incomplete)'],
    ]);
    expect(raw.coldStarts.every((s) => s.clientMs! > 0)).toBe(true);
  });

  test('an unforeseen error also stops the run as incomplete rather than crashing it', async () => {
    const { outcome, raw } = await run(() => undefined, {}, {
      gate: async () => {
        throw new Error('the gate exploded');
      },
    });
    expect(outcome.incomplete).toEqual(['unexpected error: the gate exploded']);
    expect(outcome.deployed.map((d) => d.runtime)).toEqual(['go']);
    expect(raw.coldStarts).toEqual([]);
  });

  test('a configuration update that fails: named with its reason, nothing after it measured', async () => {
    const { outcome, raw } = await run((c) => {
      const get = c.lambda.getFunctionConfiguration;
      c.lambda.getFunctionConfiguration = async (i) => {
        const conf = await get(i);
        return conf.LastUpdateStatus === 'InProgress' ? { ...conf, LastUpdateStatus: 'Failed', LastUpdateStatusReason: 'simulated', LastUpdateStatusReasonCode: 'InternalError' } : conf;
      };
    });
    expect(outcome.incomplete.join('\n')).toMatch(/configuration update of multi-runtime-benchmark-dev-go failed \(InternalError: simulated\)/);
    expect(raw.coldStarts).toHaveLength(0);
  });
});

describe('the shape check', () => {
  test('a figure a local run has and the target lacks is named', () => {
    const target = { runtimes: [{ name: 'go', memorySizes: [{ memoryMb: 512, warm: [] }] }] } as unknown as BenchResults;
    const local = { runtimes: [{ name: 'go', floor: 'go', memorySizes: [{ memoryMb: 512, warm: [], coldStart: { initDurationMs: { median: 1 }, multipleOfFloor: {} } }] }] } as unknown as BenchResults;
    expect(lackingFigures(target, local)).toEqual(['memorySizes[].coldStart', 'memorySizes[].coldStart.initDurationMs', 'memorySizes[].coldStart.initDurationMs.median']);
  });

  test('a figure null on the target (not measurable there) is no lack; one missing entirely is', () => {
    const figure = (cpu: unknown) => ({ runtimes: [{ name: 'go', memorySizes: [{ memory: cpu === undefined ? {} : { cpuTimeMsPerInvocation: cpu } }] }] }) as unknown as BenchResults;
    expect(lackingFigures(figure(null), figure({ median: 1 }))).toEqual([]);
    expect(lackingFigures(figure(undefined), figure({ median: 1 }))).toEqual(['memorySizes[].memory.cpuTimeMsPerInvocation', 'memorySizes[].memory.cpuTimeMsPerInvocation.median']);
  });
});
