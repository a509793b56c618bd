/**
 * `npm run bench:compare A B`: per-metric deltas between two runs, like benchstat: each
 * metric's samples from A's and B's raw/samples.json, median ± 95 % CI, the delta with its
 * bootstrap interval, and a Mann–Whitney call ("~" when not significant). Warm latency is
 * compared with rounds as the unit of replication (a two-level bootstrap, stats.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RawRun } from './raw';
import { compareGroups, compareSamples, hierarchicalInterval, summarize } from './stats';
import { terminalTable } from './summary';

export interface MetricSamples {
  key: string;
  unit: string;
  samples: number[];
  /** Per-round groups for warm latency: rounds, not requests, are the unit of replication. */
  groups?: number[][];
}

/** Every comparable metric of a run, keyed by runtime, memory size and (for warm) rate. */
export function metricSamples(raw: RawRun): MetricSamples[] {
  const out = new Map<string, MetricSamples>();
  const add = (key: string, unit: string, xs: (number | undefined)[]) => {
    const entry = out.get(key) ?? { key, unit, samples: [] };
    for (const x of xs) if (typeof x === 'number' && Number.isFinite(x)) entry.samples.push(x);
    out.set(key, entry);
  };
  for (const s of raw.coldStarts.filter((c) => c.ok)) {
    add(`${s.runtime}/${s.memoryMb}MB/cold/initDuration`, 'ms', [s.initDurationMs]);
    add(`${s.runtime}/${s.memoryMb}MB/cold/client`, 'ms', [s.clientMs]);
    add(`${s.runtime}/${s.memoryMb}MB/cold/maxMemoryUsed`, 'MB', [s.maxMemoryUsedMb]);
  }
  const group = (key: string, xs: number[]) => {
    const entry = out.get(key)!;
    (entry.groups ??= []).push(xs.filter(Number.isFinite));
  };
  for (const s of raw.warm) {
    add(`${s.runtime}/${s.memoryMb}MB/warm@${s.rate}/client`, 'ms', s.latencyMs);
    group(`${s.runtime}/${s.memoryMb}MB/warm@${s.rate}/client`, s.latencyMs);
    add(`${s.runtime}/${s.memoryMb}MB/warm@${s.rate}/serverDuration`, 'ms', s.serverDurationMs);
    group(`${s.runtime}/${s.memoryMb}MB/warm@${s.rate}/serverDuration`, s.serverDurationMs);
  }
  for (const s of raw.throughput) add(`${s.runtime}/${s.memoryMb}MB/throughput@c${s.concurrency}/rps`, 'req/s', [s.rps]);
  for (const s of raw.floorColdStarts.filter((c) => c.ok)) add(`floor:${s.runtime}/${s.memoryMb}MB/cold/initDuration`, 'ms', [s.initDurationMs]);
  return [...out.values()].filter((m) => m.samples.length);
}

export function loadRaw(runDirOrFile: string): RawRun {
  const dir = runDirOrFile.endsWith('.json') ? path.dirname(runDirOrFile) : runDirOrFile;
  const file = path.join(dir, 'raw', 'samples.json');
  if (!fs.existsSync(file)) throw new Error(`${file} not found: give a results/<run> folder (or its results.json)`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as RawRun;
}

export interface CompareRow {
  key: string;
  unit: string;
  a: string;
  b: string;
  delta: string;
  verdict: 'better' | 'worse' | '~' | 'only in A' | 'only in B';
  significant: boolean;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

export function compareRuns(a: RawRun, b: RawRun, seed = 1): CompareRow[] {
  const ma = new Map(metricSamples(a).map((m) => [m.key, m]));
  const mb = new Map(metricSamples(b).map((m) => [m.key, m]));
  const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort();
  return keys.map((key) => {
    const x = ma.get(key);
    const y = mb.get(key);
    const show = (m: MetricSamples) => {
      const s = summarize(m.samples, seed);
      const ci = m.groups ? hierarchicalInterval(m.groups, 0.5, { seed }) : { lo: s.ci95[0], hi: s.ci95[1] };
      return `${fmt(s.median)} [${fmt(ci.lo)}, ${fmt(ci.hi)}] n=${s.n}${m.groups ? ` in ${m.groups.length} rounds` : ''}`;
    };
    if (!x || !y) return { key, unit: (x ?? y)!.unit, a: x ? show(x) : '–', b: y ? show(y) : '–', delta: '', verdict: x ? 'only in A' : 'only in B', significant: false };
    const c = x.groups && y.groups ? compareGroups(x.groups, y.groups, { seed }) : compareSamples(x.samples, y.samples, { seed });
    // Lower is better except for throughput.
    const higherIsBetter = key.endsWith('/rps');
    const better = higherIsBetter ? c.delta > 0 : c.delta < 0;
    return {
      key,
      unit: x.unit,
      a: show(x),
      b: show(y),
      delta: `${c.delta >= 0 ? '+' : ''}${fmt(c.delta)} (${(c.relative * 100).toFixed(1)} %) [${fmt(c.deltaCi95[0])}, ${fmt(c.deltaCi95[1])}] p=${c.pValue < 0.001 ? '<0.001' : c.pValue.toFixed(3)}`,
      verdict: c.significant ? (better ? 'better' : 'worse') : '~',
      significant: c.significant,
    };
  });
}

export function renderComparison(rows: CompareRow[], nameA: string, nameB: string): string {
  return terminalTable(['metric', 'unit', `A: ${nameA}`, `B: ${nameB}`, 'delta B−A [95 % CI]', 'call'], rows.map((r) => [r.key, r.unit, r.a, r.b, r.delta, r.verdict]));
}

export function main(argv: string[]): number {
  const [a, b] = argv.filter((x) => !x.startsWith('--'));
  if (!a || !b) {
    console.error('usage: npm run bench:compare -- <results/runA> <results/runB>');
    return 2;
  }
  const rows = compareRuns(loadRaw(a), loadRaw(b));
  console.log(renderComparison(rows, path.basename(a), path.basename(b)));
  const worse = rows.filter((r) => r.verdict === 'worse').length;
  const better = rows.filter((r) => r.verdict === 'better').length;
  console.log(`\n${rows.length} metrics: ${better} significantly better in B, ${worse} significantly worse, ${rows.filter((r) => r.verdict === '~').length} with no significant difference ("~").`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
