/** The profiles' time budgets by design (budget.ts): quick ≤ 6 min, default ≤ 25 min on 2 cores. */
import { plannedSeconds } from '../src/budget';
import { parseOptions } from '../src/options';

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
