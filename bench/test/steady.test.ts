/**
 * Steady state: the steady-state cold-start rate does not depend on the window length (the
 * old "cold starts per 1,000 requests" over the whole phase did), REPORTs are matched to their
 * requests, and each instance's first invocations are counted.
 */
import { arrivalOf, invocationIndex, matchRequests, rampAndSteady, steadyRate, type TimedReport } from '../src/steady';
import { seededRandom } from '../src/stats';

/**
 * A measured window at `rate` req/s after a ramp of `rampCold` instances: each steady
 * invocation is cold with probability p. The window's first half is the window of half the
 * length: doubling the window is going from the first half to the whole.
 */
function phase(random: () => number, windowS: number, rate: number, p: number, rampCold: number) {
  const n = Math.round(windowS * rate);
  let k = 0;
  let firstHalfK = 0;
  for (let i = 0; i < n; i++) {
    if (random() < p) {
      k++;
      if (i < n / 2) firstHalfK++;
    }
  }
  const rampRequests = Math.round(2 * rate);
  const half = Math.ceil(n / 2);
  return {
    steady: { invocations: n, coldStarts: k, firstHalfInvocations: half, firstHalfColdStarts: firstHalfK },
    // The old figure: every cold start of the phase (ramp included) per 1,000 requests of the phase.
    oldPer1000: ((rampCold + k) / (rampRequests + n)) * 1000,
    oldHalfPer1000: ((rampCold + firstHalfK) / (rampRequests + half)) * 1000,
  };
}

describe('steady-state cold-start rate', () => {
  test.each([[0], [0.001], [0.01]])('doubling the window changes it by less than its interval in ≥ 95 % of 1,000 simulated runs (p = %f)', (p) => {
    // Prepare: 30 req/s, 10 instances started in the ramp, windows of 60 s and 120 s.
    const random = seededRandom(Math.round(p * 1e5) + 1);
    let within = 0;
    let oldWithin = 0;
    const runs = 1000;
    // Act
    for (let run = 0; run < runs; run++) {
      const w = phase(random, 120, 30, p, 10);
      const r = steadyRate([w.steady])!;
      if (r.stable) within++;
      if (w.oldPer1000 >= r.firstHalfCi95Per1000[0] && w.oldPer1000 <= r.firstHalfCi95Per1000[1] && Math.abs(w.oldPer1000 - w.oldHalfPer1000) <= (r.firstHalfCi95Per1000[1] - r.firstHalfCi95Per1000[0]) / 2) oldWithin++;
    }
    // Assess: the new figure is stable; where the ramp dominates (rare steady cold starts, as
    // locally), the old one (ramp included) nearly halves and moves by more than the interval.
    expect(within / runs).toBeGreaterThanOrEqual(0.95);
    if (p <= 0.001) expect(oldWithin / runs).toBeLessThan(0.5);
  });

  test('its exact interval covers the true rate ≥ 95 % of 1,000 simulated windows', () => {
    const random = seededRandom(5);
    let covered = 0;
    for (let run = 0; run < 1000; run++) {
      const r = steadyRate([phase(random, 20, 30, 0.005, 0).steady])!;
      if (r.ci95Per1000[0] <= 5 && 5 <= r.ci95Per1000[1]) covered++;
    }
    expect(covered / 1000).toBeGreaterThanOrEqual(0.95);
  });

  test('pools rounds and says whether the window was long enough', () => {
    // Act
    const r = steadyRate([
      { invocations: 300, coldStarts: 0, firstHalfInvocations: 150, firstHalfColdStarts: 0 },
      { invocations: 300, coldStarts: 1, firstHalfInvocations: 150, firstHalfColdStarts: 1 },
    ])!;
    // Assess
    expect(r).toMatchObject({ coldStarts: 1, invocations: 600, stable: true });
    expect(r.per1000).toBeCloseTo(1.667, 3);
    expect(r.ci95Per1000[0]).toBeGreaterThan(0);
    expect(steadyRate([])).toBeNull();
    // All cold starts in the first half and many of them: the full window falls outside the half's interval.
    expect(steadyRate([{ invocations: 1000, coldStarts: 40, firstHalfInvocations: 500, firstHalfColdStarts: 40 }])!.stable).toBe(false);
  });
});

const report = (instanceId: string, endAt: number, durationMs: number, initDurationMs?: number): TimedReport => ({ instanceId, endAt, durationMs, coldStart: initDurationMs !== undefined, ...(initDurationMs !== undefined ? { initDurationMs } : {}) });

describe('ramp, window and instance warm-up from REPORTs', () => {
  test('each REPORT gets its place among its instance’s invocations, counting from before the phase', () => {
    const reports = [report('a', 30, 5, 100), report('b', 35, 5, 100), report('a', 40, 5), report('a', 50, 5), report('c', 60, 5)];
    expect(invocationIndex(reports)).toEqual([1, 1, 2, 3, 1]);
    expect(invocationIndex(reports, new Map([['c', 7]]))).toEqual([1, 1, 2, 3, 8]);
  });

  test('ramp and steady window: cold starts before the window are the ramp, inside it the steady state', () => {
    // Prepare: arrivals at 0 (cold), 10 (cold), 200 (warm), 260 (cold), 350 (warm); window [100, 400).
    const reports = [report('a', 105, 5, 100), report('b', 115, 5, 100), report('a', 205, 5), report('c', 365, 5, 100), report('a', 355, 5)];
    // Act
    const { ramp, steady } = rampAndSteady(reports, 0, 100, 400, true, true);
    // Assess
    expect(reports.map(arrivalOf)).toEqual([0, 10, 200, 260, 350]);
    expect(ramp).toEqual({ fromZero: true, seconds: 0.1, coldStarts: 2, reachedSteady: true });
    expect(steady).toEqual({ invocations: 3, coldStarts: 1, firstHalfInvocations: 1, firstHalfColdStarts: 0 });
  });

  test('requests are matched to the invocation inside them, the tightest fit first', () => {
    // Prepare: request 0 spans [0, 100]; request 1 [33, 45] overlaps it; both invocations fit inside request 0.
    const requests = [{ sentAt: 0, doneAt: 100 }, { sentAt: 33, doneAt: 45 }, { sentAt: 500, doneAt: 510 }];
    const reports = [report('x', 98, 95), report('y', 43, 8), report('z', 900, 5)];
    // Act / Assess
    expect(matchRequests(requests, reports)).toEqual([0, 1, -1]);
  });
});
