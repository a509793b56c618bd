/** The profiles' time budgets by design (budget.ts BUDGET_PER_RUNTIME_S), for the runtimes and floors this repository has. */
import { discoverRuntimes } from '../../core/src/runtimes';
import { BUDGET_PER_RUNTIME_S, assumedSweepRateRps, plannedSeconds, plannedSweepSeconds, sweepSteps } from '../src/budget';
import { FLOORS_DIR } from '../src/floors';
import { parseOptions } from '../src/options';
import { parseSweepOptions } from '../src/sweep/options';

const RUNTIMES = discoverRuntimes().length;
const FLOORS = discoverRuntimes(FLOORS_DIR).length;

test('the repository has runtimes and floors to plan for', () => {
  expect(RUNTIMES).toBeGreaterThanOrEqual(2);
  expect(FLOORS).toBeGreaterThanOrEqual(1);
});

test('quick is planned within its budget (6 minutes for four runtimes)', () => {
  const plan = plannedSeconds(parseOptions(['--quick']), RUNTIMES, FLOORS);
  expect(plan.totalS).toBeLessThanOrEqual(BUDGET_PER_RUNTIME_S.quick * RUNTIMES);
  expect(plan.parts.warm).toBeGreaterThan(0);
  expect(plan.parts.capacity).toBeGreaterThan(0);
});

test('the default profile is planned within its budget (25 minutes for four runtimes)', () => {
  expect(plannedSeconds(parseOptions([]), RUNTIMES, FLOORS).totalS).toBeLessThanOrEqual(BUDGET_PER_RUNTIME_S.default * RUNTIMES);
});

test('the plan grows with rounds and memory sizes', () => {
  const base = plannedSeconds(parseOptions(['--quick']), RUNTIMES, FLOORS).totalS;
  expect(plannedSeconds(parseOptions(['--quick', '--rounds', '6']), RUNTIMES, FLOORS).totalS).toBeGreaterThan(base * 1.7);
  expect(plannedSeconds(parseOptions(['--quick', '--memory', '512,1769']), RUNTIMES, FLOORS).totalS).toBeGreaterThan(base);
});

describe('the sweep (budget.ts plannedSweepSeconds)', () => {
  test('every runtime over six sizes is planned within its budget (20 minutes for four runtimes)', () => {
    const { bench, sweep } = parseSweepOptions(['--sweep']);
    expect(bench.memoryMb).toHaveLength(6);
    const plan = plannedSweepSeconds(bench, sweep, RUNTIMES);
    expect(plan.totalS).toBeLessThanOrEqual(BUDGET_PER_RUNTIME_S.sweep * RUNTIMES);
    expect(plan.parts.warm).toBeGreaterThan(0);
    expect(plan.parts.cold).toBeGreaterThan(0);
  });

  test('--quick (CI) is planned within its budget (6 minutes for four runtimes)', () => {
    const { bench, sweep } = parseSweepOptions(['--sweep', '--quick']);
    expect(plannedSweepSeconds(bench, sweep, RUNTIMES).totalS).toBeLessThanOrEqual(BUDGET_PER_RUNTIME_S.sweepQuick * RUNTIMES);
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
    expect(sweepSteps(base.bench, RUNTIMES)).toBe(3 * 2 * RUNTIMES * 2);
  });
});
