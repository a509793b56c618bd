/** Synthetic raw runs with known distributions, for aggregation, schema, compare and report tests. */
import type { AggregateInput } from '../../src/aggregate';
import { loadPriceTable } from '../../src/cost';
import { emptyRaw, type ColdRequest, type RawRun } from '../../src/raw';
import { normalDraws, seededRandom } from '../../src/stats';

/** Cold-start and warm medians per runtime: fast is clearly below slow; twin is drawn from fast's distributions. */
export const SHAPE: Record<string, { init: number; warm: number; capacity: number }> = {
  fast: { init: 50, warm: 5, capacity: 200 },
  twin: { init: 50, warm: 5, capacity: 200 },
  slow: { init: 400, warm: 12, capacity: 80 },
};

export interface SyntheticOptions {
  seed?: number;
  rounds?: number;
  memorySizes?: number[];
  rates?: number[];
  /** Milliseconds added to one runtime's every request (the slowed fixture). */
  slowed?: { runtime: string; ms: number };
  /** Relative round-to-round spread (each round shifts every value of a runtime by one draw). */
  roundSpread?: number;
}

export function syntheticRaw(seedOrOptions: number | SyntheticOptions = 1, rounds = 3, memorySizes = [512], rates = [10, 20]): RawRun {
  const o: SyntheticOptions = typeof seedOrOptions === 'number' ? { seed: seedOrOptions, rounds, memorySizes, rates } : { rounds, memorySizes, rates, ...seedOrOptions };
  const random = seededRandom(o.seed ?? 1);
  const normal = normalDraws(random);
  const jitter = (m: number) => m * (0.9 + 0.2 * random());
  const raw = emptyRaw();
  for (let round = 0; round < o.rounds!; round++) {
    for (const memoryMb of o.memorySizes!) {
      for (const [runtime, shape] of Object.entries(SHAPE)) {
        const shift = 1 + (o.roundSpread ?? 0.03) * normal();
        const added = o.slowed?.runtime === runtime ? o.slowed.ms : 0;
        for (let k = 0; k < 3; k++) {
          for (const request of ['write', 'read', 'probe'] as ColdRequest[]) {
            const init = jitter(shape.init) * shift;
            raw.coldStarts.push({ runtime, memoryMb, round, request, ok: true, initDurationMs: init, firstInvocationMs: jitter(10) + added, billedDurationMs: Math.ceil(init + 10 + added), clientMs: init + jitter(15) + added, maxMemoryUsedMb: Math.round(jitter(60)), ...(request === 'probe' ? { memoryAfterInitMb: jitter(40) } : {}) });
          }
        }
        raw.coldStarts.push({ runtime, memoryMb, round, request: 'write', ok: false, error: 'synthetic failure' });
        for (const [i, rate] of o.rates!.entries()) {
          const latencyMs = Array.from({ length: 200 }, () => jitter(shape.warm) * shift + added);
          // The first 20 requests come from two new instances' first invocations; the rest are steady.
          const latencyInvocation = latencyMs.map((_, j) => (j < 20 ? (j % 10) + 1 : j));
          raw.warm.push({
            runtime, memoryMb, rate, round, durationS: 10, requests: 200, errors: 0, measuredRequests: 200, measuredErrors: 0, latencyMs,
            uncorrectedMs: latencyMs.map((x) => x * 0.95),
            latencyInvocation,
            serverDurationMs: latencyMs.map((x) => x * 0.6),
            serverInvocation: latencyInvocation,
            billedDurationMs: latencyMs.map((x) => Math.ceil(x * 0.6)),
            coldBilledDurationMs: [Math.ceil(shape.init + 10), Math.ceil(shape.init + 12)],
            maxMemoryUsedMb: [70, 72], cpuTimeMs: latencyMs.map((x) => x * 0.3),
            coldStarts: 2, invocations: 200, peakInstances: 2,
            ramp: { fromZero: i === 0, seconds: i === 0 ? jitter(1.5) : 0.02, coldStarts: i === 0 ? 2 : 0, reachedSteady: true },
            steady: { invocations: 200, coldStarts: runtime === 'slow' ? 1 : 0, firstHalfInvocations: 100, firstHalfColdStarts: runtime === 'slow' ? 1 : 0 },
          });
        }
        const cap = Math.round(shape.capacity * shift * (0.95 + 0.1 * random()));
        raw.capacity.push({ runtime, memoryMb, round, p99BoundMs: 100, bracketed: true, serialRps: cap * 1.3, steps: [{ rate: cap * 1.15, requests: 100, errors: 5, p50Ms: shape.warm, p99Ms: 40, passed: false }, { rate: cap, requests: 100, errors: 0, p50Ms: shape.warm, p99Ms: 20, passed: true }], capacityRps: cap });
      }
      for (const floor of ['go', 'node', 'python']) {
        const init = { go: 5, python: 80, node: 120 }[floor]!;
        for (let k = 0; k < 3; k++) raw.floorColdStarts.push({ runtime: floor, memoryMb, round, request: 'probe', ok: true, initDurationMs: jitter(init), firstInvocationMs: 1, billedDurationMs: Math.ceil(init + 1), clientMs: jitter(init + 5), maxMemoryUsedMb: 20 });
      }
    }
  }
  raw.preRun = { at: '2026-01-01T00:00:00.000Z', loadAvg: [0.1, 0.2, 0.3], cores: 2, seconds: 1.5, ownCores: 0.01, otherCores: 0.04, idleCores: 1.95, availableCores: 1.96, otherShare: 0.02 };
  raw.load = [{ phase: 'warm 10 req/s', runtime: 'fast', memoryMb: 512, round: 0, loadAvg1Start: 0.5, loadAvg1End: 0.7, seconds: 10, ownCores: 0.8, otherCores: 0.02, idleCores: 1.18, availableCores: 1.98, otherShare: 0.01, noisy: false }];
  return raw;
}

