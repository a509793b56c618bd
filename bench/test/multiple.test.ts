/**
 * Multiple-comparison control: Holm and Benjamini–Hochberg against textbook values, and the
 * bench:compare decision (Welch on round values, then Benjamini–Hochberg) simulated between
 * two runs of identical distributions: at most 5 % false calls.
 */
import { benjaminiHochbergAdjust, holmAdjust } from '../src/multiple';
import { PROFILES } from '../src/options';
import { compareWelch } from '../src/rounds';
import { normalDraws, seededRandom } from '../src/stats';

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

/** One simulated bench:compare decision over `metrics` metrics: how many are called. */
function calls(random: () => number, metrics: number, rounds: number, shifted: Set<number>, shift: number): { calls: number; trueCalls: number } {
  const normal = normalDraws(random);
  const p: number[] = [];
  for (let m = 0; m < metrics; m++) {
    // Round values of one metric: mean 10, round-to-round sd 1 (round medians already).
    const a = Array.from({ length: rounds }, () => 10 + normal());
    const b = Array.from({ length: rounds }, () => 10 + (shifted.has(m) ? shift : 0) + normal());
    p.push(compareWelch(a, b).pValue);
  }
  const q = benjaminiHochbergAdjust(p);
  return { calls: q.filter((x) => x < 0.05).length, trueCalls: q.filter((x, m) => x < 0.05 && shifted.has(m)).length };
}

describe.each([['quick', PROFILES.quick.rounds], ['default', PROFILES.default.rounds]])('bench:compare with the %s profile’s %i rounds', (_, rounds) => {
  test('identical distributions: ≤ 5 % false calls over 1,000 simulated pairs of runs of 40 metrics', () => {
    // Prepare
    const random = seededRandom(rounds * 31);
    let called = 0;
    let anyCall = 0;
    const trials = 1000;
    const metrics = 40;
    // Act
    for (let t = 0; t < trials; t++) {
      const { calls: c } = calls(random, metrics, rounds, new Set(), 0);
      called += c;
      if (c > 0) anyCall++;
    }
    // Assess: the share of metrics called, and (BH under the global null) the share of runs with any call.
    expect(called / (trials * metrics)).toBeLessThanOrEqual(0.05);
    expect(anyCall / trials).toBeLessThanOrEqual(0.07);
  });

  test('a shift of 10 round-to-round standard deviations on 4 of 40 metrics is found', () => {
    // The slowed fixture's 5 ms on a ~5 ms p50 is about that size against idle round-to-round spread.
    const random = seededRandom(rounds * 37);
    let found = 0;
    for (let t = 0; t < 200; t++) found += calls(random, 40, rounds, new Set([0, 1, 2, 3]), 10).trueCalls;
    expect(found / (200 * 4)).toBeGreaterThan(0.8);
  });
});
