/**
 * `npm run bench:compare -- A B`: per-metric deltas between two runs, like benchstat. Every
 * metric is reduced to one value per round (metrics.ts); the two runs' round values are
 * compared with Welch's t-test (two runs are not paired), and the Benjamini–Hochberg procedure
 * controls the false-discovery rate over all metrics. The delta is the difference of the two
 * printed estimates (means of round values) and its interval is centred on it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { floorValues, metricDefs } from './metrics';
import { benjaminiHochbergAdjust } from './multiple';
import { normalizeRaw, type RawRun } from './raw';
import { compareWelch, tInterval, type Comparison } from './rounds';
import { terminalTable } from './summary';

export const FDR = 0.05;
/** Instance warm-up split used when a run does not say (older runs). */
const DEFAULT_INSTANCE_WARMUP = 10;

export interface MetricRounds {
  key: string;
  unit: string;
  higherIsBetter: boolean;
  /** One value per round. */
  values: number[];
}

/** Every comparable metric of a run, keyed runtime/memory/metric. */
export function metricRounds(raw: RawRun, instanceWarmup = DEFAULT_INSTANCE_WARMUP): MetricRounds[] {
  const out: MetricRounds[] = [];
  const runtimes = [...new Set([...raw.coldStarts, ...raw.warm, ...raw.capacity].map((s) => s.runtime))].sort();
  const memories = [...new Set([...raw.coldStarts, ...raw.warm, ...raw.capacity].map((s) => s.memoryMb))].sort((a, b) => a - b);
  const rates = [...new Set(raw.warm.map((s) => s.rate))].sort((a, b) => a - b);
  for (const rt of runtimes) {
    for (const mem of memories) {
      for (const m of metricDefs(rates, instanceWarmup)) {
        const values = [...m.values(raw, rt, mem).values()];
        if (values.length) out.push({ key: `${rt}/${mem}MB/${m.id}`, unit: m.unit, higherIsBetter: m.higherIsBetter === true, values });
      }
    }
  }
  for (const floor of [...new Set(raw.floorColdStarts.map((s) => s.runtime))].sort()) {
    for (const mem of [...new Set(raw.floorColdStarts.map((s) => s.memoryMb))]) {
      const values = [...floorValues(raw, floor, mem).values()];
      if (values.length) out.push({ key: `floor:${floor}/${mem}MB/cold.probe.initDuration`, unit: 'ms', higherIsBetter: false, values });
    }
  }
  return out;
}

export function loadRaw(runDirOrFile: string): RawRun {
  const dir = runDirOrFile.endsWith('.json') ? path.dirname(runDirOrFile) : runDirOrFile;
  const file = path.join(dir, 'raw', 'samples.json');
  if (!fs.existsSync(file)) throw new Error(`${file} not found: give a results/<run> folder (or its results.json)`);
  return normalizeRaw(JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<RawRun>);
}

export interface CompareRow {
  key: string;
  unit: string;
  a: string;
  b: string;
  delta: string;
  verdict: 'better' | 'worse' | '~' | 'only in A' | 'only in B';
  significant: boolean;
  pValue: number;
  pAdjusted: number;
}

