/**
 * Coverage of the bench's intervals, by simulation. A simulated run has R rounds (each
 * profile's round count); every round shifts all its values by a round effect (fresh
 * instances, the machine's state) and draws n values around it. The interval under test is
 * the one every figure uses (rounds.ts measure): the mean of round medians ± t(R − 1) × sd/√R.
 * It must hold the true value (the expected round median) in ≥ 93 % of 1,000 runs at nominal 95 %.
 */
import { PROFILES } from '../src/options';
import { measure } from '../src/rounds';
import { SCENARIOS, simulateCoverage } from './helpers/simulation';

const profiles = Object.entries(PROFILES).filter(([, p]) => p.rounds >= 2);

describe.each(profiles)('profile %s: the 95 % interval covers ≥ 93 % of 1,000 simulated runs', (_, profile) => {
  test.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (__, scenario) => {
    // Act
    const { coverage } = simulateCoverage(scenario, profile.rounds, profile.rounds * 1000 + scenario.n);
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
  const { pooledCoverage } = simulateCoverage(SCENARIOS[0]!, PROFILES.quick.rounds, 7);
  // Assess
  expect(pooledCoverage).toBeLessThan(0.5);
});
