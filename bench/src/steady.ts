/**
 * Steady state, from the REPORTs of a warm phase and the client's timings:
 * - the ramp (phase start → every instance initialized) apart from the measured window;
 * - the steady-state cold-start rate: cold invocations among the invocations that arrived in
 *   the measured window, with an exact binomial interval. Unlike "instances started per
 *   request over the phase", it does not shrink as the window grows: doubling the window
 *   changes it by less than its interval (checked per run on the window's first half, and by
 *   simulation in bench/test/steady.test.ts);
 * - which invocation of its instance served each request, so that the first N invocations of
 *   every new instance (JIT, lazy loading, connection set-up) are reported apart.
 */
import type { RampRecord, SteadyRecord } from './raw';
import { clopperPearson } from './stats';

/** A REPORT as the bench saw it: the platform's record plus when it arrived (epoch ms). */
export interface TimedReport {
  instanceId: string;
  durationMs: number;
  initDurationMs?: number;
  coldStart: boolean;
  /** Epoch ms at which the invocation ended (the bench's receipt of its REPORT). */
  endAt: number;
}

/** When the request behind a REPORT arrived: its end less its Duration and (cold) Init Duration. */
export const arrivalOf = (r: TimedReport): number => r.endAt - r.durationMs - (r.initDurationMs ?? 0);

/** Each REPORT's place in its instance's invocations (1 = first), counting from `before` invocations. */
export function invocationIndex(reports: readonly TimedReport[], before: ReadonlyMap<string, number> = new Map()): number[] {
  const seen = new Map<string, number>();
  const order = reports.map((r, i) => [r.endAt, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(reports.length);
  for (const [, i] of order) {
    const id = reports[i]!.instanceId;
    const k = (seen.get(id) ?? before.get(id) ?? 0) + 1;
    seen.set(id, k);
    out[i] = k;
  }
  return out;
}

/**
 * Matches answered requests to REPORTs by time: an invocation lies inside its request's
 * [send, last byte]; among candidates the tightest fit wins. Returns, per request, the index
 * of its REPORT or -1. Tolerance covers clock granularity between threads.
 */
export function matchRequests(requests: readonly { sentAt: number; doneAt: number }[], reports: readonly TimedReport[], toleranceMs = 1): number[] {
  const out = new Array<number>(requests.length).fill(-1);
  const taken = new Array<boolean>(requests.length).fill(false);
  const byStart = requests.map((q, i) => [q.sentAt, i] as const).sort((a, b) => a[0] - b[0]);
  const order = reports.map((r, i) => [r.durationMs, i] as const).sort((a, b) => a[0] - b[0]);
  // Shortest invocations first: they fit fewest requests, so they choose before long ones.
  for (const [, ri] of order) {
    const r = reports[ri]!;
    const start = r.endAt - r.durationMs;
    let best = -1;
    let bestSlack = Infinity;
    for (const [sentAt, qi] of byStart) {
      if (sentAt > start + toleranceMs) break;
      const q = requests[qi]!;
      if (taken[qi] || q.doneAt < r.endAt - toleranceMs) continue;
      const slack = start - sentAt + (q.doneAt - r.endAt);
      if (slack < bestSlack) {
        bestSlack = slack;
        best = qi;
      }
    }
    if (best >= 0) {
      taken[best] = true;
      out[best] = ri;
    }
  }
  return out;
}

/** Ramp and steady-window counts of one phase. */
export function rampAndSteady(reports: readonly TimedReport[], phaseStart: number, windowStart: number, windowEnd: number, fromZero: boolean, reachedSteady: boolean): { ramp: RampRecord; steady: SteadyRecord } {
  const half = windowStart + (windowEnd - windowStart) / 2;
  const inWindow = reports.filter((r) => arrivalOf(r) >= windowStart && arrivalOf(r) < windowEnd);
  const firstHalf = inWindow.filter((r) => arrivalOf(r) < half);
  return {
    ramp: { fromZero, seconds: Math.round((windowStart - phaseStart)) / 1000, coldStarts: reports.filter((r) => r.coldStart && arrivalOf(r) < windowStart).length, reachedSteady },
    steady: { invocations: inWindow.length, coldStarts: inWindow.filter((r) => r.coldStart).length, firstHalfInvocations: firstHalf.length, firstHalfColdStarts: firstHalf.filter((r) => r.coldStart).length },
  };
}

export interface SteadyRate {
  coldStarts: number;
  invocations: number;
  /** Cold starts per 1,000 invocations in the steady window, with its exact 95 % interval. */
  per1000: number;
  ci95Per1000: [number, number];
  /** The same over the first half of each window: the full window is "long enough" when the two agree within the half's interval. */
  firstHalfPer1000: number;
  firstHalfCi95Per1000: [number, number];
  stable: boolean;
}

/** Pools the steady windows of a runtime's phases (rounds) into one rate and checks window length. */
export function steadyRate(records: readonly SteadyRecord[]): SteadyRate | null {
  const sum = (pick: (s: SteadyRecord) => number) => records.reduce((n, s) => n + pick(s), 0);
  const n = sum((s) => s.invocations);
  if (n === 0) return null;
  const k = sum((s) => s.coldStarts);
  const hn = sum((s) => s.firstHalfInvocations);
  const hk = sum((s) => s.firstHalfColdStarts);
  const per = (x: number) => Math.round(x * 1e6) / 1000;
  const ci = clopperPearson(k, n).map(per) as [number, number];
  const halfCi = hn > 0 ? (clopperPearson(hk, hn).map(per) as [number, number]) : ([NaN, NaN] as [number, number]);
  const full = per(k / n);
  return { coldStarts: k, invocations: n, per1000: full, ci95Per1000: ci, firstHalfPer1000: hn > 0 ? per(hk / hn) : NaN, firstHalfCi95Per1000: halfCi, stable: hn > 0 && full >= halfCi[0] && full <= halfCi[1] };
}
