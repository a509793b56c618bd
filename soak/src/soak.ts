/**
 * A soak: the local platform with every runtime (or some), a few clients per runtime running
 * mixed CRUD below the concurrency limit for N minutes, memory sampled throughout, then the
 * checks: every acknowledged write readable and listed, deleted items gone, no 5xx but
 * throttles, each instance's RSS growing < 10 % from minute 2 to the end, and the platform's
 * own memory bounded.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { keepAliveAgent } from '../../conformance/src/http';
import { startPlatform, type Platform } from '../../platform/src/platform';
import { baselineAtMs, growth, heapUsedAfterGc, treeRssBytes, windowMs, type Growth, type Sample } from './memory';
import { listAll, SoakClient, type Failure } from './workload';

export interface SoakOptions {
  minutes: number;
  runtimes?: string[];
  /** Clients per runtime; must stay below the concurrency limit. */
  workers: number;
  concurrencyLimit: number;
  thinkMs: number;
  sampleEveryMs: number;
  outDir: string;
  log: (line: string) => void;
}

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

export interface SoakResult {
  startedAt: string;
  durationMs: number;
  options: Omit<SoakOptions, 'log'>;
  load: { before: number[]; after: number[]; cpus: number };
  limitsEnforced: boolean;
  requests: Record<string, Record<string, number>>;
  throttles: number;
  instances: { runtime: string; id: string; samples: Sample[]; growth?: Growth }[];
  platformHeap: { samples: Sample[]; growth?: Growth; reportsHeld: number };
  failures: Failure[];
  checks: Check[];
  passed: boolean;
}

