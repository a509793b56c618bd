/**
 * A `--target` run's measured requests against their REPORT lines: each answer carried its
 * invocation's Lambda-Request-Id (the contract's header), and the REPORT line of that
 * invocation has the same RequestId (reports.ts finds them). The server-side figures of each
 * sample are filled in from its own requests' lines, split as the local bench splits its
 * REPORTs (splitRows), and the count check says how many measured requests found theirs.
 */
import type { Progress } from '../progress';
import type { ColdRequest, ColdStartSample, RampRecord, SteadyRecord, WarmSample } from '../raw';
import type { AwsClients } from './clients';
import type { DeployedFunction } from './functions';
import { findReports, type ReportRow } from './reports';
import type { Correlation, TargetRaw, TargetResults } from './target-results';

/** A cold request sent, waiting for its REPORT line. */
export interface PendingCold {
  sample: ColdStartSample;
  kind: ColdRequest;
  requestId: string | null;
}

/** A warm phase run, waiting for its REPORT lines: its answers' ids and when each request was due (epoch ms). */
export interface PendingWarm {
  sample: WarmSample;
  requestIds: string[];
  requestDueAt: number[];
  phaseStart: number;
  windowStart: number;
  windowEnd: number;
  reachedReady: boolean;
}

/** The REPORT fields splitRows reads. */
export interface SplitRow {
  /** Epoch ms of the log event (the invocation's end). */
  at: number;
  durationMs: number;
  billedDurationMs: number;
  maxMemoryUsedMb?: number;
  initDurationMs?: number;
}

/** When the request behind a REPORT arrived, from the line alone: its end less its Duration and Init Duration. */
export const arrivalFromReport = (r: SplitRow): number => r.at - r.durationMs - (r.initDurationMs ?? 0);

/**
 * A phase's REPORT rows split like the local platform's: warm ones in the measured window, cold
 * ones with their billed init, the ramp's cold starts, and the steady-state counts. `arrival`
 * places a row in time: by default from the line itself; with exact correlation, the due time
 * of the request that carried its id.
 */
export function splitRows<R extends SplitRow>(rows: readonly R[], windowStart: number, windowEnd: number, arrival: (r: R) => number = arrivalFromReport) {
  const inWindow = rows.filter((r) => Number.isFinite(arrival(r)) && arrival(r) >= windowStart && arrival(r) < windowEnd);
  const half = windowStart + (windowEnd - windowStart) / 2;
  const firstHalf = inWindow.filter((r) => arrival(r) < half);
  const warm = inWindow.filter((r) => r.initDurationMs === undefined);
  const cold = rows.filter((r) => r.initDurationMs !== undefined);
  const steady: SteadyRecord = { invocations: inWindow.length, coldStarts: inWindow.length - warm.length, firstHalfInvocations: firstHalf.length, firstHalfColdStarts: firstHalf.filter((r) => r.initDurationMs !== undefined).length };
  return {
    serverDurationMs: warm.map((r) => r.durationMs),
    billedDurationMs: warm.map((r) => r.billedDurationMs),
    coldBilledDurationMs: cold.map((r) => r.billedDurationMs),
    maxMemoryUsedMb: rows.flatMap((r) => (r.maxMemoryUsedMb === undefined ? [] : [r.maxMemoryUsedMb])),
    coldStarts: cold.length,
    rampColdStarts: cold.filter((r) => arrival(r) < windowStart).length,
    steady,
  };
}

export interface CorrelateTimings {
  logsWaitMs: number;
  queryTimeoutMs: number;
}

/**
 * Finds every measured request's REPORT line and fills in the server-side figures; counts the
 * rest. A request id without its line marks the run incomplete (pushed to `outcome.incomplete`).
 */
