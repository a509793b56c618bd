/**
 * Statistics primitives for the bench: a seeded RNG, quantiles, Student's t and exact
 * binomial intervals. The estimators built on them (rounds as the unit of replication,
 * paired and Welch comparisons) are in rounds.ts; multiple-comparison control in multiple.ts.
 */

/**
 * xorshift32 (Marsaglia): a tiny seeded PRNG, so that every simulation is reproducible.
 * Shifts and xors only: Math.* calls are slow inside Jest's VM context.
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

// Looked up once: reaching the global Math object is ten times slower inside Jest's VM context,
// where the simulations that test these functions run.
const { sqrt, log, cos, sin, exp, abs, floor, ceil, PI } = Math;

/** Standard normal draws from a uniform generator (Box–Muller; both values of a pair are used). */
export function normalDraws(random: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    const r = sqrt(-2 * log(1 - random()));
    const t = 2 * PI * random();
    spare = r * sin(t);
    return r * cos(t);
  };
}

/** Ascending copy. A typed array sorts numerically without a comparator: several times faster. */
export const sortNumbers = (xs: readonly number[]): number[] => Array.from(Float64Array.from(xs).sort());

/** Quantile of sorted data with linear interpolation (Hyndman & Fan type 7, as R and numpy). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = floor(h);
  const hi = ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export const quantile = (xs: readonly number[], q: number): number => quantileSorted(sortNumbers(xs), q);
export const median = (xs: readonly number[]): number => quantileSorted(Float64Array.from(xs).sort(), 0.5);
export const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);

/** Sample variance (n − 1 in the denominator); NaN below two values. */
export function sampleVariance(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  return xs.reduce((acc, x) => acc + (x - m) ** 2, 0) / (xs.length - 1);
}

/** Descriptive figures of pooled values: no interval (pooled values are not independent draws). */
export interface Descriptive {
  n: number;
  median: number;
  mean: number;
  min: number;
  max: number;
  p90: number;
}

export function describe(xs: readonly number[]): Descriptive {
  const sorted = sortNumbers(xs);
  return { n: sorted.length, median: quantileSorted(sorted, 0.5), mean: mean(sorted), min: sorted[0] ?? NaN, max: sorted[sorted.length - 1] ?? NaN, p90: quantileSorted(sorted, 0.9) };
}

/** ln Γ(x) (Lanczos approximation, g = 7). */
function lgamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return log(PI / sin(PI * x)) - lgamma(1 - x);
  const xx = x - 1;
  let a = g[0]!;
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += g[i]! / (xx + i);
  return 0.5 * log(2 * PI) + (xx + 0.5) * log(t) - t + log(a);
}

/** Regularized incomplete beta I_x(a, b) (continued fraction, Numerical Recipes' betacf). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x);
  const cf = (xx: number, aa: number, bb: number): number => {
    const tiny = 1e-300;
    let c = 1;
    let d = 1 - ((aa + bb) * xx) / (aa + 1);
    d = 1 / (abs(d) < tiny ? tiny : d);
    let h = d;
    for (let m = 1; m <= 300; m++) {
      const m2 = 2 * m;
      let num = (m * (bb - m) * xx) / ((aa + m2 - 1) * (aa + m2));
      d = 1 / (abs(1 + num * d) < tiny ? tiny : 1 + num * d);
      c = abs(1 + num / c) < tiny ? tiny : 1 + num / c;
      h *= d * c;
      num = (-(aa + m) * (aa + bb + m) * xx) / ((aa + m2) * (aa + m2 + 1));
      d = 1 / (abs(1 + num * d) < tiny ? tiny : 1 + num * d);
      c = abs(1 + num / c) < tiny ? tiny : 1 + num / c;
      const delta = d * c;
      h *= delta;
      if (abs(delta - 1) < 1e-12) break;
    }
    return h;
  };
  return x < (a + 1) / (a + b + 2) ? (exp(lnFront) * cf(x, a, b)) / a : 1 - (exp(lnFront) * cf(1 - x, b, a)) / b;
}

/** Two-sided tail probability of Student's t with `df` degrees of freedom. */
export function studentTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

const quantileCache = new Map<string, number>();

/**
 * The t value whose two-sided tail probability is `p` (bisection), memoized: simulations ask
 * thousands of times. Welch's fractional df are taken to 0.01 (the quantile moves < 0.1 %).
 */
export function studentQuantile(p: number, df: number): number {
  const d = Number.isInteger(df) ? df : Math.round(df * 100) / 100;
  const key = `${p}:${d}`;
  const cached = quantileCache.get(key);
  if (cached !== undefined) return cached;
  let lo = 0;
  let hi = 1e4;
  for (let i = 0; i < 64; i++) {
    const mid = (lo + hi) / 2;
    if (studentTwoSidedP(mid, d) > p) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  quantileCache.set(key, t);
  return t;
}

/** The x where an increasing function f on [0, 1] crosses `target` (bisection). */
function solveUnit(f: (x: number) => number, target: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Exact (Clopper–Pearson) interval of a binomial proportion k / n. Conservative: its coverage
 * is at least the nominal level for every true proportion, including 0 (k = 0 gives [0, 1 − (α/2)^(1/n)]).
 */
export function clopperPearson(k: number, n: number, level = 0.95): [number, number] {
  if (n <= 0) return [NaN, NaN];
  const alpha = 1 - level;
  // P(X ≥ k | p) = I_p(k, n − k + 1) rises with p; P(X ≤ k | p) = 1 − I_p(k + 1, n − k) falls.
  const lo = k === 0 ? 0 : solveUnit((p) => incompleteBeta(p, k, n - k + 1), alpha / 2);
  const hi = k === n ? 1 : solveUnit((p) => incompleteBeta(p, k + 1, n - k), 1 - alpha / 2);
  return [lo, hi];
}