/** Whether a growth stays under the bound; no window at all (a short-lived instance) is not a failure. */
const under = (g: Growth | undefined, bound: number) => !g || g.ratio < bound;
const pct = (g: Growth | undefined) => (g ? `${(g.ratio * 100).toFixed(1)} %` : 'n/a');
const MB = (b: number) => `${(b / 1048576).toFixed(1)} MB`;

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  if (o.workers >= o.concurrencyLimit) throw new Error(`--workers (${o.workers}) must stay below the concurrency limit (${o.concurrencyLimit}): a soak is not a throttling test`);
  const loadBefore = os.loadavg();
  const platform: Platform = await startPlatform({ port: 0, runtimes: o.runtimes, concurrencyLimit: o.concurrencyLimit, reportsKept: 1000, log: (l) => o.log(`[platform] ${l}`) });
  const agent = keepAliveAgent(o.workers * platform.runtimes.length + 4);
  const started = Date.now();
  const durationMs = o.minutes * 60_000;
  const clients = platform.runtimes.flatMap((r) =>
    Array.from({ length: o.workers }, (_, w) => new SoakClient({ runtime: r.name, baseUrl: `${platform.url}/${r.name}`, agent, worker: w, thinkMs: o.thinkMs })),
  );
  const instanceSamples = new Map<string, { runtime: string; id: string; samples: Sample[] }>();
  const heapSamples: Sample[] = [];
  const sample = () => {
    const atMs = Date.now() - started;
    for (const r of platform.runtimes) {
      for (const i of platform.pool(r.name).instances()) {
        const bytes = i.pid ? treeRssBytes(i.pid) : undefined;
        if (bytes === undefined) continue;
        if (!instanceSamples.has(i.id)) instanceSamples.set(i.id, { runtime: r.name, id: i.id, samples: [] });
        instanceSamples.get(i.id)!.samples.push({ atMs, bytes });
      }
    }
    heapSamples.push({ atMs, bytes: heapUsedAfterGc() });
  };
  let result: SoakResult;
  try {
    o.log(`soak: ${platform.runtimes.map((r) => r.name).join(', ')}; ${o.workers} clients each for ${o.minutes} min (limits ${platform.limitsEnforced ? 'enforced' : 'not enforced'}; load ${loadBefore.map((l) => l.toFixed(2)).join(' ')})`);
    const timer = setInterval(() => {
      sample();
      const done = clients.reduce((n, c) => n + Object.values(c.counts).reduce((a, b) => a + b, 0), 0);
      o.log(`${((Date.now() - started) / 60_000).toFixed(1)} min: ${done} requests, ${clients.reduce((n, c) => n + c.failures.length, 0)} failures`);
    }, o.sampleEveryMs);
    sample();
    await Promise.all(clients.map((c) => c.run(started + durationMs)));
    clearInterval(timer);
    sample();
    const elapsed = Date.now() - started;
    o.log('load done; checking every acknowledged write');
    for (const c of clients) await c.verify();
    const listFailures: Failure[] = [];
    for (const r of platform.runtimes) {
      const listed = await listAll(`${platform.url}/${r.name}`, agent);
      if (listed.failure) listFailures.push({ runtime: r.name, op: 'verify', what: 'list the whole table', status: listed.failure.status, body: (listed.failure.error ?? listed.failure.body).slice(0, 300) });
      for (const c of clients) {
        for (const [id, item] of c.live) if (!isDeepStrictEqual(listed.items.get(id), item)) listFailures.push({ runtime: r.name, op: 'verify', what: `acknowledged item ${id} listed through ${r.name} as last written`, status: 0, body: JSON.stringify(listed.items.get(id) ?? null) });
        for (const id of c.deleted) if (listed.items.has(id)) listFailures.push({ runtime: r.name, op: 'verify', what: `deleted item ${id} not listed`, status: 0, body: '' });
      }
    }
    result = summarize(o, platform, clients, [...instanceSamples.values()], heapSamples, listFailures, started, elapsed, loadBefore);
  } finally {
    agent.destroy();
    await platform.stop();
  }
  fs.mkdirSync(o.outDir, { recursive: true });
  fs.writeFileSync(path.join(o.outDir, 'soak.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

function summarize(o: SoakOptions, platform: Platform, clients: SoakClient[], instances: SoakResult['instances'], heap: Sample[], listFailures: Failure[], started: number, elapsed: number, loadBefore: number[]): SoakResult {
  const from = baselineAtMs(elapsed);
  const window = windowMs(elapsed, o.sampleEveryMs);
  const requests: SoakResult['requests'] = {};
  for (const runtime of platform.runtimes.map((x) => x.name)) {
    const counts: Record<string, number> = {};
    for (const c of clients.filter((x) => x.runtime === runtime)) for (const [k, n] of Object.entries(c.counts)) counts[k] = (counts[k] ?? 0) + n;
    requests[runtime] = counts;
  }
  for (const i of instances) i.growth = growth(i.samples, from, window);
  const heapGrowth = growth(heap, from, window);
  const failures = [...clients.flatMap((c) => c.failures), ...listFailures];
  const unexpected5xx = Object.values(requests).flatMap((byKey) => Object.entries(byKey)).filter(([k]) => / 5\d\d$/.test(k)).reduce((n, [, v]) => n + v, 0) - clients.reduce((n, c) => n + c.throttles, 0);
  const grown = instances.filter((i) => !under(i.growth, 0.1));
  const checks: Check[] = [
    { name: 'every acknowledged write readable and listed, deleted items gone', passed: failures.filter((f) => f.op === 'verify').length === 0, detail: `${clients.reduce((n, c) => n + c.live.size, 0)} live items read back and found in every runtime's listing; ${clients.reduce((n, c) => n + c.deleted.length, 0)} deleted ones gone` },
    { name: 'every answer as the model expects', passed: failures.filter((f) => f.op !== 'verify').length === 0, detail: `${failures.filter((f) => f.op !== 'verify').length} unexpected answers` },
    { name: 'no 5xx except throttles', passed: unexpected5xx === 0, detail: `${unexpected5xx} other 5xx, ${clients.reduce((n, c) => n + c.throttles, 0)} throttles` },
    { name: `instance RSS growth < 10 % from ${(from / 60_000).toFixed(1)} min to the end (peak of the first ${(window / 1000).toFixed(0)} s against the last ${(window / 1000).toFixed(0)} s)`, passed: grown.length === 0, detail: instances.map((i) => `${i.id} ${i.growth ? `${MB(i.growth.baseline.bytes)} → ${MB(i.growth.end.bytes)} (${pct(i.growth)})` : 'no window'}`).join('; ') },
    { name: 'platform heap growth < 10 % (after GC), REPORT records bounded', passed: under(heapGrowth, 0.1) && platform.reports.length < 2 * 1000, detail: `${heapGrowth ? `${MB(heapGrowth.baseline.bytes)} → ${MB(heapGrowth.end.bytes)} (${pct(heapGrowth)})` : 'no window'}; ${platform.reports.length} REPORT records held` },
  ];
  const { log: _log, ...options } = o;
  return {
    startedAt: new Date(started).toISOString(),
    durationMs: elapsed,
    options,
    load: { before: loadBefore, after: os.loadavg(), cpus: os.cpus().length },
    limitsEnforced: platform.limitsEnforced,
    requests,
    throttles: clients.reduce((n, c) => n + c.throttles, 0),
    instances,
    platformHeap: { samples: heap, ...(heapGrowth ? { growth: heapGrowth } : {}), reportsHeld: platform.reports.length },
    failures: failures.slice(0, 200),
    checks,
    passed: checks.every((c) => c.passed),
  };
}