const fmt = (x: number) => (!Number.isFinite(x) ? '–' : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

const show = (m: MetricRounds) => {
  const { estimate, ci } = tInterval(m.values, { nonNegative: true });
  return `${fmt(estimate)} ${ci ? `[${fmt(ci[0])}, ${fmt(ci[1])}]` : '[no interval: 1 round]'} (${m.values.length} rounds)`;
};

/** Welch per metric, then Benjamini–Hochberg over every metric both runs have. */
export function compareRuns(a: RawRun, b: RawRun, instanceWarmup = DEFAULT_INSTANCE_WARMUP): CompareRow[] {
  const ma = new Map(metricRounds(a, instanceWarmup).map((m) => [m.key, m]));
  const mb = new Map(metricRounds(b, instanceWarmup).map((m) => [m.key, m]));
  const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort();
  const both = keys.filter((k) => ma.has(k) && mb.has(k));
  const tests = new Map<string, Comparison>(both.map((k) => [k, compareWelch(ma.get(k)!.values, mb.get(k)!.values)]));
  const tested = both.filter((k) => !tests.get(k)!.noCall);
  const adjusted = new Map(benjaminiHochbergAdjust(tested.map((k) => tests.get(k)!.pValue)).map((p, i) => [tested[i]!, p]));
  return keys.map((key): CompareRow => {
    const x = ma.get(key);
    const y = mb.get(key);
    if (!x || !y) return { key, unit: (x ?? y)!.unit, a: x ? show(x) : '–', b: y ? show(y) : '–', delta: '', verdict: x ? 'only in A' : 'only in B', significant: false, pValue: 1, pAdjusted: 1 };
    const c = tests.get(key)!;
    const pAdjusted = adjusted.get(key) ?? 1;
    const significant = !c.noCall && pAdjusted < FDR;
    const better = x.higherIsBetter ? c.delta > 0 : c.delta < 0;
    return {
      key,
      unit: x.unit,
      a: show(x),
      b: show(y),
      delta: c.noCall ? `${c.delta >= 0 ? '+' : ''}${fmt(c.delta)} (${c.noCall})` : `${c.delta >= 0 ? '+' : ''}${fmt(c.delta)} (${(c.relative * 100).toFixed(1)} %) [${fmt(c.deltaCi95![0])}, ${fmt(c.deltaCi95![1])}] p=${c.pValue < 0.001 ? '<0.001' : c.pValue.toFixed(3)} q=${pAdjusted < 0.001 ? '<0.001' : pAdjusted.toFixed(3)}`,
      verdict: significant ? (better ? 'better' : 'worse') : '~',
      significant,
      pValue: c.pValue,
      pAdjusted,
    };
  });
}

export function renderComparison(rows: CompareRow[], nameA: string, nameB: string): string {
  return terminalTable(['metric', 'unit', `A: ${nameA} mean of rounds [95 % CI]`, `B: ${nameB}`, 'delta B−A [95 % CI], p, BH q', 'call'], rows.map((r) => [r.key, r.unit, r.a, r.b, r.delta, r.verdict]));
}

/** The instance warm-up split a run used, from its results.json when there is one. */
function instanceWarmupOf(runDir: string): number {
  const file = path.join(runDirOrDir(runDir), 'results.json');
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { run?: { options?: { instanceWarmup?: number } } }).run?.options?.instanceWarmup ?? DEFAULT_INSTANCE_WARMUP;
  } catch {
    return DEFAULT_INSTANCE_WARMUP;
  }
}
const runDirOrDir = (p: string) => (p.endsWith('.json') ? path.dirname(p) : p);

export function main(argv: string[]): number {
  const [a, b] = argv.filter((x) => !x.startsWith('--'));
  if (!a || !b) {
    console.error('usage: npm run bench:compare -- <results/runA> <results/runB>');
    return 2;
  }
  let rows: CompareRow[];
  try {
    rows = compareRuns(loadRaw(a), loadRaw(b), instanceWarmupOf(a));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  console.log(renderComparison(rows, path.basename(runDirOrDir(a)), path.basename(runDirOrDir(b))));
  const worse = rows.filter((r) => r.verdict === 'worse').length;
  const better = rows.filter((r) => r.verdict === 'better').length;
  const compared = rows.filter((r) => r.verdict !== 'only in A' && r.verdict !== 'only in B').length;
  console.log(
    `\n${compared} metrics in both runs: ${better} significantly better in B, ${worse} significantly worse, ${compared - better - worse} with no significant difference ("~"). ` +
      `Welch's t on per-round values; Benjamini–Hochberg over all ${compared} metrics, false-discovery rate ${FDR * 100} %. Runs from different sessions can differ by more than their intervals (machine state): compare runs made side by side.`,
  );
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
