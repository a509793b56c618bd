/**
 * Coverage of the bench's intervals, by simulation. A simulated run has R rounds (each
 * profile's round count); every round shifts all its values by a round effect (fresh
 * instances, the machine's state) and draws n values around it. The interval under test is
 * the one every figure uses (rounds.ts measure): the mean of round medians ± t(R − 1) × sd/√R.
 * It must hold the true value (the expected round median) ≥ 93 % of 1,000+ runs at nominal 95 %.
 */
import { PROFILES } from '../src/options';
import { measure } from '../src/rounds';
import { median, normalDraws, seededRandom, sortNumbers } from '../src/stats';

interface Scenario {
  name: string;
  /** Values per round. */
  n: number;
  /** Round effect (added to every value of a round). */
  roundEffect: (normal: () => number, random: () => number) => number;
  /** One value within a round, around 0. */
  within: (normal: () => number) => number;
}

const RUNS = 1000;
const { exp } = Math; // looked up once: the global Math is slow inside Jest's VM context

/** The case: 80 requests per round, round-to-round spread twice the within-round noise. */
const SCENARIOS: Scenario[] = [
  { name: 'latency: 80 per round, round spread 2× the within-round noise', n: 80, roundEffect: (normal) => 2 * normal(), within: (normal) => normal() },
  { name: 'latency: 100 per round, skewed (lognormal) within rounds, round spread 0.3', n: 100, roundEffect: (normal) => 0.3 * normal(), within: (normal) => exp(0.6 * normal()) },
  { name: 'latency: 40 per round, no round effect at all', n: 40, roundEffect: () => 0, within: (normal) => normal() },
  { name: 'cold starts: 2 per round, small uniform round effect', n: 2, roundEffect: (_, random) => 0.5 * (random() - 0.5), within: (normal) => normal() },
];

const truths = new Map<Scenario, number>();

/** The expected round median, by a large simulation with its own seed. */
function truth(s: Scenario): number {
  if (truths.has(s)) return truths.get(s)!;
  const random = seededRandom(99);
  const normal = normalDraws(random);
  let sum = 0;
  const draws = 4000;
  for (let i = 0; i < draws; i++) sum += median(Array.from({ length: s.n }, () => s.within(normal)));
  // Round effects have mean 0 in every scenario.
  truths.set(s, sum / draws);
  return sum / draws;
}

function simulate(s: Scenario, rounds: number, seed: number): { coverage: number; pooledCoverage: number } {
  const random = seededRandom(seed);
  const normal = normalDraws(random);
  const target = truth(s);
  let covered = 0;
  let pooledCovered = 0;
  for (let run = 0; run < RUNS; run++) {
    const groups = Array.from({ length: rounds }, () => {
      const b = s.roundEffect(normal, random);
      return Array.from({ length: s.n }, () => b + s.within(normal));
    });
    const m = measure(groups);
    if (m.ci95 && m.ci95[0] <= target && target <= m.ci95[1]) covered++;
    // For contrast: the per-request interval (order statistics of the pooled values), which ignores rounds.
    const pooled = sortNumbers(groups.flat());
    const half = 1.96 * Math.sqrt(pooled.length * 0.25);
    const lo = pooled[Math.max(0, Math.floor(pooled.length / 2 - half))]!;
    const hi = pooled[Math.min(pooled.length - 1, Math.ceil(pooled.length / 2 + half))]!;
    if (lo <= target && target <= hi) pooledCovered++;
  }
  return { coverage: covered / RUNS, pooledCoverage: pooledCovered / RUNS };
}

const profiles = Object.entries(PROFILES).filter(([, p]) => p.rounds >= 2);

describe.each(profiles)('profile %s: the 95 % interval covers ≥ 93 % of simulated runs', (name, profile) => {
  test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_, scenario) => {
    // Act
    const { coverage } = simulate(scenario, profile.rounds, profile.rounds * 1000 + scenario.n);
    // Assess: binomial sd at p = .95 over 1,000 runs is 0.7 %; the t-interval is exact for normal round values.
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.98);
  });
});

test('every profile used for figures has at least two rounds, and smoke (one round) gives no interval at all', () => {
  expect(profiles.map(([n]) => n).sort()).toEqual(['default', 'full', 'quick']);
  expect(PROFILES.smoke.rounds).toBe(1);
  expect(measure([[1, 2, 3]]).ci95).toBeNull();
});

test('the per-request interval, which ignores rounds, fails the same test (the check can fail)', () => {
  // Prepare: the case with the quick profile's rounds.
  const { pooledCoverage } = simulate(SCENARIOS[0]!, PROFILES.quick.rounds, 7);
  // Assess
  expect(pooledCoverage).toBeLessThan(0.5);
});
