/**
 * One conformance run: the platform (started here, or one already running), cross-runtime data
 * checks, the scenario corpus, schemathesis per runtime, then the recorded schemathesis requests
 * replayed to every runtime. Writes results/<run>/ and returns the summary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildIfStale } from '../../core/src/build';
import { startPlatform, type Platform } from '../../platform/src/platform';
import { LAMBDAS_DIR } from '../../core/src/paths';
import { discoverRuntimes, type Runtime } from '../../core/src/runtimes';
import { adversarialCorpus } from './adversarial';
import { cassetteCorpus, readCassette } from './cassette';
import { runCrossRuntime, type CrossResult } from './cross-runtime';
import { runCorpus, type CorpusResult, type Target } from './differential';
import { codeIdentity } from './git';
import { IdNamespace } from './normalize';
import { RESULTS_DIR } from './paths';
import { scenarioCorpus } from './scenarios';
import { DEFAULT_BOUNDS, ensureSchemathesis, EXCLUDED_CHECKS, PHASES, QUICK_BOUNDS, runSchemathesis, type SchemathesisResult } from './schemathesis';
import { markdown, perRuntime, SUMMARY_SCHEMA_VERSION, type Summary } from './summary';

export interface ConformanceOptions {
  /** Runtime names; default every runtime in lambdasDir. */
  runtimes?: string[];
  /** Gateway root of a platform already running (`http://127.0.0.1:3000`); otherwise one is started. */
  baseUrl?: string;
  /** CI bounds: fewer schemathesis examples, fewer recorded requests replayed. */
  quick?: boolean;
  /** Overrides the bound of --quick or the default. */
  maxExamples?: number;
  /** Seed of the adversarial corpus; default a fresh one per run (recorded in the summary). */
  seed?: number;
  /** false skips schemathesis (and so the recorded part of the differential corpus). */
  schemathesis?: boolean;
  lambdasDir?: string;
  resultsDir?: string;
  log?: (line: string) => void;
}

export interface ConformanceRun {
  summary: Summary;
  runDir: string;
}

const SCHEMATHESIS_VERSION = '4.32.5';
/** Recorded requests replayed per run: bounded so that four runtimes fit the time budget. */
const RECORDED_LIMIT = { default: 2500, quick: 600 };

