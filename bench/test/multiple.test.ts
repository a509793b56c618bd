/**
 * Multiple-comparison control: Holm and Benjamini–Hochberg against textbook values, and the
 * bench:compare decision (Welch on round values, then Benjamini–Hochberg) simulated between
 * two runs of identical distributions: at most 5 % false calls.
 */
import { benjaminiHochbergAdjust, holmAdjust } from '../src/multiple';
import { PROFILES } from '../src/options';
import { seededRandom } from '../src/stats';
import { compareCalls, simulateFalseCalls } from './helpers/simulation';

test('Holm: adjusted p = running max of (m − k + 1) p(k)', () => {
  // p sorted: 0.01, 0.02, 0.03, 0.04 → 0.04, 0.06, 0.06, 0.06 (back in input order).
  expect(holmAdjust([0.04, 0.01, 0.03, 0.02])).toEqual([0.06, 0.04, 0.06, 0.06].map((x) => expect.closeTo(x, 12)));
  expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
});

test('Benjamini–Hochberg: adjusted p = running min from the top of m p(k) / k', () => {
  // p sorted: 0.01, 0.02, 0.03, 0.5 (m = 4) → 0.04, 0.04, 0.04, 0.5.
  expect(benjaminiHochbergAdjust([0.03, 0.5, 0.01, 0.02])).toEqual([0.04, 0.5, 0.04, 0.04].map((x) => expect.closeTo(x, 12)));
  expect(benjaminiHochbergAdjust([])).toEqual([]);
});

describe.each([['quick', PROFILES.quick.rounds], ['default', PROFILES.default.rounds]])('bench:compare with the %s profile’s %i rounds', (_, rounds) => {
  test('identical distributions: ≤ 5 % false calls over 1,000 simulated pairs of runs of 40 metrics', () => {
    // Act
    const { perMetric, anyCall } = simulateFalseCalls(rounds, rounds * 31);
    // Assess: the share of metrics called, and (BH under the global null) the share of runs with any call.
    expect(perMetric).toBeLessThanOrEqual(0.05);
    expect(anyCall).toBeLessThanOrEqual(0.07);
  });

  test('a shift of 10 round-to-round standard deviations on 4 of 40 metrics is found', () => {
    // The slowed fixture's 5 ms on a ~5 ms p50 is about that size against idle round-to-round spread.
    const random = seededRandom(rounds * 37);
    let found = 0;
    for (let t = 0; t < 200; t++) found += compareCalls(random, 40, rounds, new Set([0, 1, 2, 3]), 10).trueCalls;
    expect(found / (200 * 4)).toBeGreaterThan(0.8);
  });
});
