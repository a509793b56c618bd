/**
 * Statistics for the bench: medians and percentiles, bootstrap 95 % intervals from a
 * seeded RNG (same data, same interval), distribution-free intervals for percentiles of
 * large samples, and the significance call used everywhere: a two-sided Mann–Whitney U
 * test (exact for small samples without ties, normal approximation otherwise), as benchstat does.
 */

/**
 * xorshift32 (Marsaglia): a tiny seeded PRNG, so that every interval is reproducible.
 * Shifts and xors only: Math.* calls are slow inside Jest's VM context, and this runs
 * millions of times per bootstrap.
 */
export function seededRandom(seed: number): () => number {
  // Scramble the seed so that small seeds (1, 2, 3) start far apart; zero is a fixed point.
  let x = (seed ^ 0x9e3779b9) >>> 0 || 0x2545f491;
  for (let i = 0; i < 8; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

export const sortNumbers = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

/** Quantile of sorted data with linear interpolation (Hyndman & Fan type 7, as R and numpy). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export const quantile = (xs: readonly number[], q: number): number => quantileSorted(sortNumbers(xs), q);
export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/**
 * Medians of `iterations` bootstrap resamples of sorted data, in O(n) each: a resample is
 * a count per original index, and its median is found by walking the cumulative counts
 * (no sort per resample, which made large bootstraps slow).
 */
export function bootstrapMedians(sorted: readonly number[], iterations: number, random: () => number): Float64Array {
  const n = sorted.length;
  const out = new Float64Array(iterations);
  const counts = new Uint32Array(n);
  const lowRank = Math.floor((n - 1) / 2);
  const highRank = Math.ceil((n - 1) / 2);
  for (let i = 0; i < iterations; i++) {
    counts.fill(0);
    for (let j = 0; j < n; j++) counts[(random() * n) | 0]!++;
    let seen = 0;
    let low = NaN;
    for (let k = 0; k < n; k++) {
      seen += counts[k]!;
      if (Number.isNaN(low) && seen > lowRank) low = sorted[k]!;
      if (seen > highRank) {
        out[i] = (low + sorted[k]!) / 2;
        break;
      }
    }
  }
  return out;
}
export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);

export interface Interval {
  lo: number;
  hi: number;
}

export interface BootstrapOptions {
  iterations?: number;
  seed?: number;
  /** Coverage of the interval, default 0.95. */
  level?: number;
}

/** Percentile-bootstrap interval of a statistic (default: the median). */
export function bootstrapInterval(
  xs: readonly number[],
  statistic: (sample: number[]) => number = median,
  { iterations = 2000, seed = 1, level = 0.95 }: BootstrapOptions = {},
): Interval {
  if (xs.length === 0) return { lo: NaN, hi: NaN };
  if (xs.length === 1) return { lo: xs[0]!, hi: xs[0]! };
  const random = seededRandom(seed);
  let stats: number[];
  if (statistic === median) stats = Array.from(bootstrapMedians(sortNumbers(xs), iterations, random));
  else {
    stats = new Array<number>(iterations);
    const sample = new Array<number>(xs.length);
    for (let i = 0; i < iterations; i++) {
      for (let j = 0; j < xs.length; j++) sample[j] = xs[Math.floor(random() * xs.length)]!;
      stats[i] = statistic(sample);
    }
  }
  const sorted = sortNumbers(stats);
  const alpha = (1 - level) / 2;
  return { lo: quantileSorted(sorted, alpha), hi: quantileSorted(sorted, 1 - alpha) };
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Standard normal CDF (Zelen & Severo 26.2.17 via erf, |error| < 7.5e-8). */
export function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return z >= 0 ? 1 - tail : tail;
}

/**
 * Distribution-free interval for the q-quantile of a large sample: the order statistics
 * whose ranks bound a Binomial(n, q) count (normal approximation). No resampling, so it
 * stays cheap for the tens of thousands of latencies a warm phase records.
 */
export function quantileInterval(sorted: readonly number[], q: number, level = 0.95): Interval {
  const n = sorted.length;
  if (n === 0) return { lo: NaN, hi: NaN };
  const z = normalQuantile(1 - (1 - level) / 2);
  const spread = z * Math.sqrt(n * q * (1 - q));
  const lo = Math.max(0, Math.floor(n * q - spread) - 1);
  const hi = Math.min(n - 1, Math.ceil(n * q + spread));
  return { lo: sorted[lo]!, hi: sorted[hi]! };
}

/** Ranks (1-based) with ties averaged, plus the tie-correction term Σ(t³ − t). */
function ranks(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(values.length);
  let tieTerm = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const t = j - i + 1;
    if (t > 1) tieTerm += t * t * t - t;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return { ranks: out, tieTerm };
}

/** Number of arrangements giving each U for sizes m, n (no ties): the exact null distribution. */
function exactUCounts(m: number, n: number): number[] {
  // counts[i][u] for i values of the first sample among i + j: built up one j at a time.
  let prev: number[][] = Array.from({ length: m + 1 }, () => [1]);
  for (let j = 1; j <= n; j++) {
    const next: number[][] = [[1]];
    for (let i = 1; i <= m; i++) {
      const size = i * j + 1;
      const row = new Array<number>(size).fill(0);
      // Largest element from sample 1 (adds j to U) or from sample 2 (adds nothing).
      const fromFirst = next[i - 1]!;
      const fromSecond = prev[i]!;
      for (let u = 0; u < size; u++) row[u] = (u - j >= 0 ? (fromFirst[u - j] ?? 0) : 0) + (fromSecond[u] ?? 0);
      next.push(row);
    }
    prev = next;
  }
  return prev[m]!;
}

export interface MannWhitney {
  u: number;
  pValue: number;
  method: 'exact' | 'normal';
}

/** Two-sided Mann–Whitney U test. */
export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitney {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) return { u: NaN, pValue: 1, method: 'normal' };
  const { ranks: r, tieTerm } = ranks([...a, ...b]);
  const rankSumA = r.slice(0, m).reduce((s, x) => s + x, 0);
  const u = rankSumA - (m * (m + 1)) / 2;
  const meanU = (m * n) / 2;
  if (tieTerm === 0 && m * n <= 2500 && m + n <= 60) {
    const counts = exactUCounts(m, n);
    const total = counts.reduce((s, c) => s + c, 0);
    const extreme = Math.min(u, m * n - u);
    let tail = 0;
    for (let k = 0; k <= Math.floor(extreme); k++) tail += counts[k] ?? 0;
    return { u, pValue: Math.min(1, (2 * tail) / total), method: 'exact' };
  }
  const N = m + n;
  const variance = ((m * n) / 12) * (N + 1 - tieTerm / (N * (N - 1)));
  if (variance <= 0) return { u, pValue: 1, method: 'normal' };
  // Continuity correction of 0.5 towards the mean.
  const z = (Math.abs(u - meanU) - 0.5) / Math.sqrt(variance);
  return { u, pValue: Math.min(1, 2 * (1 - normalCdf(Math.max(0, z)))), method: 'normal' };
}

