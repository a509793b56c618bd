/**
 * Warm latency with rounds as the unit of replication. Synthetic rounds share a random
 * offset (fresh instances per round), as measured runs do: per-request statistics then
 * claim differences that do not repeat; intervals and calls built on rounds do not.
 */
import { compareGroups, compareSamples, hierarchicalInterval, median, quantileInterval, seededRandom, sortNumbers, studentQuantile, studentTwoSidedP } from '../src/stats';

/** Rounds of `perRound` latencies around `center`, each round shifted by its own offset. */
function rounds(random: () => number, center: number, count: number, perRound = 150, roundSpread = 0.15): number[][] {
  return Array.from({ length: count }, () => {
    const offset = center * roundSpread * (2 * random() - 1);
    return Array.from({ length: perRound }, () => center + offset + center * 0.1 * (random() - 0.5));
  });
}

test('the interval carries round-to-round variance: it spans both rounds’ medians, the per-request one does not', () => {
  // Prepare: two overlapping rounds whose medians differ by 10 %
  const groups = [Array.from({ length: 400 }, (_, i) => 5 + i / 400), Array.from({ length: 400 }, (_, i) => 5.5 + i / 400)];
  // Act
  const twoLevel = hierarchicalInterval(groups, 0.5);
  const perRequest = quantileInterval(sortNumbers(groups.flat()), 0.5);
  // Assess
  expect(twoLevel.lo).toBeLessThanOrEqual(median(groups[0]!));
  expect(twoLevel.hi).toBeGreaterThanOrEqual(median(groups[1]!));
  expect(perRequest.hi - perRequest.lo).toBeLessThan((twoLevel.hi - twoLevel.lo) / 5);
});

test('equal runtimes with round effects: rarely called different on round medians, where pooled requests often are', () => {
  const random = seededRandom(7);
  let twoLevelCalls = 0;
  let pooledCalls = 0;
  const trials = 40;
  for (let t = 0; t < trials; t++) {
    const a = rounds(random, 5, 3);
    const b = rounds(random, 5, 3);
    if (compareGroups(a, b).significant) twoLevelCalls++;
    if (compareSamples(a.flat(), b.flat(), { seed: t, iterations: 200 }).significant) pooledCalls++;
  }
  expect(twoLevelCalls / trials).toBeLessThanOrEqual(0.15);
  expect(pooledCalls / trials).toBeGreaterThan(0.4);
});

test('clearly different runtimes are still called different with three rounds a side', () => {
  const random = seededRandom(3);
  const c = compareGroups(rounds(random, 5, 3), rounds(random, 12, 3));
  expect(c.significant).toBe(true);
  expect(c.delta).toBeGreaterThan(5);
});

test('one round a side shows no round-to-round variance: no call is made', () => {
  const random = seededRandom(5);
  expect(compareGroups(rounds(random, 5, 1), rounds(random, 12, 1)).significant).toBe(false);
});

test('Student t tails and quantiles match the tables', () => {
  expect(studentTwoSidedP(2.776, 4)).toBeCloseTo(0.05, 3);
  expect(studentTwoSidedP(12.706, 1)).toBeCloseTo(0.05, 3);
  expect(studentTwoSidedP(1.96, 1e6)).toBeCloseTo(0.05, 3);
  expect(studentQuantile(0.05, 4)).toBeCloseTo(2.776, 2);
  expect(studentQuantile(0.05, 2)).toBeCloseTo(4.303, 2);
});