function runIdFor(commit: string): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${commit.slice(0, 8)}`;
}

export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceRun> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const identity = codeIdentity();
  const runId = runIdFor(identity.commit);
  const runDir = path.join(options.resultsDir ?? RESULTS_DIR, runId);
  fs.mkdirSync(runDir, { recursive: true });
  const manifests = discoverRuntimes(options.lambdasDir ?? LAMBDAS_DIR);
  const found = manifests.map((r) => r.name);
  const wanted = options.runtimes?.length ? options.runtimes : found;
  const unknown = wanted.filter((n) => !found.includes(n));
  if (unknown.length) throw new Error(`unknown runtime(s): ${unknown.join(', ')}; known: ${found.join(', ')}`);
  const bounds = { maxExamples: options.maxExamples ?? (options.quick ? QUICK_BOUNDS : DEFAULT_BOUNDS).maxExamples };
  const withSchemathesis = options.schemathesis !== false;
  if (withSchemathesis) ensureSchemathesis(log);

  // A runtime that does not build fails conformance; the others are still judged.
  const buildFailures = options.baseUrl ? {} : buildAll(manifests.filter((r) => wanted.includes(r.name)), log);
  const names = wanted.filter((n) => !(n in buildFailures));
  let platform: Platform | undefined;
  try {
    if (!options.baseUrl && names.length) {
      log(`starting the local platform with ${names.join(', ')}`);
      platform = await startPlatform({ port: 0, runtimes: names, lambdasDir: options.lambdasDir, log: (l) => log(`[platform] ${l}`) });
    }
    const gateway = (options.baseUrl ?? platform?.url ?? 'http://127.0.0.1:0').replace(/\/$/, '');
    const targets: Target[] = names.map((runtime) => ({ runtime, baseUrl: `${gateway}/${runtime}` }));
    const ids = new IdNamespace();

    // Cross-runtime first, while the table is small: listing pages through it stays short.
    let cross: CrossResult | undefined;
    if (targets.length > 1) {
      cross = await runCrossRuntime(targets, runId);
      log(`cross-runtime: ${cross.pairs} ordered pairs, ${cross.requests} requests, ${cross.failures.length} failures`);
    }
    const scenarios = await runCorpus(scenarioCorpus(), targets, ids);
    log(`scenarios: ${scenarios.entries} requests to each runtime, ${scenarios.expectationFailures.length} contract failures, ${scenarios.mismatches.length} mismatches, ${scenarios.transportFailures.length} without an answer`);

    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    const adversarial = await runCorpus(adversarialCorpus(seed), targets, ids);
    log(`adversarial (seed ${seed}): ${adversarial.entries} requests to each runtime, ${adversarial.expectationFailures.length} contract failures, ${adversarial.mismatches.length} mismatches, ${adversarial.transportFailures.length} without an answer`);

    const schemathesis: Record<string, SchemathesisResult> = {};
    if (withSchemathesis) {
      for (const t of targets) {
        const r = await runSchemathesis(t.runtime, t.baseUrl, runDir, bounds, log);
        schemathesis[t.runtime] = r;
        log(`schemathesis ${t.runtime}: ${r.passed ? 'passed' : `${r.failures.length} failures`} (${r.tests} test cases in JUnit, ${(r.durationMs / 1000).toFixed(1)} s)`);
      }
    }
    let recorded: CorpusResult | undefined;
    if (withSchemathesis && targets.length > 1) {
      const cassettes = targets
        .filter((t) => fs.existsSync(schemathesis[t.runtime]!.cassettePath))
        .map((t) => ({ runtime: t.runtime, baseUrl: t.baseUrl, interactions: readCassette(schemathesis[t.runtime]!.cassettePath) }));
      const corpus = cassetteCorpus(cassettes, options.quick ? RECORDED_LIMIT.quick : RECORDED_LIMIT.default);
      recorded = await runCorpus(corpus, targets, ids);
      log(`differential (recorded by schemathesis): ${recorded.entries} requests to each runtime, ${recorded.mismatches.length} mismatches, ${recorded.transportFailures.length} without an answer, ${recorded.skipped.length} skipped`);
    }

    const results = { ...perRuntime({ runtimes: names, schemathesis, scenarios, adversarial, recorded, cross }), ...buildResults(buildFailures) };
    const summary: Summary = {
      schemaVersion: SUMMARY_SCHEMA_VERSION,
      runId,
      ...identity,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      quick: options.quick ?? false,
      baseUrl: gateway,
      runtimes: wanted,
      passed: Object.values(results).every((r) => r.passed),
      schemathesis: { version: SCHEMATHESIS_VERSION, maxExamples: bounds.maxExamples, phases: PHASES, excludedChecks: EXCLUDED_CHECKS, ran: withSchemathesis },
      results,
      differential: {
        scenarioEntries: scenarios.entries,
        adversarialEntries: adversarial.entries,
        recordedEntries: recorded?.entries ?? 0,
        requests: scenarios.requests + adversarial.requests + (recorded?.requests ?? 0),
        mismatches: [...scenarios.mismatches, ...adversarial.mismatches, ...(recorded?.mismatches ?? [])],
        skipped: [...scenarios.skipped, ...adversarial.skipped, ...(recorded?.skipped ?? [])],
      },
      adversarial: { seed, entries: adversarial.entries },
      crossRuntime: { pairs: cross?.pairs ?? 0, requests: cross?.requests ?? 0, blamed: cross?.blamed ?? [], failures: cross?.failures.length ?? 0 },
    };
    fs.writeFileSync(path.join(runDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    fs.writeFileSync(path.join(runDir, 'summary.md'), markdown(summary));
    if (cross?.failures.length) fs.writeFileSync(path.join(runDir, 'cross-runtime-failures.json'), `${JSON.stringify(cross.failures, null, 2)}\n`);
    return { summary, runDir };
  } finally {
    await platform?.stop();
  }
}

/** Builds stale artifacts here rather than in the platform, so that one failed build fails only its runtime. */
function buildAll(runtimes: Runtime[], log: (line: string) => void): Record<string, string> {
  const failures: Record<string, string> = {};
  for (const r of runtimes) {
    try {
      buildIfStale(r, (l) => log(`[build] ${l}`));
    } catch (err) {
      failures[r.name] = err instanceof Error ? err.message : String(err);
      log(`[build] ${r.name} does not build: it fails conformance, the others go on`);
    }
  }
  return failures;
}

function buildResults(failures: Record<string, string>): Summary['results'] {
  return Object.fromEntries(
    Object.entries(failures).map(([name, message]) => [
      name,
      {
        passed: false,
        reason: `build failed: ${message.split('\n').find((l) => /error/i.test(l))?.trim().slice(0, 300) ?? message.slice(0, 300)}`,
        counts: { schemathesis: 0, scenario: 0, adversarial: 0, differential: 0, crossRuntime: 0, transport: 0 },
        failures: [{ kind: 'build' as const, source: 'build', request: '', message: message.slice(0, 8000) }],
        skipped: 0,
      },
    ]),
  );
}
