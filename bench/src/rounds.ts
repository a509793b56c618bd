/**
 * Rounds as the unit of replication. Every figure with an interval is first reduced to one
 * value per round (the round's median latency, median Init Duration, capacity, ...): requests
 * of one round share its instances and the machine's state at that time, so they are not
 * independent draws, while rounds are (each starts fresh instances). The estimate is the mean
 * of the round values and its 95 % interval is Student's t on them (df = rounds − 1): exact
 * when round values are normal, and its coverage is checked by simulation in
 * bench/test/coverage.test.ts for every profile's round count.
 *
 * Between runtimes of one run, rounds interleave the runtimes, so round r of a and round r of
 * b share the machine's state: the comparison is a paired t-test on the per-round differences.
 * Between two runs (bench:compare) nothing is paired: Welch's t-test on the round values.
 * In both, the printed delta is the difference of the printed estimates and the interval is
 * centred on it (one estimator throughout).
 */
import { mean, median, sampleVariance, studentQuantile, studentTwoSidedP } from './stats';

/** A figure estimated from per-round values. */
export interface Measure {
  /** Values (samples) behind it, over all rounds. */
  n: number;
  rounds: number;
  /** Mean of the per-round values. */
  estimate: number;
  /** Student-t 95 % interval on the per-round values; null with fewer than two rounds. */
  ci95: [number, number] | null;
  perRound: number[];
}

/**
 * Mean and t-interval of per-round values (NaNs dropped). For a quantity that cannot be
 * negative (every measured figure: times, memory, rates) a lower bound below zero is shown as
 * zero: the interval then still holds the true value whenever the unclipped one did.
 */
export function tInterval(values: readonly number[], { level = 0.95, nonNegative = false } = {}): { estimate: number; ci: [number, number] | null } {
  const xs = values.filter(Number.isFinite);
  const estimate = mean(xs);
  if (xs.length < 2) return { estimate, ci: null };
  const half = studentQuantile(1 - level, xs.length - 1) * Math.sqrt(sampleVariance(xs) / xs.length);
  return { estimate, ci: [nonNegative ? Math.max(0, estimate - half) : estimate - half, estimate + half] };
}

/** One value per non-empty round (the round's median unless told otherwise), then the t-interval (non-negative). */
export function measure(groups: readonly (readonly number[])[], statistic: (xs: number[]) => number = median): Measure {
  const filled = groups.map((g) => g.filter(Number.isFinite)).filter((g) => g.length > 0);
  const perRound = filled.map((g) => statistic(g));
  const { estimate, ci } = tInterval(perRound, { nonNegative: true });
  return { n: filled.reduce((s, g) => s + g.length, 0), rounds: perRound.length, estimate, ci95: ci, perRound };
}

/** Round number → that round's value, for pairing. */
export type RoundValues = Map<number, number>;

export interface Comparison {
  test: 'paired t' | 'Welch t';
  /** Estimates of a and b over the rounds the test used. */
  estimateA: number;
  estimateB: number;
  /** estimateB − estimateA. */
  delta: number;
  /** 95 % interval of the delta, centred on it; null when no test could be made. */
  deltaCi95: [number, number] | null;
  /** delta / estimateA. */
  relative: number;
  /** Unadjusted two-sided p; 1 when no test could be made. */
  pValue: number;
  rounds: number;
  /** Why no test was made (too few rounds, no variation), when none was. */
  noCall?: string;
}

const noCall = (test: Comparison['test'], a: number, b: number, rounds: number, why: string): Comparison => ({
  test,
  estimateA: a,
  estimateB: b,
  delta: b - a,
  deltaCi95: null,
  relative: a === 0 ? NaN : (b - a) / a,
  pValue: 1,
  rounds,
  noCall: why,
});

/** Paired t-test on the rounds both sides have (runtimes interleaved within a round). */
export function comparePaired(a: RoundValues, b: RoundValues, level = 0.95): Comparison {
  const common = [...a.keys()].filter((r) => b.has(r) && Number.isFinite(a.get(r)!) && Number.isFinite(b.get(r)!)).sort((x, y) => x - y);
  const ea = mean(common.map((r) => a.get(r)!));
  const eb = mean(common.map((r) => b.get(r)!));
  if (common.length < 2) return noCall('paired t', ea, eb, common.length, 'fewer than two rounds in common: no call');
  const diffs = common.map((r) => b.get(r)! - a.get(r)!);
  const se = Math.sqrt(sampleVariance(diffs) / diffs.length);
  const delta = mean(diffs);
  // Zero spread of the differences leaves the test undefined, not infinitely sure.
  if (!(se > 0)) return noCall('paired t', ea, eb, common.length, 'no variation between rounds: no call');
  const df = diffs.length - 1;
  const half = studentQuantile(1 - level, df) * se;
  return { test: 'paired t', estimateA: ea, estimateB: eb, delta, deltaCi95: [delta - half, delta + half], relative: ea === 0 ? NaN : delta / ea, pValue: studentTwoSidedP(delta / se, df), rounds: common.length };
}

/** Welch's t-test on two independent sets of round values (two runs). */
export function compareWelch(a: readonly number[], b: readonly number[], level = 0.95): Comparison {
  const xa = a.filter(Number.isFinite);
  const xb = b.filter(Number.isFinite);
  const ea = mean(xa);
  const eb = mean(xb);
  const rounds = Math.min(xa.length, xb.length);
  if (xa.length < 2 || xb.length < 2) return noCall('Welch t', ea, eb, rounds, 'fewer than two rounds a side: no call');
  const qa = sampleVariance(xa) / xa.length;
  const qb = sampleVariance(xb) / xb.length;
  const se = Math.sqrt(qa + qb);
  if (!(se > 0)) return noCall('Welch t', ea, eb, rounds, 'no variation between rounds: no call');
  const df = (qa + qb) ** 2 / (qa ** 2 / (xa.length - 1) + qb ** 2 / (xb.length - 1));
  const delta = eb - ea;
  const half = studentQuantile(1 - level, df) * se;
  return { test: 'Welch t', estimateA: ea, estimateB: eb, delta, deltaCi95: [delta - half, delta + half], relative: ea === 0 ? NaN : delta / ea, pValue: studentTwoSidedP(delta / se, df), rounds };
}
