/**
 * Open-model load at a fixed arrival rate (wrk2's model): request i is due at
 * start + i / rate whether or not earlier ones have answered, and its latency counts from
 * that due time (coordinated omission corrected). The CRUD mix cycles
 * create → get → update → list → delete plus extra reads, on items the phase seeds itself.
 */
import { request, type HttpResult } from './http';
import { seededRandom } from './stats';

/** performance.now() as epoch ms: comparable across the worker thread and the main thread. */
export const epochMs = (t: number): number => performance.timeOrigin + t;

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
  /**
   * Without ready(): the warm-up lasts until the last `steadyAnswers` answers all succeeded (at
   * least warmupS, at most maxWarmupS). A deployed stage shows no instances to watch; its
   * scale-out is over when nothing is throttled or failing any more (bench/src/target.ts).
   */
  steadyAnswers?: number;
  seed: number;
  /** Ids to read and update (created by seedItems). */
  seedIds: string[];
}

export interface OpenModelResult {
  /** Answered requests of the measured window: latency from the due time (coordinated omission corrected). */
  latencyMs: number[];
  /** The same from the actual send. */
  uncorrectedMs: number[];
  /** Epoch ms of each answered request's send and last byte (to match it with its REPORT). */
  sentAt: number[];
  doneAt: number[];
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
  /** Epoch ms: phase start, and the measured window (due time of its first request .. end of its last slot). */
  phaseStart: number;
  windowStart: number;
  windowEnd: number;
  /** False when ready() never held before maxWarmupS. */
  reachedReady: boolean;
  /** Items this phase created and did not delete (a deployed stage gives them an expiry). */
  createdIds: string[];
  /**
   * The Lambda-Request-Id of every answer that carried one (the contract's header), and the
   * epoch ms its request was due: a deployed stage matches them to REPORT lines exactly
   * (bench/src/aws/reports.ts), the due time says whether it was in the measured window.
   */
  requestIds: string[];
  requestDueAt: number[];
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

/** Request i of the CRUD mix: the call and whether its status is the contract's success. */
function mixCaller(baseUrl: string, seed: number, seedIds: string[]) {
  const random = seededRandom(seed);
  const created: string[] = [];
  const pick = () => seedIds[Math.floor(random() * seedIds.length)]!;
  const mix = (i: number): Promise<{ r: HttpResult; op: Op; ok: boolean }> => {
    const op = MIX[i % MIX.length]!;
    let call: Promise<HttpResult>;
    let chosen: Op = op;
    if (op === 'create') call = request(`${baseUrl}/items`, 'POST', itemBody(i));
    else if (op === 'update') call = request(`${baseUrl}/items/${pick()}`, 'PUT', itemBody(i + 1));
    else if (op === 'list') call = request(`${baseUrl}/items?limit=20`);
    else if (op === 'delete' && created.length) call = request(`${baseUrl}/items/${created.shift()}`, 'DELETE');
    else {
      chosen = 'get';
      call = request(`${baseUrl}/items/${pick()}`);
    }
    return call.then((r) => {
      if (chosen === 'create' && r.status === 201) created.push((JSON.parse(r.body) as { id: string }).id);
      return { r, op: chosen, ok: r.status === EXPECTED[chosen] };
    });
  };
  /** Items created and not (yet) deleted by the mix. */
  return Object.assign(mix, { created });
}

/** When the warm-up may end: ready() from the caller, or the last answers (record) all succeeded. */
interface ReadyGate {
  ready: () => boolean;
  record?: (ok: boolean) => void;
}

/** Ready once the last `n` answers all succeeded. */
export function lastAnswersOk(n: number): Required<ReadyGate> {
  const last: boolean[] = [];
  return {
    record: (ok) => {
      last.push(ok);
      if (last.length > n) last.shift();
    },
    ready: () => last.length === n && last.every(Boolean),
  };
}

export async function runOpenModel(o: OpenModelOptions): Promise<OpenModelResult> {
  const call = mixCaller(o.baseUrl, o.seed, o.seedIds);
  const ready: ReadyGate | undefined = o.ready ? { ready: o.ready } : o.steadyAnswers ? lastAnswersOk(o.steadyAnswers) : undefined;
  const requestIds: string[] = [];
  const requestDueAt: number[] = [];
  const out = { latencyMs: [] as number[], uncorrectedMs: [] as number[], sentAt: [] as number[], doneAt: [] as number[] };
  const intervalMs = 1000 / o.rate;
  const start = performance.now() + 20;
  // Without ready(): a fixed schedule of durationS with the first warmupS unrecorded.
  // With ready(): warm-up until ready (at least warmupS), then durationS measured.
  let warmupEnd = ready ? Infinity : start + o.warmupS * 1000;
  let total = ready ? Number.MAX_SAFE_INTEGER : Math.max(1, Math.round(o.rate * o.durationS));
  const maxWarmupEnd = start + (o.maxWarmupS ?? 30) * 1000;
  let reachedReady = !ready;
  const inflight: Promise<void>[] = [];
  let errors = 0;
  let measuredRequests = 0;
  let measuredErrors = 0;
  let maxSendLagMs = 0;
  const errorSamples: string[] = [];

  const fire = (i: number, due: number): Promise<void> =>
    call(i).then(({ r, op, ok }) => {
      ready?.record?.(ok);
      if (r.lambdaRequestId) {
        requestIds.push(r.lambdaRequestId);
        requestDueAt.push(epochMs(due));
      }
      if (!ok) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(`${op} → ${r.status} ${r.error ?? r.body.slice(0, 120)}`);
      }
      if (due >= warmupEnd) {
        measuredRequests++;
        // Latency is a property of answered requests: a throttle or error answers fast and would
        // flatter the percentiles. Failures are counted, and a runtime whose window has more than
        // 1 % of them is not ranked on latency at that rate (aggregate.ts).
        if (ok) {
          out.latencyMs.push(Math.round((r.doneAt - due) * 1000) / 1000);
          out.uncorrectedMs.push(Math.round((r.doneAt - r.sentAt) * 1000) / 1000);
          out.sentAt.push(epochMs(r.sentAt));
          out.doneAt.push(epochMs(r.doneAt));
        } else measuredErrors++;
      }
    });

