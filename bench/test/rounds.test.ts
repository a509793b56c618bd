/**
 * Comparisons on round values (rounds.ts): the printed delta and its interval come from one
 * estimator, too few rounds or no variation make no call, and the false-call rate of an
 * unadjusted test is α. Paired comparisons cancel the round effects runtimes share.
 */
import { comparePaired, compareWelch, measure, tInterval, type RoundValues } from '../src/rounds';
import { normalDraws, seededRandom } from '../src/stats';

const rounds = (xs: number[]): RoundValues => new Map(xs.map((x, i) => [i, x]));

describe('estimates and intervals', () => {
  test('measure: mean of round medians with a t-interval (t(2) = 4.303)', () => {
    // Prepare: round medians 10, 12, 14 → mean 12, sd 2, se 2/√3.
    const groups = [[9, 10, 11], [11, 12, 13], [13, 14, 15]];
    // Act
    const m = measure(groups);
    // Assess
    expect(m.perRound).toEqual([10, 12, 14]);
    expect(m.estimate).toBe(12);
    expect(m.ci95![0]).toBeCloseTo(12 - (4.303 * 2) / Math.sqrt(3), 2);
    expect(m.ci95![1]).toBeCloseTo(12 + (4.303 * 2) / Math.sqrt(3), 2);
    expect(m).toMatchObject({ n: 9, rounds: 3 });
  });

  test('empty rounds are skipped; one round gives an estimate and no interval', () => {
    expect(measure([[], [4, 6]])).toEqual({ n: 2, rounds: 1, estimate: 5, ci95: null, perRound: [5] });
    expect(tInterval([]).estimate).toBeNaN();
  });
});

describe('paired comparison (runtimes within a run)', () => {
  test('the delta is the difference of the two estimates and the interval is centred on it', () => {
    // Prepare
    const a = rounds([10, 12, 11, 13]);
    const b = rounds([12, 15, 13, 16]);
    // Act
    const c = comparePaired(a, b);
    // Assess
    expect(c.test).toBe('paired t');
    expect(c.estimateA).toBe(11.5);
    expect(c.estimateB).toBe(14);
    expect(c.delta).toBe(2.5);
    expect((c.deltaCi95![0] + c.deltaCi95![1]) / 2).toBeCloseTo(c.delta, 12);
    expect(c.relative).toBeCloseTo(2.5 / 11.5, 12);
    expect(c.pValue).toBeLessThan(0.01);
  });

  test('only rounds both sides have are paired; the estimates follow those rounds', () => {
    const c = comparePaired(new Map([[0, 10], [1, 20], [2, 30]]), new Map([[1, 21], [2, 32], [3, 99]]));
    expect(c.rounds).toBe(2);
    expect(c.estimateA).toBe(25);
    expect(c.estimateB).toBe(26.5);
    expect(c.delta).toBe(1.5);
  });

  test('zero variation between rounds is no call (p = 1), not p = 0', () => {
    // Prepare: b is a constant 2 above a in every round.
    const c = comparePaired(rounds([10, 11, 12]), rounds([12, 13, 14]));
    // Assess
    expect(c.noCall).toMatch(/no variation/);
    expect(c.pValue).toBe(1);
    expect(c.deltaCi95).toBeNull();
    expect(c.delta).toBe(2);
  });

  test('fewer than two rounds in common is no call', () => {
    const c = comparePaired(rounds([10]), rounds([20]));
    expect(c.noCall).toMatch(/fewer than two rounds/);
    expect(c.pValue).toBe(1);
  });

  test('shared round effects cancel: paired calls a 3 % shift that Welch on the same rounds misses', () => {
    // Prepare: 5 rounds; each round shifts both runtimes by the same ±20 % drift; b is 3 % slower.
    const normal = normalDraws(seededRandom(4));
    const drift = Array.from({ length: 5 }, () => 10 * (1 + 0.2 * normal()));
    const a = drift.map((d) => d + 0.05 * normal());
    const b = drift.map((d) => d * 1.03 + 0.05 * normal());
    // Act
    const paired = comparePaired(rounds(a), rounds(b));
    const welch = compareWelch(a, b);
    // Assess
    expect(paired.pValue).toBeLessThan(0.01);
    expect(welch.pValue).toBeGreaterThan(0.5);
  });
});

describe('Welch comparison (two runs)', () => {
  test('the delta is the difference of the estimates, the interval centred on it', () => {
    const c = compareWelch([10, 11, 12], [20, 21, 23]);
    expect(c.delta).toBeCloseTo(64 / 3 - 11, 12);
    expect((c.deltaCi95![0] + c.deltaCi95![1]) / 2).toBeCloseTo(c.delta, 12);
    expect(c.deltaCi95![0]).toBeGreaterThan(0);
  });

  test('no variation on either side is no call; one round a side is no call', () => {
    expect(compareWelch([5, 5, 5], [6, 6, 6]).noCall).toMatch(/no variation/);
    expect(compareWelch([5], [6, 7]).noCall).toMatch(/fewer than two rounds/);
  });

  test('equal distributions: unadjusted false calls at about α over 2,000 simulated pairs', () => {
    // Prepare
    const normal = normalDraws(seededRandom(11));
    let paired = 0;
    let welch = 0;
    const trials = 2000;
    // Act
    for (let i = 0; i < trials; i++) {
      const a = Array.from({ length: 3 }, () => 10 + normal());
      const b = Array.from({ length: 3 }, () => 10 + normal());
      if (comparePaired(rounds(a), rounds(b)).pValue < 0.05) paired++;
      if (compareWelch(a, b).pValue < 0.05) welch++;
    }
    // Assess: binomial sd at p = .05 over 2,000 is 0.5 %; Welch runs slightly conservative.
    expect(paired / trials).toBeGreaterThan(0.035);
    expect(paired / trials).toBeLessThan(0.065);
    expect(welch / trials).toBeGreaterThan(0.015);
    expect(welch / trials).toBeLessThan(0.065);
  });
});
