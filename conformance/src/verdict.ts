/**
 * The gate the bench obeys: the conformance verdict per runtime for the code as it is now (the
 * current commit plus any uncommitted changes to what the runtimes are made of). A recorded
 * run for that code is reused; otherwise a quick conformance run makes one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAMBDAS_DIR } from '../../core/src/paths';
import { discoverRuntimes } from '../../core/src/runtimes';
import { codeIdentity, type CodeIdentity } from './git';
import { RESULTS_DIR } from './paths';
import { runConformance, type ConformanceOptions } from './run';
import type { Summary } from './summary';

export interface RuntimeVerdict {
  passed: boolean;
  /** Why it failed, one line, for the bench's report ("excluded: …"). */
  reason?: string;
}

export interface Verdict {
  commit: string;
  dirty: boolean;
  /** 'recorded': read from an earlier run for this code; 'fresh': run just now. */
  source: 'recorded' | 'fresh';
  quick: boolean;
  runId: string;
  /** results/<run>/, with summary.md for people. */
  runDir: string;
  runtimes: Record<string, RuntimeVerdict>;
}

export interface VerdictOptions {
  /** The runtimes the bench wants ranked; default every runtime. A recorded run must cover them all. */
  runtimes?: string[];
  /** Run a quick conformance when no recorded run fits (default true); false returns undefined then. */
  runIfMissing?: boolean;
  /** Passed to the quick run: a platform already running, so none is started. */
  baseUrl?: string;
  resultsDir?: string;
  lambdasDir?: string;
  log?: (line: string) => void;
}

function toVerdict(summary: Summary, runDir: string, source: Verdict['source'], wanted?: string[]): Verdict {
  const names = wanted?.length ? wanted : summary.runtimes;
  return {
    commit: summary.commit,
    dirty: summary.dirty,
    source,
    quick: summary.quick,
    runId: summary.runId,
    runDir,
    runtimes: Object.fromEntries(names.map((n) => [n, { passed: summary.results[n]!.passed, ...(summary.results[n]!.reason ? { reason: summary.results[n]!.reason } : {}) }])),
  };
}

/** The latest recorded run for the current code that covers `runtimes`, if any. */
export function recordedVerdict(options: Pick<VerdictOptions, 'runtimes' | 'resultsDir' | 'lambdasDir'> & { code?: CodeIdentity } = {}): Verdict | undefined {
  const dir = options.resultsDir ?? RESULTS_DIR;
  const wanted = options.runtimes?.length ? options.runtimes : discoverRuntimes(options.lambdasDir ?? LAMBDAS_DIR).map((r) => r.name);
  if (!fs.existsSync(dir)) return undefined;
  const code = options.code ?? codeIdentity();
  const runs = fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name, 'summary.json'))
    .filter((file) => fs.existsSync(file))
    .map((file) => ({ file, summary: JSON.parse(fs.readFileSync(file, 'utf8')) as Summary }))
    .filter(({ summary }) => summary.commit === code.commit && summary.changesHash === code.changesHash)
    .filter(({ summary }) => summary.schemathesis?.ran !== false)
    .filter(({ summary }) => wanted.every((r) => summary.runtimes.includes(r)))
    .sort((a, b) => b.summary.startedAt.localeCompare(a.summary.startedAt));
  const latest = runs[0];
  return latest ? toVerdict(latest.summary, path.dirname(latest.file), 'recorded', wanted) : undefined;
}

export async function conformanceVerdict(options: VerdictOptions = {}): Promise<Verdict | undefined> {
  const recorded = recordedVerdict(options);
  if (recorded || options.runIfMissing === false) return recorded;
  const run: ConformanceOptions = { quick: true, runtimes: options.runtimes, baseUrl: options.baseUrl, resultsDir: options.resultsDir, lambdasDir: options.lambdasDir, log: options.log };
  const { summary, runDir } = await runConformance(run);
  return toVerdict(summary, runDir, 'fresh', options.runtimes);
}