  let next = 0;
  while (next < total) {
    const now = performance.now();
    if (ready && warmupEnd === Infinity && now >= start + o.warmupS * 1000) {
      reachedReady = ready.ready();
      if (reachedReady || now >= maxWarmupEnd) {
        warmupEnd = start + next * intervalMs;
        total = next + Math.max(1, Math.round(o.rate * o.durationS));
      }
    }
    while (next < total && start + next * intervalMs <= now) {
      const due = start + next * intervalMs;
      maxSendLagMs = Math.max(maxSendLagMs, now - due);
      inflight.push(fire(next, due));
      next++;
    }
    const wait = start + next * intervalMs - performance.now();
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(wait, 50))));
  }
  await Promise.all(inflight);
  const measuredS = Math.max(0.001, ready ? o.durationS : o.durationS - o.warmupS);
  return {
    ...out,
    requests: total,
    errors,
    measuredRequests,
    measuredErrors,
    errorSamples,
    sent: next,
    achievedRps: out.latencyMs.length / measuredS,
    maxSendLagMs,
    phaseStart: epochMs(start),
    windowStart: epochMs(warmupEnd),
    windowEnd: epochMs(start + total * intervalMs),
    reachedReady,
    createdIds: [...call.created],
    requestIds,
    requestDueAt,
  };
}

export interface SerialResult {
  requests: number;
  errors: number;
  /** Answered requests per second. */
  rps: number;
  latencyMs: number[];
}

/** The CRUD mix back to back on one connection (closed model, concurrency 1): for a count or a duration. */
export async function runSerial(o: { baseUrl: string; seed: number; seedIds: string[]; count?: number; durationS?: number }): Promise<SerialResult> {
  const call = mixCaller(o.baseUrl, o.seed, o.seedIds);
  const start = performance.now();
  const end = start + (o.durationS ?? Infinity) * 1000;
  const latencyMs: number[] = [];
  let errors = 0;
  let i = 0;
  while ((o.count === undefined || i < o.count) && performance.now() < end) {
    const { r, ok } = await call(i++);
    if (ok) latencyMs.push(r.doneAt - r.sentAt);
    else errors++;
  }
  const seconds = (performance.now() - start) / 1000;
  return { requests: i, errors, rps: seconds > 0 ? latencyMs.length / seconds : 0, latencyMs };
}
