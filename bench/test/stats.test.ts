import {
  bootstrapInterval,
  compareSamples,
  mannWhitney,
  median,
  normalCdf,
  normalQuantile,
  quantile,
  quantileInterval,
  seededRandom,
  sortNumbers,
  summarize,
} from '../src/stats';

/** Normal draws from a seeded generator (Box–Muller). */
function normals(random: () => number, n: number, mu: number, sigma: number): number[] {
  return Array.from({ length: n }, () => mu + sigma * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

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

  test('normal quantile and CDF invert each other at known points', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 8);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 5);
  });
});

describe('intervals', () => {
  test('the bootstrap interval is reproducible with the same seed', () => {
    // Prepare
    const xs = normals(seededRandom(7), 40, 100, 10);
    // Act
    const first = bootstrapInterval(xs, median, { seed: 3 });
    const second = bootstrapInterval(xs, median, { seed: 3 });
    // Assess
    expect(second).toEqual(first);
    expect(first.lo).toBeLessThan(median(xs));
    expect(first.hi).toBeGreaterThan(median(xs));
  });

  test('bootstrap 95 % intervals of the median cover the true median about 95 % of the time', () => {
    // Prepare: 400 synthetic samples of 60 from N(100, 15²); the true median is 100.
    const random = seededRandom(2024);
    const draws = 250;
    // Act
    let covered = 0;
    for (let i = 0; i < draws; i++) {
      const ci = bootstrapInterval(normals(random, 60, 100, 15), median, { seed: i + 1, iterations: 500 });
      if (ci.lo <= 100 && 100 <= ci.hi) covered++;
    }
    // Assess: binomial sd at p=.95, n=250 is 1.4 %; the percentile bootstrap of a median runs a little wide.
    const coverage = covered / draws;
    expect(coverage).toBeGreaterThan(0.9);
    expect(coverage).toBeLessThan(0.99);
  });

  test('order-statistic intervals of percentiles cover the true p99 about 95 % of the time', () => {
    // Prepare: exponential(1) samples; the true p99 is ln(100).
    const random = seededRandom(99);
    const truth = Math.log(100);
    const draws = 300;
    // Act
    let covered = 0;
    for (let i = 0; i < draws; i++) {
      const sorted = sortNumbers(Array.from({ length: 5000 }, () => -Math.log(1 - random())));
      const ci = quantileInterval(sorted, 0.99);
      if (ci.lo <= truth && truth <= ci.hi) covered++;
    }
    // Assess
    expect(covered / draws).toBeGreaterThan(0.9);
    expect(covered / draws).toBeLessThan(0.995);
  });

  test('summarize reports n, median, interval and extremes', () => {
    // Act
    const s = summarize([3, 1, 2, 5, 4]);
    // Assess
    expect(s).toMatchObject({ n: 5, median: 3, min: 1, max: 5, mean: 3 });
    expect(s.ci95[0]).toBeLessThanOrEqual(3);
    expect(s.ci95[1]).toBeGreaterThanOrEqual(3);
  });
});

describe('significance', () => {
  test('Mann–Whitney exact p matches a textbook value', () => {
    // Prepare: fully separated samples of 4 and 4: p = 2 / C(8,4) = 2/70.
    const a = [1, 2, 3, 4];
    const b = [5, 6, 7, 8];
    // Act
    const result = mannWhitney(a, b);
    // Assess
    expect(result.method).toBe('exact');
    expect(result.u).toBe(0);
    expect(result.pValue).toBeCloseTo(2 / 70, 10);
  });

  test('the normal approximation agrees with the exact test on larger samples', () => {
    // Prepare: ties force the normal approximation; without ties the exact test runs.
    const random = seededRandom(5);
    const a = normals(random, 25, 0, 1);
    const b = normals(random, 25, 0.8, 1);
    const tiedA = a.map((x) => Math.round(x * 1000) / 1000).concat([0]);
    const tiedB = b.map((x) => Math.round(x * 1000) / 1000).concat([0]);
    // Act
    const exact = mannWhitney(a, b);
    const approx = mannWhitney(tiedA, tiedB);
    // Assess
    expect(exact.method).toBe('exact');
    expect(approx.method).toBe('normal');
    expect(Math.abs(exact.pValue - approx.pValue)).toBeLessThan(0.03);
  });

  test('equal distributions: no significant difference, false alarms near 5 %', () => {
    // Prepare
    const random = seededRandom(11);
    const draws = 300;
    // Act
    let alarms = 0;
    for (let i = 0; i < draws; i++) {
      const c = compareSamples(normals(random, 20, 50, 5), normals(random, 20, 50, 5), { seed: i, iterations: 200 });
      if (c.significant) alarms++;
    }
    const single = compareSamples(normals(random, 30, 50, 5), normals(random, 30, 50, 5));
    // Assess: binomial sd at p=.05, n=300 is 1.3 %.
    expect(alarms / draws).toBeLessThan(0.09);
    expect(alarms / draws).toBeGreaterThan(0.01);
    expect(typeof single.significant).toBe('boolean');
  });

  test('clearly different distributions: significant, with the delta interval around the true shift', () => {
    // Prepare
    const random = seededRandom(13);
    const a = normals(random, 30, 50, 5);
    const b = normals(random, 30, 65, 5);
    // Act
    const c = compareSamples(a, b);
    // Assess
    expect(c.significant).toBe(true);
    expect(c.pValue).toBeLessThan(0.001);
    expect(c.deltaCi95[0]).toBeLessThan(15);
    expect(c.deltaCi95[1]).toBeGreaterThan(15);
    expect(c.delta).toBeGreaterThan(10);
    expect(c.relative).toBeGreaterThan(0.2);
  });

  test('too few samples are never called significant', () => {
    expect(compareSamples([1, 2], [100, 200]).significant).toBe(false);
  });
});
