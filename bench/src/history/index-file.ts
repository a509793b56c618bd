/**
 * results/index.json: every run in a results folder, for `npm run bench:history` and anyone else.
 * It is rebuilt from the run folders themselves (their results.json), so it cannot drift: a
 * deleted run drops out, a new one comes in, a folder that is not a complete run (no
 * results.json — a run in progress, one that failed, a foreign folder) or whose results.json is
 * corrupt is listed under `skipped` with the reason, and loose files (reports, screenshots,
 * notes) are ignored. The bench rewrites it at the end of every run; it is written whole or not
 * at all (atomic.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../atomic';
import { RESULTS_SCHEMA_VERSION, type BenchResults } from '../results';
import { validateResults } from '../validate';

export const INDEX_VERSION = 1;
export const INDEX_FILE = 'index.json';

export interface IndexedRun {
  id: string;
  /** Folder name under the results folder. */
  dir: string;
  startedAt: string;
  finishedAt: string;
  profile: string;
  commit: string;
  dirty: boolean;
  machine: { cpuModel: string; cores: number; totalMemoryMb: number; os: string; kernel: string; limitsEnforced: boolean; platformModel: string | null };
  load: { noisy: boolean; reasons: string[]; meanOtherShare: number | null; preRunOtherShare: number | null; preRunLoadAvg: [number, number, number] | null };
  runtimes: string[];
  memoryMb: number[];
  rounds: number;
  /** The run's slowed-on-purpose fixture, when it was one. */
  fixture: string | null;
  /** raw/samples.json is there: the history can test steps from and to this run. */
  hasRaw: boolean;
}

export interface RunIndex {
  version: typeof INDEX_VERSION;
  generatedAt: string;
  /** Oldest first. */
  runs: IndexedRun[];
  skipped: { dir: string; reason: string }[];
}

/** One folder → its index entry, or why it is not one. */
export function indexEntry(resultsDir: string, dir: string): IndexedRun | { skip: string } {
  const file = path.join(resultsDir, dir, 'results.json');
  if (!fs.existsSync(file)) return { skip: 'no results.json (a run in progress, a run that failed, or not a bench run)' };
  let r: BenchResults;
  try {
    r = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
  } catch (err) {
    return { skip: `results.json is not valid JSON (${(err as Error).message.split('\n')[0]})` };
  }
  if (typeof r !== 'object' || r === null) return { skip: 'results.json is not an object' };
  if (r.schemaVersion !== RESULTS_SCHEMA_VERSION) return { skip: `results.json has schema version ${String(r.schemaVersion)}; the history reads version ${RESULTS_SCHEMA_VERSION} (re-run the bench)` };
  const problems = validateResults(r);
  if (problems.length) return { skip: `results.json does not match its schema: ${problems.slice(0, 2).join('; ')}` };
  const e = r.environment;
  const m = e.platformModel;
  const pre = r.loadGuard.preRun;
  return {
    id: r.run.id,
    dir,
    startedAt: r.run.startedAt,
    finishedAt: r.run.finishedAt,
    profile: r.run.profile,
    commit: e.gitCommit,
    dirty: e.gitDirty,
    machine: { cpuModel: e.cpuModel, cores: e.cores, totalMemoryMb: e.totalMemoryMb, os: e.os, kernel: e.kernel, limitsEnforced: e.limitsEnforced, platformModel: m ? `init CPU ${m.initCpu}, CPU period ${m.cpuPeriodMs} ms, ${m.freezeIdle ? 'idle frozen' : 'idle not frozen'}` : null },
    load: { noisy: r.loadGuard.noisy, reasons: r.loadGuard.reasons, meanOtherShare: r.loadGuard.meanOtherShare, preRunOtherShare: pre ? pre.otherShare : null, preRunLoadAvg: pre ? pre.loadAvg : null },
    runtimes: r.runtimes.map((x) => x.name),
    memoryMb: r.run.options.memoryMb,
    rounds: r.run.options.rounds,
    fixture: r.run.options.slowed ? `${r.run.options.slowed.runtime} slowed by ${r.run.options.slowed.ms} ms` : null,
    hasRaw: fs.existsSync(path.join(resultsDir, dir, 'raw', 'samples.json')),
  };
}

/** Reads every folder of a results folder; never throws for what is inside one. */
export function buildIndex(resultsDir: string, now = new Date()): RunIndex {
  const runs: IndexedRun[] = [];
  const skipped: RunIndex['skipped'] = [];
  const entries = fs.existsSync(resultsDir) ? fs.readdirSync(resultsDir, { withFileTypes: true }) : [];
  for (const d of entries.filter((x) => x.isDirectory() && !x.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))) {
    const e = indexEntry(resultsDir, d.name);
    if ('skip' in e) skipped.push({ dir: d.name, reason: e.skip });
    else runs.push(e);
  }
  runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.dir.localeCompare(b.dir));
  return { version: INDEX_VERSION, generatedAt: now.toISOString(), runs, skipped };
}

/** Rebuilds results/index.json from the folders and writes it whole. */
export function updateIndex(resultsDir: string): { file: string; index: RunIndex } {
  const index = buildIndex(resultsDir);
  const file = path.join(resultsDir, INDEX_FILE);
  fs.mkdirSync(resultsDir, { recursive: true });
  writeFileAtomic(file, `${JSON.stringify(index, null, 2)}\n`);
  return { file, index };
}

/** After a run: rebuilds the index of the run's results folder; a failure is a line to print, never a failed run. */
export function indexAfterRun(runDir: string): string {
  try {
    const { file, index } = updateIndex(path.dirname(runDir));
    return `indexed in ${path.relative(process.cwd(), file)} (${index.runs.length} runs${index.skipped.length ? `; ${index.skipped.length} folders skipped, see its "skipped"` : ''}); \`npm run bench:history\` draws the trends`;
  } catch (err) {
    return `the run is complete, but results/index.json could not be rebuilt: ${(err as Error).message} (\`npm run bench:history\` rebuilds it)`;
  }
}