export interface Summary {
  n: number;
  median: number;
  /** Bootstrap 95 % interval of the median. */
  ci95: [number, number];
  mean: number;
  min: number;
  max: number;
  p90: number;
}

/** Median with its bootstrap interval plus the usual descriptive figures. */
export function summarize(xs: readonly number[], seed = 1): Summary {
  const sorted = sortNumbers(xs);
  // Large samples: the order-statistic interval is as good and far cheaper than resampling.
  const ci = sorted.length > 2000 ? quantileInterval(sorted, 0.5) : bootstrapInterval(sorted, median, { seed });
  return {
    n: sorted.length,
    median: quantileSorted(sorted, 0.5),
    ci95: [ci.lo, ci.hi],
    mean: mean(sorted),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    p90: quantileSorted(sorted, 0.9),
  };
}

export interface Comparison {
  /** median(b) − median(a). */
  delta: number;
  /** Bootstrap 95 % interval of the difference of medians. */
  deltaCi95: [number, number];
  /** (median(b) − median(a)) / median(a). */
  relative: number;
  pValue: number;
  significant: boolean;
}

/** Is b different from a? Mann–Whitney decides; the bootstrap interval says by how much. */
export function compareSamples(a: readonly number[], b: readonly number[], { alpha = 0.05, seed = 1, iterations = 2000 } = {}): Comparison {
  const ma = median(a);
  const mb = median(b);
  const random = seededRandom(seed);
  const diffs: number[] = [];
  if (a.length && b.length) {
    const ma_ = bootstrapMedians(sortNumbers(a), iterations, random);
    const mb_ = bootstrapMedians(sortNumbers(b), iterations, random);
    for (let i = 0; i < iterations; i++) diffs.push(mb_[i]! - ma_[i]!);
  }
  const sorted = sortNumbers(diffs);
  const { pValue } = mannWhitney(a, b);
  // Fewer than 3 per side cannot reach p < 0.05 in an exact test: never call those.
  const enough = a.length >= 3 && b.length >= 3;
  return {
    delta: mb - ma,
    deltaCi95: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)],
    relative: ma === 0 ? NaN : (mb - ma) / ma,
    pValue,
    significant: enough && pValue < alpha,
  };
}

// --- Two-level (hierarchical) bootstrap ------------------------------------------------
// Warm latencies come in groups: each round serves them from fresh instances. Requests of
// one round share that round's instances, so they are not independent draws: an interval
// built from the pooled requests is too narrow and does not repeat from run to run.
// Resampling the rounds first, then the requests within each, carries the round-to-round
// variance into the interval and into the significance call.

