/**
 * Our hello-world floors against lambda-perf's published figures (bench/data/lambda-perf.json,
 * dated): the order, and the magnitude as a ratio to the Python floor — a local process under
 * cgroups need not match Firecracker in milliseconds, but a runtime's start-up relative to
 * Python's should be of the same size if the platform is faithful.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LambdaPerfData {
  source: string;
  fetchedFrom: string;
  date: string;
  architecture: string;
  statistic: string;
  /** Lambda runtime id (custom runtimes: "provided.al2023:go") → memory size (MB) → Init Duration (ms). */
  figures: Record<string, Record<string, number>>;
}

export const LAMBDA_PERF_FILE = path.join(__dirname, '..', 'data', 'lambda-perf.json');

export function loadLambdaPerf(file = LAMBDA_PERF_FILE): LambdaPerfData {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as LambdaPerfData;
  if (!data.date || !data.fetchedFrom || !data.figures) throw new Error(`${file}: lambda-perf data needs date, fetchedFrom and figures`);
  return data;
}

/** The key a floor has in the data: its Lambda runtime id, plus its language for custom runtimes. */
export const lambdaPerfKey = (awsRuntime: string, floorName: string): string => (awsRuntime.startsWith('provided') ? `${awsRuntime}:${floorName}` : awsRuntime);

/** lambda-perf's figure for a runtime at the published memory size nearest to ours. */
export function publishedInit(data: LambdaPerfData, key: string, memoryMb: number): { memoryMb: number; initMs: number } | undefined {
  const sizes = Object.keys(data.figures[key] ?? {}).map(Number);
  if (!sizes.length) return undefined;
  const nearest = sizes.reduce((best, m) => (Math.abs(m - memoryMb) < Math.abs(best - memoryMb) ? m : best));
  return { memoryMb: nearest, initMs: data.figures[key]![String(nearest)]! };
}

export interface FloorVsPublished {
  floor: string;
  runtimeId: string;
  oursMs: number;
  oursRatio: number | null;
  publishedMs: number | null;
  publishedMemoryMb: number | null;
  publishedRatio: number | null;
  /** oursRatio / publishedRatio: 1 = same magnitude relative to Python. */
  factor: number | null;
}

export interface FloorComparison {
  memoryMb: number | null;
  source: string;
  fetchedFrom: string;
  date: string;
  /** The floor every ratio is relative to. */
  reference: string | null;
  rows: FloorVsPublished[];
  ours: string[];
  published: string[];
  orderAgrees: boolean | null;
  note: string;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

export function compareWithLambdaPerf(floors: readonly { name: string; awsRuntime: string; initMs: number }[], memoryMb: number | null, data: LambdaPerfData): FloorComparison {
  const measured = floors.filter((f) => Number.isFinite(f.initMs));
  const base = { memoryMb, source: data.source, fetchedFrom: data.fetchedFrom, date: data.date };
  if (memoryMb === null || measured.length < 2) return { ...base, reference: null, rows: [], ours: [], published: [], orderAgrees: null, note: 'Fewer than two floors measured: nothing to set beside lambda-perf.' };
  const ref = measured.find((f) => f.awsRuntime.startsWith('python'));
  const refPublished = ref ? publishedInit(data, lambdaPerfKey(ref.awsRuntime, ref.name), memoryMb) : undefined;
  const rows = measured.map((f): FloorVsPublished => {
    const key = lambdaPerfKey(f.awsRuntime, f.name);
    const pub = publishedInit(data, key, memoryMb);
    const oursRatio = ref ? r2(f.initMs / ref.initMs) : null;
    const publishedRatio = pub && refPublished ? r2(pub.initMs / refPublished.initMs) : null;
    return { floor: f.name, runtimeId: key, oursMs: r2(f.initMs), oursRatio, publishedMs: pub ? r2(pub.initMs) : null, publishedMemoryMb: pub?.memoryMb ?? null, publishedRatio, factor: oursRatio !== null && publishedRatio ? r2(oursRatio / publishedRatio) : null };
  });
  const ours = [...rows].sort((a, b) => a.oursMs - b.oursMs).map((r) => r.floor);
  const published = rows.filter((r) => r.publishedMs !== null).sort((a, b) => a.publishedMs! - b.publishedMs!).map((r) => r.floor);
  const orderAgrees = published.length >= 2 ? ours.filter((n) => published.includes(n)).join() === published.join() : null;
  const far = rows.filter((r) => r.factor !== null && (r.factor > 2 || r.factor < 0.5)).map((r) => `${r.floor} ${r.factor}×`);
  const note = [
    `Hello-world Init Duration at ${memoryMb} MB: ours ${ours.join(' < ')}; lambda-perf (${data.date}) ${published.join(' < ')} — order ${orderAgrees ? 'agrees' : 'differs'}.`,
    ref ? `As multiples of the Python floor, ours ${rows.map((r) => `${r.floor} ${r.oursRatio}`).join(', ')}; lambda-perf's ${rows.map((r) => `${r.floor} ${r.publishedRatio ?? '–'}`).join(', ')}.` : 'No Python floor measured: no ratios.',
    far.length ? `More than a factor 2 off lambda-perf's ratio: ${far.join(', ')} (local processes under cgroups, not Firecracker with the managed runtime pre-loaded; see docs/methodology.md).` : ref ? 'Every ratio is within a factor 2 of lambda-perf’s.' : '',
  ].filter(Boolean).join(' ');
  return { ...base, reference: ref?.name ?? null, rows, ours, published, orderAgrees, note };
}
