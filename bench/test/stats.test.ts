import * as fs from 'node:fs';
import * as path from 'node:path';
import { clopperPearson, describe as describeValues, incompleteBeta, median, normalDraws, quantile, sampleVariance, seededRandom, studentQuantile, studentTwoSidedP } from '../src/stats';

describe('descriptive statistics', () => {
  test('median and percentiles interpolate like numpy', () => {
    // Prepare
    const xs = [5, 1, 4, 2, 3];
    // Act / Assess
    expect(median(xs)).toBe(3);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(quantile(xs, 0.9)).toBeCloseTo(4.6, 10);
    expect(quantile(xs, 0)).toBe(1);
    expect(quantile(xs, 1)).toBe(5);
  });

  test('describe gives n, median, mean and extremes, and no interval', () => {
    // Act
    const d = describeValues([3, 1, 2, 5, 4]);
    // Assess
    expect(d).toEqual({ n: 5, median: 3, mean: 3, min: 1, max: 5, p90: 4.6 });
    expect(sampleVariance([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(32 / 7, 12);
    expect(sampleVariance([1])).toBeNaN();
  });

  test('the seeded generator repeats itself and is uniform enough', () => {
    // Prepare
    const a = seededRandom(42);
    const b = seededRandom(42);
    // Act
    const draws = Array.from({ length: 10_000 }, () => a());
    const again = Array.from({ length: 10_000 }, () => b());
    // Assess
    expect(again).toEqual(draws);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(median(draws)).toBeCloseTo(0.5, 1);
  });

  test('normal draws have mean 0 and variance 1', () => {
    const normal = normalDraws(seededRandom(3));
    const xs = Array.from({ length: 20_000 }, normal);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length)).toBeLessThan(0.03);
    expect(sampleVariance(xs)).toBeCloseTo(1, 1);
  });
});

describe('distributions', () => {
  test('Student t tails and quantiles match the tables', () => {
    expect(studentTwoSidedP(2.776, 4)).toBeCloseTo(0.05, 3);
    expect(studentTwoSidedP(12.706, 1)).toBeCloseTo(0.05, 3);
    expect(studentTwoSidedP(1.96, 1e6)).toBeCloseTo(0.05, 3);
    expect(studentQuantile(0.05, 1)).toBeCloseTo(12.706, 2);
    expect(studentQuantile(0.05, 2)).toBeCloseTo(4.303, 3);
    expect(studentQuantile(0.05, 4)).toBeCloseTo(2.776, 3);
    expect(studentQuantile(0.05, 7)).toBeCloseTo(2.365, 3);
    expect(studentQuantile(0.05, 4.5)).toBeGreaterThan(studentQuantile(0.05, 5));
  });

  test('the regularized incomplete beta matches closed forms', () => {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b.
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 10);
    expect(incompleteBeta(0.3, 3, 1)).toBeCloseTo(0.027, 10);
    expect(incompleteBeta(0.3, 1, 4)).toBeCloseTo(1 - 0.7 ** 4, 10);
  });

  test('Clopper–Pearson: textbook values, and zero events give the rule of three', () => {
    // 0 of 100: [0, 1 − 0.025^(1/100)] ≈ [0, 0.0362]; 5 of 100 ≈ [0.0164, 0.1128].
    const [lo0, hi0] = clopperPearson(0, 100);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(1 - 0.025 ** (1 / 100), 6);
    const [lo, hi] = clopperPearson(5, 100);
    expect(lo).toBeCloseTo(0.0164, 3);
    expect(hi).toBeCloseTo(0.1128, 3);
    expect(clopperPearson(10, 10)[1]).toBe(1);
  });

  test('Clopper–Pearson covers the true proportion at least 95 % of the time (1,000 simulated windows each)', () => {
    const random = seededRandom(17);
    for (const [p, n] of [[0.001, 600], [0.01, 400], [0.05, 200]] as const) {
      let covered = 0;
      for (let run = 0; run < 1000; run++) {
        let k = 0;
        for (let i = 0; i < n; i++) if (random() < p) k++;
        const [lo, hi] = clopperPearson(k, n);
        if (lo <= p && p <= hi) covered++;
      }
      expect(covered / 1000).toBeGreaterThanOrEqual(0.94);
    }
  });
});

/** The hand-written functions' values, recorded before the switch to @stdlib (bench/test/fixtures). */
const reference = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'special-functions.json'), 'utf8')) as {
  incompleteBeta: [number, number, number, number][];
  studentTwoSidedP: [number, number, number][];
  studentQuantile: [number, number, number][];
  clopperPearson: [number, number, number, number, number][];
};

describe('the special functions from @stdlib agree with the former hand-written ones', () => {
  const TOLERANCE = 1e-9;

  test.each(reference.incompleteBeta)('I_%p(%p, %p)', (x, a, b, want) => {
    expect(Math.abs(incompleteBeta(x, a, b) - want)).toBeLessThan(TOLERANCE);
  });

  test.each(reference.studentTwoSidedP)('two-sided p of t = %p, df = %p', (t, df, want) => {
    expect(Math.abs(studentTwoSidedP(t, df) - want)).toBeLessThan(TOLERANCE);
  });

  test.each(reference.studentQuantile)('t quantile of p = %p, df = %p', (p, df, want) => {
    expect(Math.abs(studentQuantile(p, df) - want)).toBeLessThan(TOLERANCE * Math.max(1, want));
  });

  test.each(reference.clopperPearson)('Clopper-Pearson k = %p, n = %p, level %p', (k, n, level, lo, hi) => {
    // Act
    const [gotLo, gotHi] = clopperPearson(k, n, level);
    // Assess
    expect(Math.abs(gotLo - lo)).toBeLessThan(TOLERANCE);
    expect(Math.abs(gotHi - hi)).toBeLessThan(TOLERANCE);
  });

  test('closed forms: t with 1 df is Cauchy, and k = 0 gives 1 − (α/2)^(1/n)', () => {
    expect(studentQuantile(0.05, 1)).toBeCloseTo(Math.tan(Math.PI * 0.475), 9);
    expect(clopperPearson(0, 10)[1]).toBeCloseTo(1 - 0.025 ** (1 / 10), 12);
  });
});
