/**
 * Simulations behind the coverage and false-call tests, shared with bench/scripts/simulate.ts
 * (which prints the figures docs/methodology.md quotes). Everything is seeded.
 */
import { benjaminiHochbergAdjust } from '../../src/multiple';
import { compareWelch, measure } from '../../src/rounds';
import { median, normalDraws, quantile, seededRandom, sortNumbers } from '../../src/stats';

// Looked up once: the global Math is slow inside Jest's VM context.
const { exp, sqrt, max, min, floor, ceil } = Math;

export interface Scenario {
  name: string;
  /** Values per round. */
  n: number;
  /** Round effect (added to every value of a round), mean 0. */
  roundEffect: (normal: () => number, random: () => number) => number;
  /** One value within a round (positive on average: measured figures are never negative). */
  within: (normal: () => number) => number;
  /** The per-round statistic (default: the median). */
  statistic?: (xs: number[]) => number;
  /** Round effect multiplies instead of adding. */
  multiplicative?: boolean;
}

export const SCENARIOS: Scenario[] = [
  // The case: 80 requests per round, round-to-round spread twice the within-round noise.
  { name: 'latency: 80 per round, round spread 2× the within-round noise', n: 80, roundEffect: (normal) => 2 * normal(), within: (normal) => 10 + normal() },
  { name: 'latency: 100 per round, skewed (lognormal) within rounds, round spread 0.3', n: 100, roundEffect: (normal) => 0.3 * normal(), within: (normal) => exp(0.6 * normal()) },
  { name: 'latency: 40 per round, no round effect at all', n: 40, roundEffect: () => 0, within: (normal) => 10 + normal() },
  { name: 'cold starts: 2 per round, small uniform round effect', n: 2, roundEffect: (_, random) => 0.5 * (random() - 0.5), within: (normal) => 10 + normal() },
  { name: 'p99: 120 per round, lognormal, round effect ×(1 ± 10 %)', n: 120, multiplicative: true, roundEffect: (normal) => 1 + 0.1 * normal(), within: (normal) => 10 * exp(0.5 * normal()), statistic: (xs) => quantile(xs, 0.99) },
];

const truths = new Map<Scenario, number>();

/** The expected round statistic (round effects have mean 0, or 1 when they multiply), by a large simulation with its own seed. */
export function truth(s: Scenario): number {
  if (truths.has(s)) return truths.get(s)!;
  const normal = normalDraws(seededRandom(99));
  const statistic = s.statistic ?? median;
  let sum = 0;
  const draws = 4000;
  for (let i = 0; i < draws; i++) sum += statistic(Array.from({ length: s.n }, () => s.within(normal)));
  truths.set(s, sum / draws);
  return sum / draws;
}

/** Share of `runs` simulated runs whose interval holds the truth: the bench's (rounds) and a per-request one (for contrast). */
export function simulateCoverage(s: Scenario, rounds: number, seed: number, runs = 1000): { coverage: number; pooledCoverage: number } {
  const random = seededRandom(seed);
  const normal = normalDraws(random);
  const target = truth(s);
  let covered = 0;
  let pooledCovered = 0;
  for (let run = 0; run < runs; run++) {
    const groups = Array.from({ length: rounds }, () => {
      const b = s.roundEffect(normal, random);
      return Array.from({ length: s.n }, () => (s.multiplicative ? b * s.within(normal) : b + s.within(normal)));
    });
    const m = measure(groups, s.statistic);
    if (m.ci95 && m.ci95[0] <= target && target <= m.ci95[1]) covered++;
    const pooled = sortNumbers(groups.flat());
    const half = 1.96 * sqrt(pooled.length * 0.25);
    const lo = pooled[max(0, floor(pooled.length / 2 - half))]!;
    const hi = pooled[min(pooled.length - 1, ceil(pooled.length / 2 + half))]!;
    if (lo <= target && target <= hi) pooledCovered++;
  }
  return { coverage: covered / runs, pooledCoverage: pooledCovered / runs };
}

/** bench:compare's decision over `metrics` metrics of two simulated runs: how many calls, how many on shifted metrics. */
export function compareCalls(random: () => number, metrics: number, rounds: number, shifted: ReadonlySet<number>, shift: number): { calls: number; trueCalls: number } {
  const normal = normalDraws(random);
  const p: number[] = [];
  for (let m = 0; m < metrics; m++) {
    // Round values of one metric: mean 10, round-to-round sd 1.
    const a = Array.from({ length: rounds }, () => 10 + normal());
    const b = Array.from({ length: rounds }, () => 10 + (shifted.has(m) ? shift : 0) + normal());
    p.push(compareWelch(a, b).pValue);
  }
  const q = benjaminiHochbergAdjust(p);
  return { calls: q.filter((x) => x < 0.05).length, trueCalls: q.filter((x, m) => x < 0.05 && shifted.has(m)).length };
}

/** False calls between identical runs: share of metrics called, share of runs with any call. */
export function simulateFalseCalls(rounds: number, seed: number, trials = 1000, metrics = 40): { perMetric: number; anyCall: number } {
  const random = seededRandom(seed);
  let called = 0;
  let anyCall = 0;
  for (let t = 0; t < trials; t++) {
    const { calls } = compareCalls(random, metrics, rounds, new Set(), 0);
    called += calls;
    if (calls > 0) anyCall++;
  }
  return { perMetric: called / (trials * metrics), anyCall: anyCall / trials };
}
