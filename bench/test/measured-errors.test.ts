/**
 * Latency is ranked only where a runtime answered: a runtime that failed more than 1 % of
 * the measured requests at a rate (throttles answer fast and would flatter its percentiles)
 * drops out of that rate's comparisons, and the conclusions say why.
 */
import { aggregate, comparisons, measuredErrorRate } from '../src/aggregate';
import { scaleOutDone } from '../src/phases';
import { syntheticInput, syntheticRaw } from './helpers/synthetic';

function withFailures(runtime: string, rate: number, share: number) {
  const raw = syntheticRaw();
  for (const s of raw.warm.filter((w) => w.runtime === runtime && w.rate === rate)) {
    s.measuredRequests = s.latencyMs.length;
    s.measuredErrors = Math.round(s.latencyMs.length * share);
  }
  return raw;
}

test('the measured error rate is failures over the requests due in the measured window', () => {
  const raw = withFailures('slow', 10, 0.25);
  expect(measuredErrorRate(raw.warm.filter((w) => w.runtime === 'slow' && w.rate === 10))).toBe(0.25);
  expect(measuredErrorRate(raw.warm.filter((w) => w.runtime === 'fast' && w.rate === 10))).toBe(0);
});

test('a runtime above 1 % failures is left out of that rate’s latency comparisons only', () => {
  // Prepare
  const raw = withFailures('slow', 10, 0.25);
  // Act
  const list = comparisons(raw, ['fast', 'twin', 'slow'], [512], [10, 20], 1);
  // Assess
  const named = (metric: string) => new Set(list.filter((c) => c.metric === metric).flatMap((c) => [c.a, c.b]));
  expect(named('warm.10.client').has('slow')).toBe(false);
  expect(named('warm.20.client').has('slow')).toBe(true);
  expect(named('coldStart.initDuration').has('slow')).toBe(true);
});

test('a runtime at or below 1 % failures stays ranked', () => {
  const list = comparisons(withFailures('slow', 10, 0.01), ['fast', 'twin', 'slow'], [512], [10, 20], 1);
  expect(list.some((c) => c.metric === 'warm.10.client' && (c.a === 'slow' || c.b === 'slow'))).toBe(true);
});

test('the results and conclusions report the rate and say why the runtime is not ranked', () => {
  const results = aggregate(syntheticInput(withFailures('slow', 10, 0.25)));
  const slow = results.runtimes.find((r) => r.name === 'slow')!;
  expect(slow.memorySizes[0]!.warm.find((w) => w.rate === 10)!.measuredErrorRate).toBe(0.25);
  expect(results.conclusions.some((c) => /10 req\/s, slow is not ranked on latency: 25 %/.test(c))).toBe(true);
});

test('the scale-out is over only when every instance has finished its init', () => {
  // A cold instance serving the request that started it is busy while it initializes.
  expect(scaleOutDone([])).toBe(false);
  expect(scaleOutDone([{ initDurationMs: 12 }, { initDurationMs: undefined }])).toBe(false);
  expect(scaleOutDone([{ initDurationMs: 12 }, { initDurationMs: 1300 }])).toBe(true);
});
