/**
 * The measuring phases against the local platform: forced cold starts, warm latency at
 * fixed arrival rates (from zero instances, counting cold starts and peak instances), and
 * closed-model throughput at rising concurrency.
 */
import type { Platform } from '../../platform/src/platform';
import type { ReportRecord } from '../../platform/src/report';
import { runClosedModel } from './closed-model';
import { request, resetConnections } from './http';
import { runOpenModel } from './open-model';
import type { ColdStartSample, ThroughputSample, WarmSample } from './raw';

/** Collects REPORT records per runtime while a phase runs. */
export class ReportCollector {
  private active = new Map<string, ReportRecord[]>();

  readonly onReport = (r: ReportRecord): void => {
    this.active.get(r.runtime)?.push(r);
  };

  start(runtime: string): ReportRecord[] {
    const list: ReportRecord[] = [];
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
  runtime: string;
  memoryMb: number;
  round: number;
  /** The request that meets the fresh instance; GET /metrics also reports memory after init. */
  path: string;
}

/** One forced cold start: every instance of the runtime ended, then one request. */
export async function coldStart(c: ColdStartContext): Promise<ColdStartSample> {
  await c.platform.drain(c.runtime);
  resetConnections();
  const reports = c.collector.start(c.runtime);
  try {
    const r = await request(`${c.platform.url}/${c.runtime}${c.path}`);
    const report = await waitFor(() => reports.find((x) => x.coldStart), 2000);
    const base = { runtime: c.runtime, memoryMb: c.memoryMb, round: c.round };
    if (r.status !== 200 || !report) return { ...base, ok: false, error: `${r.status} ${r.error ?? r.body.slice(0, 200)}${report ? '' : ' (no cold REPORT)'}` };
    let memoryAfterInitMb: number | undefined;
    try {
      const rss = (JSON.parse(r.body) as { memory?: { rssBytes?: number } }).memory?.rssBytes;
      if (typeof rss === 'number') memoryAfterInitMb = Math.round((rss / 1048576) * 10) / 10;
    } catch {
      // A floor answers with a body of its own: no memory figure then.
    }
    return {
      ...base,
      ok: true,
      initDurationMs: report.initDurationMs,
      firstInvocationMs: report.durationMs,
      clientMs: Math.round((r.doneAt - r.sentAt) * 100) / 100,
      ...(report.maxMemoryUsedMb !== null ? { maxMemoryUsedMb: report.maxMemoryUsedMb } : {}),
      ...(memoryAfterInitMb !== undefined ? { memoryAfterInitMb } : {}),
    };
  } finally {
    c.collector.stop(c.runtime);
  }
}

export interface WarmContext {
  platform: Platform;
  collector: ReportCollector;
  runtime: string;
  memoryMb: number;
  round: number;
  rate: number;
  durationS: number;
  warmupS: number;
  seed: number;
  seedIds: string[];
  onTick?: (sent: number) => void;
}

/**
 * Whether a scale-out has finished: there are instances and each has finished its init. A
 * cold instance is `busy` (not `starting`) while it initializes for the request that
 * started it, so the state alone does not tell; the recorded Init Duration does.
 */
export function scaleOutDone(instances: readonly { initDurationMs: number | undefined }[]): boolean {
  return instances.length > 0 && instances.every((i) => i.initDurationMs !== undefined);
}

/** Open-model phase from zero instances: latencies after the warm-up, cold starts and peak instances over all of it. */
export async function warmPhase(c: WarmContext): Promise<WarmSample & { errorSamples: string[] }> {
  await c.platform.drain(c.runtime);
  resetConnections();
  const reports = c.collector.start(c.runtime);
  const pool = c.platform.pool(c.runtime);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, pool.size)), 20);
  try {
    // Latencies are recorded once the scale-out is over: every instance has finished its init.
    const ready = () => scaleOutDone(pool.instances());
    const r = await runOpenModel({ baseUrl: `${c.platform.url}/${c.runtime}`, rate: c.rate, durationS: c.durationS, warmupS: c.warmupS, ready, maxWarmupS: 30, seed: c.seed, seedIds: c.seedIds, onTick: c.onTick });
    await sleep(50);
    peak = Math.max(peak, pool.size);
    const warm = reports.filter((x) => !x.coldStart);
    return {
      runtime: c.runtime,
      memoryMb: c.memoryMb,
      rate: c.rate,
      round: c.round,
      durationS: c.durationS,
      requests: r.recorder.samples.length,
      errors: r.errors,
      measuredRequests: r.measuredRequests,
      measuredErrors: r.measuredErrors,
      errorSamples: r.errorSamples,
      latencyMs: r.recorder.samples,
      uncorrectedMs: r.recorder.uncorrectedSamples,
      serverDurationMs: warm.map((x) => x.durationMs),
      // Steady state: a cold invocation's billed init is amortized away at real traffic.
      billedDurationMs: warm.map((x) => x.billedDurationMs),
      maxMemoryUsedMb: reports.flatMap((x) => (x.maxMemoryUsedMb === null ? [] : [x.maxMemoryUsedMb])),
      cpuTimeMs: warm.flatMap((x) => (x.cpuTimeMs === undefined ? [] : [x.cpuTimeMs])),
      coldStarts: reports.filter((x) => x.coldStart).length,
      invocations: reports.length,
      peakInstances: peak,
    };
  } finally {
    clearInterval(sampler);
    c.collector.stop(c.runtime);
  }
}

/** Closed model at one concurrency on the read paths (warm instances from the warm phase). */
export async function throughputStep(baseUrl: string, runtime: string, memoryMb: number, round: number, concurrency: number, durationS: number, seedIds: string[]): Promise<ThroughputSample> {
  resetConnections();
  const paths = [...seedIds.slice(0, 4).map((id) => `/${runtime}/items/${id}`), `/${runtime}/items?limit=20`];
  const r = await runClosedModel(baseUrl, paths, concurrency, durationS);
  return { runtime, memoryMb, round, ...r };
}
