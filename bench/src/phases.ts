/**
 * The measuring phases against the local platform: forced cold starts that do real work,
 * warm latency at fixed arrival rates (ramp and steady state apart), and machine-bound
 * closed-model throughput. Per-instance capacity is in capacity.ts. Every request goes
 * through the load generator's worker thread.
 */
import type { Platform } from '../../platform/src/platform';
import type { ReportRecord } from '../../platform/src/report';
import type { LoadGenerator } from './loadgen/client';
import { epochMs, itemBody } from './open-model';
import type { ColdRequest, ColdStartSample, ThroughputSample, WarmSample } from './raw';
import { invocationIndex, matchRequests, rampAndSteady, type TimedReport } from './steady';

export type CollectedReport = ReportRecord & TimedReport;

/** Collects REPORT records per runtime while a phase runs, stamped with their arrival (epoch ms). */
export class ReportCollector {
  private active = new Map<string, CollectedReport[]>();

  readonly onReport = (r: ReportRecord): void => {
    // The pool reports synchronously as the invocation ends, before the gateway answers.
    this.active.get(r.runtime)?.push({ ...r, endAt: epochMs(performance.now()) });
  };

  start(runtime: string): CollectedReport[] {
    const list: CollectedReport[] = [];
    this.active.set(runtime, list);
    return list;
  }

  stop(runtime: string): void {
    this.active.delete(runtime);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(get: () => T | undefined, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined || Date.now() > end) return v;
    await sleep(5);
  }
}

export interface ColdStartContext {
  platform: Platform;
  collector: ReportCollector;
  generator: LoadGenerator;
  runtime: string;
  memoryMb: number;
  round: number;
}

/** The request that meets a fresh instance: the same locally and on a deployed stage (bench/src/target.ts). */
export interface ColdRequestSpec {
  method: string;
  /** `id`: the item the cold write created (the read's). */
  path: (id?: string) => string;
  /** The request body, if any, for a round. */
  body?: (round: number) => string;
  status: number;
}

export const COLD_REQUESTS: Record<ColdRequest, ColdRequestSpec> = {
  // GET /metrics also reports memory after init; floors answer any path.
  probe: { method: 'GET', path: () => '/metrics', status: 200 },
  write: { method: 'POST', path: () => '/items', body: (round) => itemBody(round), status: 201 },
  read: { method: 'GET', path: (id) => `/items/${id}`, status: 200 },
};

/** What a cold answer's body tells: memory after init (the probe's GET /metrics), the item a write created. */
export function coldAnswerFigures(kind: ColdRequest, body: string): { memoryAfterInitMb?: number; createdId?: string } {
  try {
    const parsed = JSON.parse(body) as { id?: unknown; memory?: { rssBytes?: unknown } };
    const rss = parsed.memory?.rssBytes;
    return {
      ...(kind === 'probe' && typeof rss === 'number' ? { memoryAfterInitMb: Math.round((rss / 1048576) * 10) / 10 } : {}),
      ...(kind === 'write' && typeof parsed.id === 'string' ? { createdId: parsed.id } : {}),
    };
  } catch {
    // A floor answers with a body of its own: no figures then.
    return {};
  }
}

/** One forced cold start: every instance of the runtime ended, then one request of the given kind. */
export async function coldStart(c: ColdStartContext, kind: ColdRequest, opts: { id?: string; path?: string } = {}): Promise<ColdStartSample & { createdId?: string }> {
  await c.platform.drain(c.runtime);
  await c.generator.reset();
  const reports = c.collector.start(c.runtime);
  const spec = COLD_REQUESTS[kind];
  const base = { runtime: c.runtime, memoryMb: c.memoryMb, round: c.round, request: kind };
  try {
    const r = await c.generator.request(`${c.platform.url}/${c.runtime}${opts.path ?? spec.path(opts.id)}`, spec.method, spec.body?.(c.round));
    const report = await waitFor(() => reports.find((x) => x.coldStart), 2000);
    if (r.status !== spec.status || !report) return { ...base, ok: false, error: `${r.status} ${r.error ?? r.body.slice(0, 200)}${report ? '' : ' (no cold REPORT)'}` };
    const { memoryAfterInitMb, createdId } = coldAnswerFigures(kind, r.body);
    return {
      ...base,
      ok: true,
      initDurationMs: report.initDurationMs,
      firstInvocationMs: report.durationMs,
      billedDurationMs: report.billedDurationMs,
      clientMs: Math.round(r.clientMs * 100) / 100,
      ...(report.maxMemoryUsedMb !== null ? { maxMemoryUsedMb: report.maxMemoryUsedMb } : {}),
      ...(memoryAfterInitMb !== undefined ? { memoryAfterInitMb } : {}),
      ...(createdId ? { createdId } : {}),
    };
  } finally {
    c.collector.stop(c.runtime);
  }
}

