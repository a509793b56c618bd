/**
 * `npm run bench -- --sweep`: power tuning for every runtime at once. Measures (measure.ts) the
 * same CRUD mix at one rate per memory size for every runtime, then writes results/<run>/ like the
 * bench — results.json (schema version 2 with a `sweep` block), report.html (curves, frontier,
 * recommendations), summary.md, raw/ — each file complete or absent, and indexes the run
 * (results/index.json) for `npm run bench:history`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAMBDAS_DIR, REPO_ROOT } from '../../../core/src/paths';
import { discoverRuntimes, selectRuntimes } from '../../../core/src/runtimes';
import { aggregate, type RuntimeInfo } from '../aggregate';
import { writeFileAtomic } from '../atomic';
import { plannedSweepSeconds, sweepSteps } from '../budget';
import { AUTOCANNON_VERSION } from '../closed-model';
import { loadPriceTable } from '../cost';
import { environment } from '../environment';
import { indexAfterRun } from '../history/index-file';
import { LoadGenerator } from '../loadgen/client';
import { measureGeneratorCeiling } from '../loadgen-check';
import { LoadGuard, sampleMachine } from '../loadguard';
import { Progress } from '../progress';
import { emptyRaw } from '../raw';
import type { BenchResults } from '../results';
import { validateResults } from '../validate';
import { measureSweep, type SweepOutcome } from './measure';
import { parseSweepOptions, sweepProfileName, type SweepOptions } from './options';
import { renderSweepReport } from './report';
import { sweepResult } from './aggregate';
import { renderSweepSummary, sweepTerminalLines } from './summary';

export async function runSweep(argv: string[]): Promise<number> {
  let so: SweepOptions;
  try {
    so = parseSweepOptions(argv);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const { bench: o, sweep: s } = so;
  const startedAt = new Date();
  const outDir = path.resolve(REPO_ROOT, o.outDir);
  let runtimes;
  try {
    runtimes = selectRuntimes(discoverRuntimes(LAMBDAS_DIR), o.runtimes?.join(','));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  fs.mkdirSync(path.join(outDir, 'raw'), { recursive: true });
  const logFile = path.join(outDir, 'raw', 'bench.log');
  const log = (line: string) => fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  const raw = emptyRaw();
  const plan = plannedSweepSeconds(o, s, runtimes.length);
  const progress = new Progress(o, runtimes.map((r) => r.name), [], { steps: sweepSteps(o, runtimes.length), seconds: plan.totalS });
  progress.note(`sweep${s.quick ? ' --quick' : ''}: ${runtimes.map((r) => r.name).join(', ')} at ${o.memoryMb.join('/')} MB, ${o.rounds} round(s), strategy ${s.strategy}${s.strategy === 'balanced' ? ` (weight ${s.balancedWeight})` : ''}, ${s.sloP99Ms === null ? 'no p99 SLO' : `SLO p99 ≤ ${s.sloP99Ms} ms`}; planned ≈ ${Math.round(plan.totalS / 60)} min; output ${path.relative(REPO_ROOT, outDir)}`);
  raw.preRun = await sampleMachine();
  if (raw.preRun) progress.note(`machine before the run: others use ${(raw.preRun.otherShare * 100).toFixed(0)} % of ${raw.preRun.cores} cores, load average ${raw.preRun.loadAvg.join(' ')}`);
  const guard = new LoadGuard();
  const generator = await LoadGenerator.start();
  let outcome: SweepOutcome;
  let ceiling;
  try {
    progress.note('measuring the load generator against a no-op server (generator thread, server on the main thread)');
    ceiling = await measureGeneratorCeiling(generator, [500, 1000, 2000], 1);
    outcome = await measureSweep({ o, s, runtimes, raw, progress, guard, generator, log });
  } finally {
    await generator.stop();
  }
  raw.load = guard.records;
  writeFileAtomic(path.join(outDir, 'raw', 'samples.json'), JSON.stringify(raw));
  const infos: RuntimeInfo[] = runtimes.map((r) => ({ name: r.name, language: r.language, framework: r.framework, awsRuntime: r.aws.runtime, architecture: r.aws.architecture, packageBytes: fs.existsSync(r.artifactPath) ? fs.statSync(r.artifactPath).size : null }));
  const prices = loadPriceTable();
  const results: BenchResults = aggregate({
    run: {
      id: path.basename(outDir),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      profile: sweepProfileName(s),
      options: { runtimes: runtimes.map((r) => r.name), memoryMb: o.memoryMb, rounds: o.rounds, coldStarts: o.coldStarts, rates: [...new Set(outcome.rates.map((r) => r.rateRps))].sort((a, b) => a - b), warmSeconds: Math.max(...outcome.rates.map((r) => r.windowS)), instanceWarmup: o.instanceWarmup, capacity: o.capacity, concurrency: [], throughputSeconds: 0, requestsPerMonth: o.requestsPerMonth, target: null, seed: o.seed, slowed: null },
    },
    environment: environment(outcome.limits, 'local platform (127.0.0.1)', { openModel: 'bench open-model scheduler (bench/src/open-model.ts) in a worker thread, HDR histograms', closedModel: `autocannon ${AUTOCANNON_VERSION} in the same worker thread (not used by the sweep)` }, { model: outcome.model, runtimes }),
    conformance: outcome.conformance,
    prices,
    runtimes: infos,
    floors: [],
    raw,
    loadGenerator: ceiling,
    rawFiles: ['raw/samples.json', 'raw/bench.log'],
  });
  results.sweep = sweepResult(results, raw, s, prices);
  const problems = validateResults(results);
  if (problems.length) log(`results.json does not match its schema: ${problems.join('; ')}`);
  writeFileAtomic(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
  writeFileAtomic(path.join(outDir, 'report.html'), renderSweepReport(results));
  writeFileAtomic(path.join(outDir, 'summary.md'), renderSweepSummary(results));
  console.log(`\n${sweepTerminalLines(results).join('\n')}`);
  console.log(`\nwrote ${path.relative(REPO_ROOT, outDir)}/{results.json,report.html,summary.md,raw/} in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s (planned ≈ ${plan.totalS} s)${results.loadGuard.noisy ? ' — NOISY run: ' + results.loadGuard.reasons.join('; ') : ''}`);
  console.log(indexAfterRun(outDir));
  if (problems.length) {
    console.error(`results.json does not match bench/schema/results.schema.json: ${problems.slice(0, 5).join('; ')}`);
    return 1;
  }
  return 0;
}
