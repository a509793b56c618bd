/**
 * Latency is ranked only where a runtime answered: a runtime that failed more than 1 % of
 * the measured requests at a rate (throttles answer fast and would flatter its percentiles)
 * drops out of that rate's comparisons, and the conclusions say why. The gate compares the
 * exact share: 1.49 % is above 1 %.
 */
import { aggregate, measuredErrorRate } from '../src/aggregate';
import { comparisons } from '../src/comparisons';
import { scaleOutDone } from '../src/phases';
import { syntheticInput, syntheticRaw } from './helpers/synthetic';

function withFailures(runtime: string, rate: number, share: number) {
  const raw = syntheticRaw();
  for (const s of raw.warm.filter((w) => w.runtime === runtime && w.rate === rate)) {
    s.measuredRequests = 10_000;
    s.measuredErrors = Math.round(10_000 * share);
  }
  return raw;
}

const named = (list: ReturnType<typeof comparisons>, metric: string) => new Set(list.filter((c) => c.metric === metric).flatMap((c) => [c.a, c.b]));

test('the measured error rate is failures over the requests due in the measured window, unrounded', () => {
  const raw = withFailures('slow', 10, 0.0149);
  expect(measuredErrorRate(raw.warm.filter((w) => w.runtime === 'slow' && w.rate === 10))).toBe(0.0149);
  expect(measuredErrorRate(raw.warm.filter((w) => w.runtime === 'fast' && w.rate === 10))).toBe(0);
});

test('a runtime above 1 % failures is left out of that rate’s latency comparisons only', () => {
  // Act
  const list = comparisons(withFailures('slow', 10, 0.25), ['fast', 'twin', 'slow'], [512], [10, 20], 10);
  // Assess
  expect(named(list, 'warm.10.p50').has('slow')).toBe(false);
  expect(named(list, 'warm.10.p99').has('slow')).toBe(false);
  expect(named(list, 'warm.20.p50').has('slow')).toBe(true);
  expect(named(list, 'cold.initDuration').has('slow')).toBe(true);
});

test('the gate is exact: 1.49 % is not ranked, 1.00 % is', () => {
  expect(named(comparisons(withFailures('slow', 10, 0.0149), ['fast', 'twin', 'slow'], [512], [10, 20], 10), 'warm.10.p50').has('slow')).toBe(false);
  expect(named(comparisons(withFailures('slow', 10, 0.01), ['fast', 'twin', 'slow'], [512], [10, 20], 10), 'warm.10.p50').has('slow')).toBe(true);
});

test('the results and conclusions report the exact rate and say why the runtime is not ranked', () => {
  const results = aggregate(syntheticInput(withFailures('slow', 10, 0.0149)));
  const slow = results.runtimes.find((r) => r.name === 'slow')!;
  expect(slow.memorySizes[0]!.warm.find((w) => w.rate === 10)!.measuredErrorRate).toBe(0.0149);
  expect(results.conclusions.some((c) => /10 req\/s, slow is not ranked on latency: 1\.49 %/.test(c))).toBe(true);
});

test('the scale-out is over only when every instance has finished its init', () => {
  // A cold instance serving the request that started it is busy while it initializes.
  expect(scaleOutDone([])).toBe(false);
  expect(scaleOutDone([{ initDurationMs: 12 }, { initDurationMs: undefined }])).toBe(false);
  expect(scaleOutDone([{ initDurationMs: 12 }, { initDurationMs: 1300 }])).toBe(true);
});