/** A write on one fresh instance, then a read of what it wrote on another: the cold samples that do real work. */
export async function coldWorkPair(c: ColdStartContext): Promise<ColdStartSample[]> {
  const { createdId, ...write } = await coldStart(c, 'write');
  if (!createdId) return [write, { runtime: c.runtime, memoryMb: c.memoryMb, round: c.round, request: 'read', ok: false, error: 'no item: the cold write failed' }];
  const { createdId: _none, ...read } = await coldStart(c, 'read', { id: createdId });
  return [write, read];
}

export interface WarmContext {
  platform: Platform;
  collector: ReportCollector;
  generator: LoadGenerator;
  runtime: string;
  memoryMb: number;
  round: number;
  rate: number;
  durationS: number;
  warmupS: number;
  maxRampS: number;
  /** Start from zero instances (the first rate of a round); later rates continue on the instances left. */
  fromZero: boolean;
  seed: number;
  seedIds: string[];
}

/**
 * Whether a scale-out has finished: there are instances and each has finished its init. A
 * cold instance is `busy` (not `starting`) while it initializes for the request that
 * started it, so the state alone does not tell; the recorded Init Duration does.
 */
export function scaleOutDone(instances: readonly { initDurationMs: number | undefined }[]): boolean {
  return instances.length > 0 && instances.every((i) => i.initDurationMs !== undefined);
}

/** Open-model phase: ramp until every instance is initialized, then the measured (steady-state) window. */
export async function warmPhase(c: WarmContext): Promise<WarmSample & { errorSamples: string[] }> {
  if (c.fromZero) await c.platform.drain(c.runtime);
  await c.generator.reset();
  const pool = c.platform.pool(c.runtime);
  const before = new Map(pool.instances().map((i) => [i.id, i.invocations]));
  const reports = c.collector.start(c.runtime);
  let peak = pool.size;
  const sampler = setInterval(() => (peak = Math.max(peak, pool.size)), 20);
  try {
    const r = await c.generator.openModel(
      { baseUrl: `${c.platform.url}/${c.runtime}`, rate: c.rate, durationS: c.durationS, warmupS: c.warmupS, maxWarmupS: c.maxRampS, seed: c.seed, seedIds: c.seedIds },
      () => scaleOutDone(pool.instances()),
    );
    await sleep(50);
    peak = Math.max(peak, pool.size);
    const index = invocationIndex(reports, before);
    const inWindow = (x: CollectedReport) => x.endAt - x.durationMs - (x.initDurationMs ?? 0) >= r.windowStart;
    const steadyWarm = reports.map((x, i) => [x, index[i]!] as const).filter(([x]) => !x.coldStart && inWindow(x));
    const match = matchRequests(r.sentAt.map((sentAt, i) => ({ sentAt, doneAt: r.doneAt[i]! })), reports);
    const { ramp, steady } = rampAndSteady(reports, r.phaseStart, r.windowStart, r.windowEnd, c.fromZero, r.reachedReady);
    return {
      runtime: c.runtime,
      memoryMb: c.memoryMb,
      rate: c.rate,
      round: c.round,
      durationS: c.durationS,
      requests: r.requests,
      errors: r.errors,
      measuredRequests: r.measuredRequests,
      measuredErrors: r.measuredErrors,
      errorSamples: r.errorSamples,
      latencyMs: r.latencyMs,
      uncorrectedMs: r.uncorrectedMs,
      latencyInvocation: match.map((m) => (m >= 0 ? index[m]! : 0)),
      serverDurationMs: steadyWarm.map(([x]) => x.durationMs),
      serverInvocation: steadyWarm.map(([, k]) => k),
      billedDurationMs: steadyWarm.map(([x]) => x.billedDurationMs),
      coldBilledDurationMs: reports.filter((x) => x.coldStart).map((x) => x.billedDurationMs),
      maxMemoryUsedMb: reports.flatMap((x) => (x.maxMemoryUsedMb === null ? [] : [x.maxMemoryUsedMb])),
      cpuTimeMs: steadyWarm.flatMap(([x]) => (x.cpuTimeMs === undefined ? [] : [x.cpuTimeMs])),
      coldStarts: reports.filter((x) => x.coldStart).length,
      invocations: reports.length,
      peakInstances: peak,
      ramp,
      steady,
    };
  } finally {
    clearInterval(sampler);
    c.collector.stop(c.runtime);
  }
}

/** Closed model at one concurrency on the read paths: machine-bound (generator, gateway and instances share the cores). */
export async function throughputStep(generator: LoadGenerator, baseUrl: string, runtime: string, memoryMb: number, round: number, concurrency: number, durationS: number, seedIds: string[]): Promise<ThroughputSample> {
  await generator.reset();
  const paths = [...seedIds.slice(0, 4).map((id) => `/${runtime}/items/${id}`), `/${runtime}/items?limit=20`];
  const r = await generator.closed(baseUrl, paths, concurrency, durationS);
  return { runtime, memoryMb, round, ...r };
}
