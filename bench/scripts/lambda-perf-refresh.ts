/**
 * Writes both lambda-perf data files from one lambda-perf `data/last.json`:
 * bench/data/lambda-perf.json (mean Init Duration per runtime id and size, the floor
 * comparison) and bench/calibrate/lambda-perf-<date>.json (medians, first invocation,
 * memory: the calibration). Every x86_64 zip runtime lambda-perf publishes is kept, so a
 * new floor finds its reference by its key alone (managed runtimes by id, custom ones as
 * `provided.al2023:<language>`, bench/src/lambda-perf.ts `lambdaPerfKey`), with no edit here.
 *
 *   npx tsx bench/scripts/lambda-perf-refresh.ts --last last.json --commit <sha>
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

interface Row { r: string; p: string; d: string; m: number; a: string; mu: number; ad: number; acd: number; i?: number[] }

const SIZES = [128, 256, 512, 1024];
const round1 = (x: number) => Math.round(x * 10) / 10;

/** lambda-perf's function name → our key: `python313` → its label `python3.13`; `rust_on_provided_al2023` → `provided.al2023:rust`. */
export function keyOf(row: Row): string | null {
  const name = row.r.replace(/^lambda-perf-/, '').replace(/-zip-\d+-x86_64$/, '');
  const custom = /^([a-z0-9_]+?)_on_(provided_al2023|provided_al2)$/.exec(name);
  if (custom) return `${custom[2]!.replace('provided_', 'provided.')}:${custom[1]}`;
  return /^[a-z]+[0-9.]+(\.x|\.al2)?$/.test(row.d) ? row.d : null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function refresh(last: { metadata: { generatedAt: string }; runtimeData: Row[] }, commit: string) {
  const rows = last.runtimeData.filter((r) => r.p === 'zip' && r.a === 'x86_64' && SIZES.includes(r.m));
  const figures: Record<string, Record<string, number>> = {};
  const runtimes: Record<string, { label: string; byMemoryMb: Record<string, unknown> }> = {};
  for (const row of [...rows].sort((a, b) => a.r.localeCompare(b.r))) {
    const key = keyOf(row);
    if (!key) continue;
    (figures[key] ??= {})[String(row.m)] = row.acd;
    const inits = row.i ?? [];
    if (!inits.length) continue;
    (runtimes[key] ??= { label: row.d, byMemoryMb: {} }).byMemoryMb[String(row.m)] = {
      n: inits.length,
      initDurationMs: { median: round1(median(inits)), mean: round1(inits.reduce((a, b) => a + b, 0) / inits.length) },
      firstInvocationMs: round1(row.ad),
      maxMemoryUsedMb: round1(row.mu),
    };
  }
  const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return { figures: sorted(figures), runtimes: sorted(runtimes), date: last.metadata.generatedAt.slice(0, 10), commit };
}

function main() {
  const { values } = parseArgs({ options: { last: { type: 'string' }, commit: { type: 'string' } } });
  if (!values.last || !values.commit || !/^[0-9a-f]{40}$/.test(values.commit)) {
    console.error('usage: lambda-perf-refresh.ts --last <lambda-perf data/last.json> --commit <its 40-hex commit>');
    process.exit(2);
  }
  const last = JSON.parse(fs.readFileSync(values.last, 'utf8'));
  const out = refresh(last, values.commit);
  const bench = path.join(__dirname, '..');
  const dataFile = path.join(bench, 'data', 'lambda-perf.json');
  const previous = JSON.parse(fs.readFileSync(dataFile, 'utf8'));
  const comparison = { ...previous, fetchedFrom: `https://github.com/maxday/lambda-perf/blob/${values.commit}/data/last.json`, date: out.date, figures: out.figures };
  fs.writeFileSync(dataFile, `${JSON.stringify(comparison, null, 2)}\n`);
  const calibration = path.join(bench, 'calibrate', `lambda-perf-${out.date}.json`);
  const header = { source: 'maxday/lambda-perf, data/last.json (https://github.com/maxday/lambda-perf/blob/main/data/last.json)', commit: values.commit, generatedAt: last.metadata.generatedAt };
  const method = fs.existsSync(calibration) ? JSON.parse(fs.readFileSync(calibration, 'utf8')).method : undefined;
  fs.writeFileSync(calibration, `${JSON.stringify({ ...header, method, runtimes: out.runtimes }, null, 2)}\n`);
  console.log(`${Object.keys(out.figures).length} runtime ids → ${path.relative(process.cwd(), dataFile)}, ${path.relative(process.cwd(), calibration)}`);
}

if (require.main === module) main();
