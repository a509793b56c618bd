/**
 * Open-model load at a fixed arrival rate (wrk2's model): request i is due at
 * start + i / rate whether or not earlier ones have answered, and its latency counts from
 * that due time (coordinated omission corrected). The CRUD mix cycles
 * create → get → update → list → delete plus extra reads, on items the phase seeds itself.
 */
import { LatencyRecorder } from './histogram';
import { request, type HttpResult } from './http';
import { seededRandom } from './stats';

export interface OpenModelOptions {
  baseUrl: string;
  rate: number;
  durationS: number;
  /** Latencies before this many seconds are not recorded (instances scale up meanwhile). */
  warmupS: number;
  /**
   * When given, the warm-up also lasts until ready() is true (no instance still starting),
   * capped at maxWarmupS; durationS is then the measured window after it.
   */
  ready?: () => boolean;
  maxWarmupS?: number;
  seed: number;
  /** Ids to read and update (created by seedItems). */
  seedIds: string[];
  /** Called every second with the count sent so far. */
  onTick?: (sent: number) => void;
  /** Called with each answer's outcome (a deployed stage's ready(): answers steady, bench/src/target.ts). */
  onAnswer?: (ok: boolean) => void;
}

export interface OpenModelResult {
  recorder: LatencyRecorder;
  requests: number;
  errors: number;
  /** Requests due in the measured window (after the warm-up), answered or not. */
  measuredRequests: number;
  /** Of those, the ones that failed (wrong status, throttled, timed out): kept out of the latencies. */
  measuredErrors: number;
  errorSamples: string[];
  sent: number;
  achievedRps: number;
  /** Worst lag of a send behind its due time (ms): the generator's own health. */
  maxSendLagMs: number;
  /** Items this phase created and did not delete (a deployed stage gives them an expiry). */
  createdIds: string[];
  /**
   * Lambda-Request-Id of every answer that carried one, and of the measured window's answers
   * alone: a deployed stage matches them to REPORT lines (bench/src/aws/reports.ts).
   */
  requestIds: string[];
  measuredRequestIds: string[];
}

type Op = 'create' | 'get' | 'update' | 'list' | 'delete';
/** One cycle: the CRUD chain, then reads (reads dominate real APIs). */
export const MIX: Op[] = ['create', 'get', 'update', 'list', 'delete', 'get', 'get', 'list', 'get', 'get'];
const EXPECTED: Record<Op, number> = { create: 201, get: 200, update: 200, list: 200, delete: 204 };

export const itemBody = (i: number) => JSON.stringify({ name: `bench item ${i}`, description: 'created by the benchmark', price: (i % 1000) + 0.99 });

export async function seedItems(baseUrl: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await request(`${baseUrl}/items`, 'POST', itemBody(i));
    if (r.status !== 201) throw new Error(`seeding ${baseUrl}/items failed: ${r.status} ${r.error ?? r.body.slice(0, 200)}`);
    ids.push((JSON.parse(r.body) as { id: string }).id);
  }
  return ids;
}

export async function runOpenModel(o: OpenModelOptions): Promise<OpenModelResult> {
  const random = seededRandom(o.seed);
  const recorder = new LatencyRecorder();
  const created: string[] = [];
  const intervalMs = 1000 / o.rate;
  const start = performance.now() + 20;
  // Without ready(): a fixed schedule of durationS with the first warmupS unrecorded.
  // With ready(): warm-up until ready (at least warmupS), then durationS measured.
  let warmupEnd = o.ready ? Infinity : start + o.warmupS * 1000;
  let total = o.ready ? Number.MAX_SAFE_INTEGER : Math.max(1, Math.round(o.rate * o.durationS));
  const maxWarmupEnd = start + (o.maxWarmupS ?? 30) * 1000;
  const inflight: Promise<void>[] = [];
  let errors = 0;
  let recorded = 0;
  let measuredRequests = 0;
  let measuredErrors = 0;
  let maxSendLagMs = 0;
  const errorSamples: string[] = [];
  const requestIds: string[] = [];
  const measuredRequestIds: string[] = [];
  const pick = () => o.seedIds[Math.floor(random() * o.seedIds.length)]!;

  const fire = (i: number, due: number): Promise<void> => {
    const op = MIX[i % MIX.length]!;
    let call: Promise<HttpResult>;
    let chosen: Op = op;
    if (op === 'create') call = request(`${o.baseUrl}/items`, 'POST', itemBody(i));
    else if (op === 'update') call = request(`${o.baseUrl}/items/${pick()}`, 'PUT', itemBody(i + 1));
    else if (op === 'list') call = request(`${o.baseUrl}/items?limit=20`);
    else if (op === 'delete' && created.length) call = request(`${o.baseUrl}/items/${created.shift()}`, 'DELETE');
    else {
      chosen = 'get';
      call = request(`${o.baseUrl}/items/${pick()}`);
    }
    return call.then((r) => {
      if (chosen === 'create' && r.status === 201) created.push((JSON.parse(r.body) as { id: string }).id);
      if (r.lambdaRequestId) requestIds.push(r.lambdaRequestId);
      if (r.lambdaRequestId && due >= warmupEnd) measuredRequestIds.push(r.lambdaRequestId);
      const ok = r.status === EXPECTED[chosen];
      o.onAnswer?.(ok);
      if (!ok) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`${chosen} → ${r.status} ${r.error ?? r.body.slice(0, 120)}`);
      }
      if (due >= warmupEnd) {
        measuredRequests++;
        // Latency is a property of answered requests: a throttle or error answers fast and would
        // flatter the percentiles. Failures are counted, and a runtime whose window has more than
        // 1 % of them is not ranked on latency at that rate (aggregate.ts).
        if (ok) {
          recorder.record(due, r.sentAt, r.doneAt);
          recorded++;
        } else measuredErrors++;
      }
    });
  };

  let next = 0;
  let lastTick = start;
  while (next < total) {
    const now = performance.now();
    if (o.ready && warmupEnd === Infinity && now >= start + o.warmupS * 1000 && (o.ready() || now >= maxWarmupEnd)) {
      warmupEnd = start + next * intervalMs;
      total = next + Math.max(1, Math.round(o.rate * o.durationS));
    }
    while (next < total && start + next * intervalMs <= now) {
      const due = start + next * intervalMs;
      maxSendLagMs = Math.max(maxSendLagMs, now - due);
      inflight.push(fire(next, due));
      next++;
    }
    if (o.onTick && now - lastTick >= 1000) {
      lastTick = now;
      o.onTick(next);
    }
    const wait = start + next * intervalMs - performance.now();
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(wait, 50))));
  }
  await Promise.all(inflight);
  const measuredS = Math.max(0.001, o.ready ? o.durationS : o.durationS - o.warmupS);
  return { recorder, requests: total, errors, measuredRequests, measuredErrors, errorSamples, sent: next, achievedRps: recorded / measuredS, maxSendLagMs, createdIds: created, requestIds, measuredRequestIds };
}
