import { aggregate } from '../src/aggregate';
import type { BenchResults } from '../src/results';
import { validateResults } from '../src/validate';
import { syntheticInput, syntheticRaw } from './helpers/synthetic';

describe('aggregation of raw samples', () => {
  // Aggregation runs thousands of bootstraps: compute the shared case once.
  let shared: BenchResults;
  beforeAll(() => {
    shared = aggregate(syntheticInput());
  });

  test('results validate against the versioned schema', () => {
    // Act
    const results = shared;
    // Assess
    expect(validateResults(results)).toEqual([]);
    expect(results.schemaVersion).toBe(1);
  });

  test('an invalid document is rejected with the path of the problem', () => {
    // Prepare
    const results = structuredClone(shared) as unknown as { run: { profile: string } };
    results.run.profile = 'turbo';
    // Act / Assess
    expect(validateResults(results).join()).toContain('/run/profile');
  });

  test('cold-start medians, failures and the multiple of the floor', () => {
    // Act
    const results = shared;
    const slow = results.runtimes.find((r) => r.name === 'slow')!.memorySizes[0]!.coldStart!;
    // Assess: init ~ U(360, 440); the node floor ~ U(108, 132).
    expect(slow.initDurationMs.median).toBeGreaterThan(360);
    expect(slow.initDurationMs.median).toBeLessThan(440);
    expect(slow.initDurationMs.n).toBe(12);
    expect(slow.failures).toBe(2);
    expect(slow.initDurationPerRound).toHaveLength(2);
    expect(slow.multipleOfFloor!.initDuration).toBeGreaterThan(2.7);
    expect(slow.multipleOfFloor!.initDuration).toBeLessThan(4.1);
  });

  test('warm phases give percentiles, cold starts per 1,000 requests and peak instances per rate', () => {
    // Act
    const results = shared;
    const warm = results.runtimes.find((r) => r.name === 'fast')!.memorySizes[0]!.warm;
    // Assess
    expect(warm.map((w) => w.rate)).toEqual([10, 20]);
    expect(warm[0]!.requests).toBe(400);
    expect(warm[0]!.coldStartsPer1000).toBe(10);
    expect(warm[0]!.peakInstances).toBe(2);
    expect(warm[0]!.client.p50).toBeGreaterThan(4.5);
    expect(warm[0]!.client.p50).toBeLessThan(5.5);
    expect(warm[0]!.client.p50Ci95[0]).toBeLessThanOrEqual(warm[0]!.client.p50);
    expect(warm[0]!.clientUncorrected.p50).toBeLessThan(warm[0]!.client.p50);
  });

  test('throughput is the highest rate with under 1 % errors', () => {
    // Act
    const results = shared;
    const tp = (name: string) => results.runtimes.find((r) => r.name === name)!.memorySizes[0]!.throughput!;
    // Assess: slow has 2.5 % errors at concurrency 4.
    expect(tp('fast').maxRpsUnder1PctErrors).toBe(400);
    expect(tp('slow').maxRpsUnder1PctErrors).toBe(100);
  });

  test('cost per 1M requests follows the billed durations', () => {
    // Act
    const results = shared;
    const cost = (name: string) => results.runtimes.find((r) => r.name === name)!.memorySizes[0]!.cost.find((c) => c.architecture === 'x86_64')!;
    // Assess: request fees are equal, compute follows duration.
    expect(cost('slow').lambdaComputeUsd).toBeGreaterThan(cost('fast').lambdaComputeUsd * 2);
    expect(cost('fast').apiGatewayUsd).toBe(3.5);
    expect(results.runtimes[0]!.memorySizes[0]!.monthly!.requestsPerMonth).toBe(100_000);
  });

  test('significance calls: slow differs from fast, twin does not', () => {
    // Act
    const results = shared;
    const call = (metric: string, a: string, b: string) => results.comparisons.find((c) => c.metric === metric && ((c.a === a && c.b === b) || (c.a === b && c.b === a)))!;
    // Assess
    expect(call('coldStart.initDuration', 'fast', 'slow').significant).toBe(true);
    expect(call('warm.10.client', 'fast', 'slow').significant).toBe(true);
    expect(call('coldStart.initDuration', 'fast', 'twin').statement).toMatch(/no significant difference|lower/);
    expect(results.conclusions.join('\n')).toMatch(/slow/);
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

  test('the floor ranking is set against lambda-perf', () => {
    // Act
    const results = shared;
    // Assess: synthetic floors go 5 < python 80 < node 120 agree with lambda-perf.
    expect(results.floorRanking.ours).toEqual(['go', 'python', 'node']);
    expect(results.floorRanking.agrees).toBe(true);
  });

  test('the same raw samples always give the same results', () => {
    expect(aggregate(syntheticInput())).toEqual(aggregate(syntheticInput()));
  });
});
