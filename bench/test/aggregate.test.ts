import { aggregate } from '../src/aggregate';
import { withTarget } from '../src/results';
import type { BenchResults } from '../src/results';
import { validateResults } from '../src/validate';
import { syntheticInput, syntheticRaw } from './helpers/synthetic';

describe('aggregation of raw samples', () => {
  let shared: BenchResults;
  beforeAll(() => {
    shared = aggregate(syntheticInput());
  });
  const at = (r: BenchResults, name: string) => r.runtimes.find((x) => x.name === name)!.memorySizes[0]!;

  test('results validate against the versioned schema', () => {
    expect(validateResults(shared)).toEqual([]);
    expect(shared.schemaVersion).toBe(2);
  });

  test('a --target run\'s additions are optional fields of version 2: the deployment, the count check, incomplete', () => {
    // Prepare
    const results = withTarget(structuredClone(shared), {
      url: 'http://127.0.0.1:3000', awsEndpoint: 'http://127.0.0.1:3001', region: 'us-east-1', auth: 'iam', coldStartMethod: 'UpdateFunctionConfiguration, then the cold request',
      functions: { fast: { runtime: 'fast', functionName: 'multi-runtime-benchmark-dev-fast', memoryMb: 512, architecture: 'arm64', awsRuntime: 'provided.al2023', logGroup: '/aws/lambda/multi-runtime-benchmark-dev-fast', codeSha256: 'abc=', codeMatchesCheckout: true, lastModified: '2026-01-31T12:00:00.000+0000', snapStart: false, coldStarts: 'measured' } },
      correlation: { fast: { measuredRequests: 10, withRequestId: 10, withReport: 9, missingExamples: ['id-1'] } },
    }, ['fast: 1 of 10 measured request(s) have no REPORT line']);
    const wrong = structuredClone(results) as unknown as { target: { auth: string } };
    wrong.target.auth = 'apikey';
    // Act / Assess
    expect(validateResults(results)).toEqual([]);
    expect(results.schemaVersion).toBe(2);
    expect(results.incomplete).toEqual({ reasons: ['fast: 1 of 10 measured request(s) have no REPORT line'] });
    expect(validateResults(wrong).join()).toContain('/target/auth');
  });

  test('an invalid document is rejected with the path of the problem', () => {
    // Prepare
    const results = structuredClone(shared) as unknown as { run: { profile: string } };
    results.run.profile = 'turbo';
    // Act / Assess
    expect(validateResults(results).join()).toContain('/run/profile');
  });

  test('cold starts: per request kind, round estimates with intervals, failures and the multiple of the floor', () => {
    // Act
    const slow = at(shared, 'slow').coldStart!;
    // Assess: init ~ U(360, 440) × a 3 % round effect; the node floor ~ U(108, 132).
    expect(slow.initDurationMs.estimate).toBeGreaterThan(360);
    expect(slow.initDurationMs.estimate).toBeLessThan(440);
    expect(slow.initDurationMs.rounds).toBe(3);
    expect(slow.initDurationMs.n).toBe(18);
    expect(slow.initDurationMs.ci95![0]).toBeLessThan(slow.initDurationMs.estimate);
    expect(slow.write!.n).toBe(9);
    expect(slow.read!.clientMs.estimate).toBeGreaterThan(slow.read!.initDurationMs.estimate);
    expect(slow.probe!.n).toBe(9);
    expect(slow.memoryAfterInitMb!.estimate).toBeGreaterThan(35);
    expect(slow.failures).toBe(3);
    expect(slow.multipleOfFloor!.initDuration).toBeGreaterThan(2.7);
    expect(slow.multipleOfFloor!.initDuration).toBeLessThan(4.1);
  });

  test('warm phases: steady state apart from the first invocations of each instance, ramp and steady-state cold starts', () => {
    // Act
    const warm = at(shared, 'fast').warm;
    const w = warm[0]!;
    // Assess
    expect(warm.map((x) => x.rate)).toEqual([10, 20]);
    expect(w.requests).toBe(600);
    expect(w.instanceWarmup).toMatchObject({ firstInvocations: 10, requests: 60, attributedShare: 1 });
    expect(w.client.count).toBe(540);
    expect(w.p50.rounds).toBe(3);
    expect(w.p50.estimate).toBeGreaterThan(4.5);
    expect(w.p50.estimate).toBeLessThan(5.5);
    expect(w.p50.ci95![0]).toBeLessThanOrEqual(w.p50.estimate);
    expect(w.client.curve.map((p) => p[0])).toContain(99.9);
    expect(w.ramp.fromZero).toBe(true);
    expect(warm[1]!.ramp.fromZero).toBe(false);
    expect(w.ramp.coldStarts.estimate).toBe(2);
    expect(w.steadyColdStarts).toMatchObject({ coldStarts: 0, invocations: 600, per1000: 0 });
    expect(at(shared, 'slow').warm[0]!.steadyColdStarts!.per1000).toBe(5);
    expect(w.serverDurationMs.instanceWarmup!.n).toBe(60);
  });

  test('per-instance capacity per round with its interval', () => {
    const fast = at(shared, 'fast').capacity!;
    const slow = at(shared, 'slow').capacity!;
    expect(fast.rps.rounds).toBe(3);
    expect(fast.rps.estimate).toBeGreaterThan(slow.rps.estimate * 2);
    expect(fast.failedRounds).toBe(0);
    expect(fast.steps).toHaveLength(6);
    expect(at(shared, 'fast').machineThroughput).toBeUndefined();
  });

  test('cost: billed init at the measured rate and at 0.1 % and 1 %, in separate parts; arm64 an estimate', () => {
    // Act
    const cost = at(shared, 'slow').cost;
    const x86 = cost.find((c) => c.architecture === 'x86_64')!;
    const arm = cost.find((c) => c.architecture === 'arm64')!;
    // Assess: slow's measured steady-state rate is 1 in 200 invocations (pooled over rounds and rates).
    expect(x86.atRates.map((x) => x.label)).toEqual(['measured steady state', '0.1 %', '1 %']);
    expect(x86.atRates[0]!.coldStartRate).toBeCloseTo(1 / 200, 10);
    expect(x86.atRates[2]!.lambdaInitUsd).toBeGreaterThan(x86.atRates[1]!.lambdaInitUsd * 9);
    expect(x86.atRates[1]!.apiGatewayUsd).toBe(3.5);
    expect(x86.atRates[1]!.dynamoDbUsd).toBeCloseTo(0.275, 10);
    expect(x86.meanColdBilledMs).toBeGreaterThan(400);
    expect(x86.estimate).toBe(false);
    expect(arm.estimate).toBe(true);
    expect(at(shared, 'slow').monthly!.requestsPerMonth).toBe(100_000);
  });

  test('significance: paired by round, Holm within each family; slow differs from fast, twin does not', () => {
    // Act
    const call = (metric: string, a: string, b: string) => shared.comparisons.find((c) => c.metric === metric && ((c.a === a && c.b === b) || (c.a === b && c.b === a)))!;
    const init = call('cold.initDuration', 'fast', 'twin');
    // Assess
    expect(call('cold.initDuration', 'fast', 'slow').significant).toBe(true);
    expect(call('warm.10.p50', 'fast', 'slow').significant).toBe(true);
    expect(call('capacity', 'fast', 'slow').significant).toBe(true);
    expect(init.test).toBe('paired t');
    expect(init.significant).toBe(false);
    expect(init.statement).toMatch(/no significant difference between (fast and twin|twin and fast)/);
    expect(init.pAdjusted).toBeGreaterThanOrEqual(init.pValue);
    expect(init.delta).toBeCloseTo(init.estimateB - init.estimateA, 10);
    expect(shared.conclusions.join('\n')).toMatch(/slow/);
  });

  test('conclusions chain the order with "<" only where a pair differs after correction', () => {
    // Act
    const line = shared.conclusions.find((c) => c.startsWith('At 512 MB, Init Duration'))!;
    // Assess: fast and twin are drawn from one distribution, slow is eight times higher.
    expect(line).toMatch(/(fast|twin) \([\d.]+\) ≈ (fast|twin) \([\d.]+\) < slow/);
    expect(line).toMatch(/No runtime is significantly lowest: (fast|twin) cannot be told apart from (fast|twin) with 3 rounds/);
    expect(shared.conclusions.find((c) => c.includes('Per-instance capacity'))).toMatch(/ > slow/);
  });

  test('the statement’s interval has the sign of the difference it names', () => {
    const c = shared.comparisons.find((x) => x.metric === 'cold.initDuration' && x.significant)!;
    const m = /95 % CI of (\w+) − (\w+): ([\d.]+) to ([\d.]+)/.exec(c.statement)!;
    expect(Number(m[3])).toBeGreaterThan(0);
    expect(Number(m[4])).toBeGreaterThan(Number(m[3]));
  });

  test('a runtime that failed conformance is shown but never ranked', () => {
    // Act
    const results = aggregate(syntheticInput(syntheticRaw(), ['fast', 'twin']));
    const slow = results.runtimes.find((r) => r.name === 'slow')!;
    // Assess
    expect(slow.ranked).toBe(false);
    expect(slow.unrankedReason).toContain('conformance failed');
    expect(results.comparisons.some((c) => c.a === 'slow' || c.b === 'slow')).toBe(false);
    expect(results.conclusions.join('\n')).toContain('Not ranked');
  });

  test('the floors are set beside lambda-perf in order and in magnitude (ratio to the Python floor)', () => {
    // Act
    const lp = shared.lambdaPerf;
    // Assess: synthetic floors go 5 < python 80 < node 120.
    expect(lp.ours).toEqual(['go', 'python', 'node']);
    expect(lp.published).toEqual(['go', 'python', 'node']);
    expect(lp.orderAgrees).toBe(true);
    expect(lp.reference).toBe('python');
    const node = lp.rows.find((r) => r.floor === 'node')!;
    expect(node.oursRatio).toBeGreaterThan(1.3);
    expect(node.publishedRatio).toBeCloseTo(138.597 / 75.389, 2);
    expect(lp.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test('a quiet run is not noisy; a busy one is marked noisy in the results and the conclusions', () => {
    // Prepare
    const raw = syntheticRaw();
    raw.preRun = { ...raw.preRun!, otherShare: 0.4, otherCores: 0.8 };
    // Act
    const noisy = aggregate(syntheticInput(raw));
    // Assess
    expect(shared.loadGuard.noisy).toBe(false);
    expect(noisy.loadGuard.noisy).toBe(true);
    expect(noisy.loadGuard.reasons[0]).toMatch(/40 % of the CPU/);
    expect(noisy.conclusions[0]).toMatch(/NOISY/);
  });

  test('the same raw samples always give the same results', () => {
    expect(aggregate(syntheticInput())).toEqual(aggregate(syntheticInput()));
  });
});