/** Bootstrap distribution of a pooled quantile: rounds resampled, then values within each. */
export function hierarchicalQuantiles(groups: readonly (readonly number[])[], q: number, iterations: number, random: () => number): Float64Array {
  const gs = groups.filter((g) => g.length > 0);
  const out = new Float64Array(iterations).fill(NaN);
  if (!gs.length) return out;
  const room = gs.length * Math.max(...gs.map((g) => g.length));
  const pool = new Float64Array(room);
  for (let i = 0; i < iterations; i++) {
    let n = 0;
    for (let k = 0; k < gs.length; k++) {
      const g = gs[Math.floor(random() * gs.length)]!;
      for (let j = 0; j < g.length; j++) pool[n++] = g[Math.floor(random() * g.length)]!;
    }
    out[i] = quantileSorted(Array.from(pool.subarray(0, n).sort()), q);
  }
  return out;
}

/** Percentile interval of a pooled quantile under the two-level bootstrap. */
export function hierarchicalInterval(groups: readonly (readonly number[])[], q = 0.5, { iterations = 1000, seed = 1, level = 0.95 }: BootstrapOptions = {}): Interval {
  const draws = Array.from(hierarchicalQuantiles(groups, q, iterations, seededRandom(seed))).filter(Number.isFinite);
  if (!draws.length) return { lo: NaN, hi: NaN };
  const sorted = sortNumbers(draws);
  const alpha = (1 - level) / 2;
  return { lo: quantileSorted(sorted, alpha), hi: quantileSorted(sorted, 1 - alpha) };
}

/** Regularized incomplete beta I_x(a, b) (continued fraction, Numerical Recipes' betacf). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const cf = (xx: number, aa: number, bb: number): number => {
    const tiny = 1e-300;
    let c = 1;
    let d = 1 - ((aa + bb) * xx) / (aa + 1);
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    let h = d;
    for (let m = 1; m <= 300; m++) {
      const m2 = 2 * m;
      let num = (m * (bb - m) * xx) / ((aa + m2 - 1) * (aa + m2));
      d = 1 / (Math.abs(1 + num * d) < tiny ? tiny : 1 + num * d);
      c = Math.abs(1 + num / c) < tiny ? tiny : 1 + num / c;
      h *= d * c;
      num = (-(aa + m) * (aa + bb + m) * xx) / ((aa + m2) * (aa + m2 + 1));
      d = 1 / (Math.abs(1 + num * d) < tiny ? tiny : 1 + num * d);
      c = Math.abs(1 + num / c) < tiny ? tiny : 1 + num / c;
      const delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-12) break;
    }
    return h;
  };
  return x < (a + 1) / (a + b + 2) ? (Math.exp(lnFront) * cf(x, a, b)) / a : 1 - (Math.exp(lnFront) * cf(1 - x, b, a)) / b;
}

/** ln Γ(x) (Lanczos approximation, g = 7). */
function lgamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const xx = x - 1;
  let a = g[0]!;
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += g[i]! / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Two-sided tail probability of Student's t with `df` degrees of freedom. */
export function studentTwoSidedP(t: number, df: number): number {
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The t value whose two-sided tail probability is `p` (bisection on studentTwoSidedP). */
export function studentQuantile(p: number, df: number): number {
  let lo = 0;
  let hi = 1e3;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSidedP(mid, df) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Is b different from a, with rounds as the unit of replication? Each round's median is one
 * observation (its instances are fresh); Welch's t-test on the round medians decides, and
 * its interval gives the difference. At least two rounds a side: one round shows no
 * round-to-round variance, so no call is made from it.
 */
export function compareGroups(a: readonly (readonly number[])[], b: readonly (readonly number[])[], { alpha = 0.05 }: { alpha?: number; seed?: number; iterations?: number } = {}): Comparison {
  const roundMedians = (gs: readonly (readonly number[])[]) => gs.filter((g) => g.length > 0).map((g) => median(g));
  const ra = roundMedians(a);
  const rb = roundMedians(b);
  const ma = median(a.flat());
  const mb = median(b.flat());
  const relative = ma === 0 ? NaN : (mb - ma) / ma;
  if (ra.length < 2 || rb.length < 2) return { delta: mb - ma, deltaCi95: [NaN, NaN], relative, pValue: 1, significant: false };
  const variance = (xs: number[]) => {
    const m = mean(xs);
    return xs.reduce((acc, x) => acc + (x - m) ** 2, 0) / (xs.length - 1);
  };
  const diff = mean(rb) - mean(ra);
  const qa = variance(ra) / ra.length;
  const qb = variance(rb) / rb.length;
  const se = Math.sqrt(qa + qb);
  if (se === 0) return { delta: mb - ma, deltaCi95: [diff, diff], relative, pValue: diff === 0 ? 1 : 0, significant: diff !== 0 };
  const df = (qa + qb) ** 2 / (qa ** 2 / (ra.length - 1) + qb ** 2 / (rb.length - 1));
  const pValue = studentTwoSidedP(diff / se, df);
  const half = studentQuantile(alpha, df) * se;
  return { delta: mb - ma, deltaCi95: [diff - half, diff + half], relative, pValue, significant: pValue < alpha };
}
