/**
 * Statistics primitives for the bench: a seeded RNG, quantiles, Student's t and exact
 * binomial intervals. The estimators built on them (rounds as the unit of replication,
 * paired and Welch comparisons) are in rounds.ts; multiple-comparison control in multiple.ts.
 * The special functions (incomplete beta, its inverse, the t quantile) are @stdlib's.
 */
import betainc from '@stdlib/math-base-special-betainc';
import betaincinv from '@stdlib/math-base-special-betaincinv';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

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
const { sqrt, log, cos, sin, floor, ceil, PI } = Math;

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

/** Regularized incomplete beta I_x(a, b) (@stdlib's betainc, a port of Boost's ibeta). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return betainc(x, a, b);
}

/** Two-sided tail probability of Student's t with `df` degrees of freedom. */
export function studentTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

const quantileCache = new Map<string, number>();

/**
 * The t value whose two-sided tail probability is `p` (@stdlib's t quantile at 1 − p/2), memoized:
 * simulations ask thousands of times. Welch's fractional df are taken to 0.01 (the quantile moves < 0.1 %).
 */
export function studentQuantile(p: number, df: number): number {
  const d = Number.isInteger(df) ? df : Math.round(df * 100) / 100;
  const key = `${p}:${d}`;
  let t = quantileCache.get(key);
  if (t === undefined) quantileCache.set(key, (t = tQuantile(1 - p / 2, d)));
  return t;
}

/**
 * Exact (Clopper–Pearson) interval of a binomial proportion k / n. Conservative: its coverage
 * is at least the nominal level for every true proportion, including 0 (k = 0 gives [0, 1 − (α/2)^(1/n)]).
 */
export function clopperPearson(k: number, n: number, level = 0.95): [number, number] {
  if (n <= 0) return [NaN, NaN];
  const alpha = 1 - level;
  // P(X ≥ k | p) = I_p(k, n − k + 1) rises with p; P(X ≤ k | p) = 1 − I_p(k + 1, n − k) falls.
  // The bounds are those two functions' inverses in p (@stdlib's betaincinv).
  const lo = k === 0 ? 0 : betaincinv(alpha / 2, k, n - k + 1);
  const hi = k === n ? 1 : betaincinv(1 - alpha / 2, k + 1, n - k);
  return [lo, hi];
}