export async function correlate(
  clients: AwsClients,
  outcome: { deployed: DeployedFunction[]; target: TargetResults; raw: TargetRaw; incomplete: string[] },
  cold: PendingCold[],
  warm: PendingWarm[],
  started: number,
  timings: CorrelateTimings,
  sleep: ((ms: number) => Promise<void>) | undefined,
  endpoint: string | undefined,
  progress: Progress,
): Promise<void> {
  for (const d of outcome.deployed) {
    const coldHere = cold.filter((c) => c.sample.runtime === d.runtime);
    const warmHere = warm.filter((w) => w.sample.runtime === d.runtime);
    const ids = [...coldHere.flatMap((c) => (c.requestId ? [c.requestId] : [])), ...warmHere.flatMap((w) => w.requestIds)];
    if (!ids.length && !coldHere.length && !warmHere.length) continue;
    progress.note(`${d.runtime}: finding the REPORT lines of ${ids.length} request(s) in ${d.logGroup}`);
    // Clock skew and delivery: a minute either side of the run.
    const { found, missing } = await findReports(clients.logs, d.logGroup, started - 60_000, Date.now() + 5_000, ids, { waitMs: timings.logsWaitMs, retryMs: 5_000, queryTimeoutMs: timings.queryTimeoutMs, pollMs: 100, ...(sleep ? { sleep } : {}) }, endpoint);
    outcome.raw.reports[d.runtime] = [...found.values()];
    for (const c of coldHere) {
      const report = c.requestId ? found.get(c.requestId) : undefined;
      outcome.raw.cold.push({ runtime: d.runtime, round: c.sample.round, kind: c.kind, requestId: c.requestId, report: report ?? null });
      fillCold(c, report, timings.logsWaitMs);
    }
    const measuredIds = new Set(coldHere.flatMap((c) => (c.requestId ? [c.requestId] : [])));
    for (const w of warmHere) {
      const measured = measuredRequestIds(w);
      for (const id of measured) measuredIds.add(id);
      outcome.raw.warm.push({ runtime: d.runtime, rate: w.sample.rate, round: w.sample.round, requestIds: w.requestIds, requestDueAt: w.requestDueAt, measuredRequestIds: measured });
      fillWarm(w, found);
    }
    const c: Correlation = {
      measuredRequests: coldHere.length + warmHere.reduce((n, w) => n + (w.sample.measuredRequests ?? 0), 0),
      withRequestId: measuredIds.size,
      withReport: [...measuredIds].filter((id) => found.has(id)).length,
      missingExamples: missing.filter((id) => measuredIds.has(id)).slice(0, 10),
    };
    outcome.target.correlation[d.runtime] = c;
    const without = c.measuredRequests - c.withRequestId;
    if (without) progress.note(`${d.runtime}: ${without} measured answer(s) carried no Lambda-Request-Id (answered by API Gateway itself: throttles, 5xx); they count as errors`);
    if (c.withReport < c.withRequestId) {
      outcome.incomplete.push(
        `${d.runtime}: ${c.withRequestId - c.withReport} of ${c.withRequestId} measured request(s) have no REPORT line in ${d.logGroup} after ${Math.round(timings.logsWaitMs / 1000)} s (e.g. ${c.missingExamples.slice(0, 3).join(', ')}): their server-side figures are missing; raise BENCH_LOGS_WAIT_S if CloudWatch delivers late.`,
      );
    }
  }
}

/** The ids of a warm phase's measured window: requests due in [windowStart, windowEnd). */
export function measuredRequestIds(w: Pick<PendingWarm, 'requestIds' | 'requestDueAt' | 'windowStart' | 'windowEnd'>): string[] {
  return w.requestIds.filter((_, i) => w.requestDueAt[i]! >= w.windowStart && w.requestDueAt[i]! < w.windowEnd);
}

export function fillCold(c: PendingCold, report: ReportRow | undefined, waitMs: number): void {
  const s = c.sample;
  if (!s.ok) return;
  if (!c.requestId) Object.assign(s, { ok: false, error: 'the answer carried no Lambda-Request-Id: its REPORT line cannot be found' });
  else if (!report) Object.assign(s, { ok: false, error: `no REPORT line for request ${c.requestId} within ${Math.round(waitMs / 1000)} s` });
  else if (report.initDurationMs === undefined) Object.assign(s, { ok: false, error: `not a cold start: the REPORT line of ${c.requestId} has no Init Duration${report.restoreDurationMs !== undefined ? ' (a SnapStart restore)' : ''}` });
  else {
    s.initDurationMs = report.initDurationMs;
    s.firstInvocationMs = report.durationMs;
    s.billedDurationMs = report.billedDurationMs;
    if (report.maxMemoryUsedMb !== undefined) s.maxMemoryUsedMb = report.maxMemoryUsedMb;
  }
}

/** A warm sample's server figures from its own requests' REPORT lines, placed in time by each request's due time (exact, not a time match). */
export function fillWarm(w: PendingWarm, found: ReadonlyMap<string, ReportRow>): void {
  const dueAt = new Map(w.requestIds.map((id, i) => [id, w.requestDueAt[i]!]));
  const rows = w.requestIds.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  const split = splitRows(rows, w.windowStart, w.windowEnd, (r) => dueAt.get(r.requestId) ?? NaN);
  // On a stage the warm phases continue on the instances the cold starts left: never from zero.
  const ramp: RampRecord = { fromZero: false, seconds: Math.round(w.windowStart - w.phaseStart) / 1000, coldStarts: split.rampColdStarts, reachedSteady: w.reachedReady };
  Object.assign(w.sample, {
    serverDurationMs: split.serverDurationMs,
    billedDurationMs: split.billedDurationMs,
    coldBilledDurationMs: split.coldBilledDurationMs,
    maxMemoryUsedMb: split.maxMemoryUsedMb,
    coldStarts: split.coldStarts,
    invocations: rows.length,
    ramp,
    steady: split.steady,
  });
}
