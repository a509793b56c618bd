/** The profiles' time budgets by design (budget.ts): quick ≤ 6 min, default ≤ 25 min; the sweep ≤ 20, its --quick ≤ 6 (2 cores). */
import { assumedSweepRateRps, plannedSeconds, plannedSweepSeconds, sweepSteps } from '../src/budget';
import { parseOptions } from '../src/options';
import { parseSweepOptions } from '../src/sweep/options';

// The repository's four runtimes and four floors.
const RUNTIMES = 4;
const FLOORS = 4;

test('quick is planned within 6 minutes', () => {
  const plan = plannedSeconds(parseOptions(['--quick']), RUNTIMES, FLOORS);
  expect(plan.totalS).toBeLessThanOrEqual(360);
  expect(plan.parts.warm).toBeGreaterThan(0);
  expect(plan.parts.capacity).toBeGreaterThan(0);
});

test('the default profile is planned within 25 minutes', () => {
  expect(plannedSeconds(parseOptions([]), RUNTIMES, FLOORS).totalS).toBeLessThanOrEqual(1500);
});

test('the plan grows with rounds and memory sizes', () => {
  const base = plannedSeconds(parseOptions(['--quick']), RUNTIMES, FLOORS).totalS;
  expect(plannedSeconds(parseOptions(['--quick', '--rounds', '6']), RUNTIMES, FLOORS).totalS).toBeGreaterThan(base * 1.7);
  expect(plannedSeconds(parseOptions(['--quick', '--memory', '512,1769']), RUNTIMES, FLOORS).totalS).toBeGreaterThan(base);
});

describe('the sweep (budget.ts plannedSweepSeconds)', () => {
  test('four runtimes over six sizes are planned within 20 minutes', () => {
    const { bench, sweep } = parseSweepOptions(['--sweep']);
    expect(bench.memoryMb).toHaveLength(6);
    const plan = plannedSweepSeconds(bench, sweep, RUNTIMES);
    expect(plan.totalS).toBeLessThanOrEqual(1200);
    expect(plan.parts.warm).toBeGreaterThan(0);
    expect(plan.parts.cold).toBeGreaterThan(0);
  });

  test('--quick (CI) is planned within 6 minutes', () => {
    const { bench, sweep } = parseSweepOptions(['--sweep', '--quick']);
    expect(plannedSweepSeconds(bench, sweep, RUNTIMES).totalS).toBeLessThanOrEqual(360);
  });

  test('the plan grows with rounds and sizes, and small sizes cost more (lower rate, longer window)', () => {
    const base = parseSweepOptions(['--sweep', '--quick']);
    const total = (argv: string[]) => {
      const o = parseSweepOptions(['--sweep', ...argv]);
      return plannedSweepSeconds(o.bench, o.sweep, RUNTIMES).totalS;
    };
    expect(total(['--quick', '--rounds', '4'])).toBeGreaterThan(plannedSweepSeconds(base.bench, base.sweep, RUNTIMES).totalS * 1.6);
    expect(total(['--memory', '128'])).toBeGreaterThan(total(['--memory', '3008']));
    expect(assumedSweepRateRps(128, base.sweep)).toBeLessThan(assumedSweepRateRps(3008, base.sweep));
    expect(assumedSweepRateRps(10240, base.sweep)).toBe(assumedSweepRateRps(3008, base.sweep));
    expect(sweepSteps(base.bench, RUNTIMES)).toBe(3 * 2 * 4 * 2);
  });
});