export function syntheticInput(raw = syntheticRaw(), conformancePassed = ['fast', 'twin', 'slow']): AggregateInput {
  const options = {
    runtimes: Object.keys(SHAPE), memoryMb: [512], rounds: 3, coldStarts: 3, rates: [10, 20], warmSeconds: 10, instanceWarmup: 10,
    capacity: { probeSeconds: 1, stepSeconds: 1, minStepRequests: 60, maxSteps: 4, p99BoundMs: 100 }, concurrency: [], throughputSeconds: 0, requestsPerMonth: 100_000, target: null, seed: 1, slowed: null,
  };
  return {
    run: { id: 'synthetic', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:10:00.000Z', profile: 'quick', options },
    environment: {
      cpuModel: 'Test CPU', cores: 2, totalMemoryMb: 1024, os: 'linux', kernel: 'test', limitsEnforced: true, cgroupVersion: 'v1',
      gitCommit: 'abc123', gitDirty: false, target: 'local platform', versions: { node: 'v20' }, dependencies: { autocannon: '9.0.0' },
      loadGenerator: { openModel: 'bench open-model scheduler', closedModel: 'autocannon 9.0.0' },
    },
    conformance: { status: 'passed', source: 'synthetic', runtimes: Object.fromEntries(Object.keys(SHAPE).map((n) => [n, { passed: conformancePassed.includes(n), ...(conformancePassed.includes(n) ? {} : { reason: 'synthetic failure' }) }])) },
    prices: loadPriceTable(),
    runtimes: Object.keys(SHAPE).map((name) => ({ name, language: `${name} language`, framework: 'framework', awsRuntime: 'nodejs22.x', architecture: 'x86_64' as const, packageBytes: name.length * 100_000, floor: 'node' })),
    floors: [
      { name: 'go', language: 'Go', awsRuntime: 'provided.al2023', packageBytes: 1000 },
      { name: 'node', language: 'Node.js', awsRuntime: 'nodejs22.x', packageBytes: 1000 },
      { name: 'python', language: 'Python', awsRuntime: 'python3.11', packageBytes: 1000 },
    ],
    raw,
    loadGenerator: { openModelMaxRps: 5000, closedModelMaxRps: 12000, configuration: 'generator in a worker thread' },
    rawFiles: ['raw/samples.json'],
  };
}
