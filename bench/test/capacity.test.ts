import { capacityOf, firstRate, STEP_FACTOR, stepPassed } from '../src/capacity';

test('a step passes with under 1 % errors (exactly: 1 of 100 fails) and p99 under the bound', () => {
  expect(stepPassed({ rate: 50, requests: 100, errors: 0, p50Ms: 5, p99Ms: 20 }, 100)).toBe(true);
  expect(stepPassed({ rate: 50, requests: 100, errors: 1, p50Ms: 5, p99Ms: 20 }, 100)).toBe(false);
  expect(stepPassed({ rate: 50, requests: 1000, errors: 9, p50Ms: 5, p99Ms: 20 }, 100)).toBe(true);
  expect(stepPassed({ rate: 50, requests: 100, errors: 0, p50Ms: 5, p99Ms: 100 }, 100)).toBe(false);
  expect(stepPassed({ rate: 50, requests: 0, errors: 0, p50Ms: NaN, p99Ms: NaN }, 100)).toBe(false);
});

test('the search starts at the lower of 90 % of the serial rate and 1 / serial p99, and steps down by a fifth', () => {
  // 200 req/s back to back with p99 10 ms: min(180, 100).
  expect(firstRate(200, 10)).toBe(100);
  expect(firstRate(50, 5)).toBe(45);
  expect(firstRate(0.5, 5000)).toBe(1);
  expect(STEP_FACTOR).toBe(0.8);
});

test('capacity is the highest passing step; without a failure above it, it is a lower bound', () => {
  const step = (rate: number, passed: boolean) => ({ rate, requests: 100, errors: passed ? 0 : 5, p50Ms: 5, p99Ms: 20, passed });
  expect(capacityOf([step(40, true), step(50, true), step(62.5, false)])).toEqual({ capacityRps: 50, bracketed: true });
  expect(capacityOf([step(40, false), step(32, true)])).toEqual({ capacityRps: 32, bracketed: true });
  expect(capacityOf([step(40, true), step(50, true)])).toEqual({ capacityRps: 50, bracketed: false });
  expect(capacityOf([step(40, false), step(32, false)])).toEqual({ capacityRps: null, bracketed: false });
});
