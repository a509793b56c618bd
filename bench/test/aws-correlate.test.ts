/**
 * A target's samples filled from their own requests' REPORT lines: split as the local bench
 * splits its REPORTs (warm ones in the measured window, cold ones billed with init, the ramp's
 * cold starts, the steady-state counts), placed in time by the request's due time when the id
 * is known, by the line's own timestamp otherwise.
 */
import { fillCold, fillWarm, measuredRequestIds, splitRows, type PendingCold, type PendingWarm } from '../src/aws/correlate';
import type { ReportRow } from '../src/aws/reports';
import type { WarmSample } from '../src/raw';

const warmSample = (): WarmSample => ({
  runtime: 'go', memoryMb: 512, rate: 10, round: 0, durationS: 1, requests: 0, errors: 0, latencyMs: [], uncorrectedMs: [],
  serverDurationMs: [], billedDurationMs: [], maxMemoryUsedMb: [], cpuTimeMs: [], coldStarts: 0, invocations: 0, peakInstances: 0,
});

describe('splitRows: REPORT rows split as on the local platform', () => {
  test('by the lines\' own times: warm ones in the window, cold billed apart, steady counts', () => {
    // Prepare: a cold invocation arriving before the window, warm ones inside, one cold one inside.
    const rows = [
      { at: 1300, durationMs: 10, billedDurationMs: 260, initDurationMs: 250 },
      { at: 2010, durationMs: 5, billedDurationMs: 5 },
      { at: 2610, durationMs: 6, billedDurationMs: 6 },
      { at: 2900, durationMs: 7, billedDurationMs: 307, initDurationMs: 300 },
    ];
    // Act
    const split = splitRows(rows, 2000, 3000);
    // Assess
    expect(split.serverDurationMs).toEqual([5, 6]);
    expect(split.billedDurationMs).toEqual([5, 6]);
    expect(split.coldBilledDurationMs).toEqual([260, 307]);
    expect(split.rampColdStarts).toBe(1);
    expect(split.steady).toEqual({ invocations: 3, coldStarts: 1, firstHalfInvocations: 1, firstHalfColdStarts: 0 });
  });

  test('by a given arrival (the request\'s due time): a line logged late still counts where its request was', () => {
    // Prepare: logged at 5000, long after the window, but its request was due at 2100.
    const rows = [{ at: 5000, durationMs: 4, billedDurationMs: 4, id: 'a' }];
    // Act
    const byLine = splitRows(rows, 2000, 3000);
    const byRequest = splitRows(rows, 2000, 3000, () => 2100);
    // Assess
    expect(byLine.steady.invocations).toBe(0);
    expect(byRequest.steady).toEqual({ invocations: 1, coldStarts: 0, firstHalfInvocations: 1, firstHalfColdStarts: 0 });
    expect(byRequest.serverDurationMs).toEqual([4]);
  });
});

describe('a warm phase filled by request id', () => {
  const row = (requestId: string, at: number, durationMs: number, initDurationMs?: number): ReportRow => ({
    requestId, at, durationMs, billedDurationMs: Math.ceil(durationMs + (initDurationMs ?? 0)), maxMemoryUsedMb: 80, ...(initDurationMs !== undefined ? { initDurationMs } : {}),
  });

  test('the measured window\'s warm lines give the server figures; the ramp and steady records come from the due times', () => {
    // Prepare: w0 (warm-up, cold), m1..m3 measured (m3 cold), x has no REPORT line, o is another phase's.
    const w: PendingWarm = {
      sample: warmSample(),
      requestIds: ['w0', 'm1', 'm2', 'm3', 'x'],
      requestDueAt: [1000, 2000, 2400, 2600, 2700],
      phaseStart: 900,
      windowStart: 2000,
      windowEnd: 3000,
      reachedReady: true,
    };
    const found = new Map([row('w0', 1300, 10, 250), row('m1', 2010, 5), row('m2', 2410, 6), row('m3', 2900, 7, 300), row('o', 2500, 99)].map((r) => [r.requestId, r]));
    // Act
    fillWarm(w, found);
    // Assess
    expect(w.sample).toMatchObject({
      serverDurationMs: [5, 6],
      billedDurationMs: [5, 6],
      coldBilledDurationMs: [260, 307],
      coldStarts: 2,
      invocations: 4,
      ramp: { fromZero: false, seconds: 1.1, coldStarts: 1, reachedSteady: true },
      steady: { invocations: 3, coldStarts: 1, firstHalfInvocations: 2, firstHalfColdStarts: 0 },
    });
    expect(measuredRequestIds(w)).toEqual(['m1', 'm2', 'm3', 'x']);
  });
});

describe('a cold sample filled by request id', () => {
  const pending = (requestId: string | null): PendingCold => ({ kind: 'write', requestId, sample: { runtime: 'go', memoryMb: 512, round: 0, request: 'write', ok: true, clientMs: 300 } });

  test('Init Duration, first Duration, billed duration and memory from its own line', () => {
    const c = pending('a');
    fillCold(c, { requestId: 'a', at: 1, durationMs: 20, billedDurationMs: 271, maxMemoryUsedMb: 90, initDurationMs: 250.4 }, 1000);
    expect(c.sample).toMatchObject({ ok: true, initDurationMs: 250.4, firstInvocationMs: 20, billedDurationMs: 271, maxMemoryUsedMb: 90 });
  });

  test.each([
    ['no id in the answer', null, undefined, /carried no Lambda-Request-Id/],
    ['no line for the id', 'a', undefined, /no REPORT line for request a within 1 s/],
    ['a line without Init Duration', 'a', { requestId: 'a', at: 1, durationMs: 3, billedDurationMs: 3 }, /not a cold start/],
  ])('%s: a failed sample saying why, never a figure', (_, id, report, error) => {
    const c = pending(id);
    fillCold(c, report, 1000);
    expect(c.sample.ok).toBe(false);
    expect(c.sample.error).toMatch(error);
    expect(c.sample.initDurationMs).toBeUndefined();
  });
});
