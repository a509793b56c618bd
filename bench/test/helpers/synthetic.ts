/** Synthetic raw runs with known distributions, for aggregation, schema and report tests. */
import type { AggregateInput } from '../../src/aggregate';
import { loadPriceTable } from '../../src/cost';
import { emptyRaw, type RawRun } from '../../src/raw';
import { seededRandom } from '../../src/stats';

/** Cold-start and warm medians per runtime: fast is clearly below slow; twin equals fast. */
export const SHAPE: Record<string, { init: number; warm: number }> = {
  fast: { init: 50, warm: 5 },
  twin: { init: 50, warm: 5 },
  slow: { init: 400, warm: 12 },
};

export function syntheticRaw(seed = 1, rounds = 2, memorySizes = [512], rates = [10, 20]): RawRun {
  const random = seededRandom(seed);
  const jitter = (m: number) => m * (0.9 + 0.2 * random());
  const raw = emptyRaw();
  for (let round = 0; round < rounds; round++) {
    for (const memoryMb of memorySizes) {
      for (const [runtime, shape] of Object.entries(SHAPE)) {
        for (let k = 0; k < 6; k++) {
          const init = jitter(shape.init);
          raw.coldStarts.push({ runtime, memoryMb, round, ok: true, initDurationMs: init, firstInvocationMs: jitter(10), clientMs: init + jitter(15), maxMemoryUsedMb: Math.round(jitter(60)), memoryAfterInitMb: jitter(40) });
        }
        raw.coldStarts.push({ runtime, memoryMb, round, ok: false, error: 'synthetic failure' });
        for (const rate of rates) {
          const latencyMs = Array.from({ length: 200 }, () => jitter(shape.warm));
          raw.warm.push({
            runtime, memoryMb, rate, round, durationS: 10, requests: 200, errors: 0, latencyMs,
            uncorrectedMs: latencyMs.map((x) => x * 0.95),
            serverDurationMs: latencyMs.map((x) => x * 0.6),
            billedDurationMs: latencyMs.map((x) => Math.ceil(x * 0.6)),
            maxMemoryUsedMb: [70, 72], cpuTimeMs: latencyMs.map((x) => x * 0.3),
            coldStarts: 2, invocations: 200, peakInstances: 2,
          });
        }
        for (const concurrency of [1, 4]) {
          raw.throughput.push({ runtime, memoryMb, round, concurrency, durationS: 3, requests: 300 * concurrency, errors: concurrency === 4 && runtime === 'slow' ? 30 : 0, rps: 100 * concurrency, p50Ms: shape.warm, p99Ms: shape.warm * 3 });
        }
      }
      for (const floor of ['go', 'node', 'python']) {
        const init = { go: 5, python: 80, node: 120 }[floor]!;
        for (let k = 0; k < 3; k++) raw.floorColdStarts.push({ runtime: floor, memoryMb, round, ok: true, initDurationMs: jitter(init), firstInvocationMs: 1, clientMs: jitter(init + 5), maxMemoryUsedMb: 20 });
      }
    }
  }
  return raw;
}

export function syntheticInput(raw = syntheticRaw(), conformancePassed = ['fast', 'twin', 'slow']): AggregateInput {
  const options = { runtimes: Object.keys(SHAPE), memoryMb: [512], rounds: 2, coldStarts: 6, rates: [10, 20], warmSeconds: 10, concurrency: [1, 4], throughputSeconds: 3, requestsPerMonth: 100_000, target: null, seed: 1 };
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
    floors: ['go', 'node', 'python'].map((name) => ({ name, language: name, packageBytes: 1000 })),
    raw,
    loadGenerator: { openModelMaxRps: 5000, closedModelMaxRps: 12000 },
    rawFiles: ['raw/samples.json'],
  };
}
