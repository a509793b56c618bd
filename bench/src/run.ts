/**
 * `npm run bench`: machine load check, conformance gate, then per memory size and round, the
 * runtimes interleaved (order reversed every other round): cold starts doing real work, warm
 * latency at fixed rates, per-instance capacity, (--full) machine-bound throughput; floors
 * beside them; then results.json, report.html, summary.md and raw samples.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startPlatform, type Platform } from '../../platform/src/platform';
import { LAMBDAS_DIR, REPO_ROOT } from '../../core/src/paths';
import { exitOnTerminationSignals } from '../../core/src/signals';
import { discoverRuntimes, selectRuntimes, type Runtime } from '../../core/src/runtimes';
import { aggregate, type FloorInfo, type RuntimeInfo } from './aggregate';
import { capacityPhase } from './capacity';
import { AUTOCANNON_VERSION } from './closed-model';
import { loadPriceTable } from './cost';
import { environment } from './environment';
import { withFixture } from './fixtures';
import { indexAfterRun } from './history/index-file';
import { LoadGenerator } from './loadgen/client';
import { measureGeneratorCeiling } from './loadgen-check';
import { LoadGuard, sampleMachine } from './loadguard';
import { seedItems } from './open-model';
import { parseOptions, type BenchOptions } from './options';
import type { PlatformModelRecord } from './results';
import { coldStart, coldWorkPair, ReportCollector, throughputStep, warmPhase } from './phases';
import { Progress } from './progress';
import { emptyRaw, type RawRun } from './raw';
import { renderReport } from './report';
import { withTarget } from './results';
import type { ConformanceResult } from './results';
import { renderSummary, SUMMARY_HEAD, summaryRows, terminalTable } from './summary';
import { markReportIncomplete, markSummaryIncomplete } from './incomplete';
import { runAgainstTarget, stageAuthMode, type TargetOutcome } from './target';
import { isLoopback } from './aws/clients';
import { validateResults } from './validate';
import { floorFor, usableFloors } from './floors';
import { gate, modelRecord, type Limits } from './gate';
import { codeReadOptions } from './host-factor';

const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : null);

export interface LocalContext {
  o: BenchOptions;
  runtimes: Runtime[];
  floors: Runtime[];
  raw: RawRun;
  progress: Progress;
  guard: LoadGuard;
  generator: LoadGenerator;
  log: (s: string) => void;
}

export async function runLocal(c: LocalContext): Promise<{ conformance: ConformanceResult; limits: Limits; model?: PlatformModelRecord }> {
  const { o, runtimes, floors, raw, progress, guard, generator, log } = c;
  const names = runtimes.map((r) => r.name);
  let conformance: ConformanceResult | undefined;
  let limits: Limits = { enforced: false, cgroupVersion: 'none' };
  let model: PlatformModelRecord | undefined;
  const floorMem = o.memoryMb.includes(512) ? 512 : o.memoryMb[0]!;
  progress.note(o.codeReadMbps === 'off' ? 'code read at init: not modelled' : `host factor for the code-read model: ${o.hostFactor === 'auto' ? 'measuring on the Python floor' : o.hostFactor}`);
  const codeRead = await codeReadOptions(o, generator, log);
  const modelOptions = { tracing: o.tracing, ...codeRead.options };
  const step = <T>(phase: string, runtime: string, memoryMb: number, round: number, fn: () => Promise<T>) =>
    progress.step(phase, runtime, memoryMb, round, () => guard.phase({ phase, runtime, memoryMb, round }, fn));
  for (const mem of o.memoryMb) {
    const collector = new ReportCollector();
    // Concurrency: each manifest's aws.reservedConcurrency, the same limit the CDK app deploys.
    const platform: Platform = await startPlatform({ port: 0, runtimes, memoryMb: mem, build: true, ...modelOptions, onReport: collector.onReport, log });
    const started: Platform[] = [];
    try {
      limits = { enforced: platform.limitsEnforced, ...(platform.limitsReason ? { reason: platform.limitsReason } : {}), cgroupVersion: platform.cgroupVersion };
      if (!conformance) {
        progress.note('conformance gate');
        // A slowed fixture is still the runtime's own code: its verdict stands.
        conformance = await gate(o, names, platform.url, log);
        progress.note(`conformance: ${conformance.status} (${conformance.source})`);
      }
      // One instance at most: per-instance capacity (a request meeting a busy instance is throttled).
      const single = await startPlatform({ port: 0, runtimes, memoryMb: mem, concurrencyLimit: 1, build: false, ...modelOptions, dynamoEndpoint: platform.dynamoEndpoint, log });
      started.push(single);
      const floorPlatform = floors.length && mem === floorMem ? await startPlatform({ port: 0, runtimes: floors, memoryMb: mem, build: false, ...modelOptions, dynamoEndpoint: platform.dynamoEndpoint, onReport: collector.onReport, log }) : undefined;
      if (floorPlatform) started.push(floorPlatform);
      model = modelRecord(platform, codeRead.hostFactor, floorPlatform);
      const seeds = new Map<string, string[]>();
      for (const rt of names) seeds.set(rt, await seedItems(`${platform.url}/${rt}`, 20));
      for (let round = 0; round < o.rounds; round++) {
        const order = round % 2 === 0 ? names : [...names].reverse();
        const cold = { platform, collector, generator, memoryMb: mem, round };
        for (const rt of order) {
          for (let k = 0; k < o.coldStarts; k++) await step('cold start: write, read', rt, mem, round, async () => raw.coldStarts.push(...(await coldWorkPair({ ...cold, runtime: rt }))));
          await step('cold start: probe', rt, mem, round, async () => raw.coldStarts.push(await coldStart({ ...cold, runtime: rt }, 'probe')));
        }
        if (floorPlatform) {
          const floorOrder = round % 2 === 0 ? floors : [...floors].reverse();
          for (let k = 0; k < o.floorColdStarts; k++) {
            for (const f of floorOrder) {
              await step('floor cold start', f.name, mem, round, async () => raw.floorColdStarts.push(await coldStart({ ...cold, platform: floorPlatform, runtime: f.name }, 'probe', { path: '/health' })));
            }
          }
          const noop = floors.find((f) => f.name === 'node') ?? floors[0]!;
          await step('platform floor (no-op)', noop.name, mem, round, async () => {
            const { errorSamples, ...sample } = await warmPhase({ ...cold, platform: floorPlatform, runtime: noop.name, rate: o.rates[0]!, durationS: o.warmSeconds, warmupS: o.warmupSeconds, maxRampS: o.maxRampSeconds, fromZero: true, seed: o.seed + round, seedIds: ['00000000-0000-4000-8000-000000000000'] });
            if (errorSamples.length) log(`floor ${noop.name}: ${errorSamples.join('; ')}`);
            raw.floorWarm.push(sample);
          });
        }
        for (const rt of order) {
          for (const [i, rate] of o.rates.entries()) {
            await step(`warm ${rate} req/s`, rt, mem, round, async () => {
              const { errorSamples, ...sample } = await warmPhase({ ...cold, runtime: rt, rate, durationS: o.warmSeconds, warmupS: o.warmupSeconds, maxRampS: o.maxRampSeconds, fromZero: i === 0, seed: o.seed + round, seedIds: seeds.get(rt)! });
              if (errorSamples.length) log(`${rt} at ${rate} req/s: ${sample.errors} errors, e.g. ${errorSamples.join('; ')}`);
              raw.warm.push(sample);
            });
          }
        }
        for (const rt of order) {
          await step('capacity (1 instance)', rt, mem, round, async () => {
            const sample = await capacityPhase({ platform: single, generator, runtime: rt, memoryMb: mem, round, seed: o.seed + round, seedIds: seeds.get(rt)!, warmupRequests: o.instanceWarmup, options: o.capacity });
            raw.capacity.push(sample);
          });
          for (const conc of o.concurrency) {
            await step(`machine throughput c=${conc}`, rt, mem, round, async () => raw.throughput.push(await throughputStep(generator, platform.url, rt, mem, round, conc, o.throughputSeconds, seeds.get(rt)!)));
          }
        }
      }
    } finally {
      for (const p of started) await p.stop();
      await platform.stop();
    }
  }
  return { conformance: conformance!, limits, ...(model ? { model } : {}) };
}

export async function main(argv: string[]): Promise<number> {
  // The calibration against lambda-perf has options and output of its own (bench/src/calibrate).
  if (argv.includes('--calibrate')) return (await import('./calibrate/run')).runCalibration(argv.filter((a) => a !== '--calibrate'));
  // The memory sweep has options, phases and a report of its own (bench/src/sweep).
  if (argv.includes('--sweep')) return (await import('./sweep/run')).runSweep(argv);
  const o = parseOptions(argv);
  const startedAt = new Date();
  const outDir = path.resolve(REPO_ROOT, o.outDir);
  fs.mkdirSync(path.join(outDir, 'raw'), { recursive: true });
  const logFile = path.join(outDir, 'raw', 'bench.log');
  const log = (line: string) => fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  const selected = selectRuntimes(discoverRuntimes(LAMBDAS_DIR), o.runtimes?.join(','));
  const runtimes = withFixture(selected, o.slowed);
  const floors = o.target ? [] : usableFloors(runtimes, o.floors, log);
  const raw = emptyRaw();
  const progress = new Progress(o, runtimes.map((r) => r.name), floors.map((f) => f.name));
  progress.note(`bench ${o.profile}: ${runtimes.map((r) => r.name).join(', ')} at ${o.target ? 'the deployed memory sizes' : `${o.memoryMb.join('/')} MB`}, ${o.rounds} round(s), planned ≈ ${Math.round(progress.planS / 60)} min; output ${path.relative(REPO_ROOT, outDir)}`);
  if (o.slowed) progress.note(`FIXTURE: ${o.slowed.runtime} slowed by ${o.slowed.ms} ms per request (acceptance check of bench:compare; not a result)`);
  raw.preRun = await sampleMachine();
  if (raw.preRun) progress.note(`machine before the run: others use ${(raw.preRun.otherShare * 100).toFixed(0)} % of ${raw.preRun.cores} cores, load average ${raw.preRun.loadAvg.join(' ')}`);
  const guard = new LoadGuard();
  const generator = await LoadGenerator.start();
  let outcome: { conformance: ConformanceResult; limits: Limits; model?: PlatformModelRecord };
  let targetOutcome: TargetOutcome | undefined;
  let ceiling;
  try {
    progress.note('measuring the load generator against a no-op server (generator thread, server on the main thread)');
    ceiling = await measureGeneratorCeiling(generator, o.profile === 'smoke' ? [500, 1000] : [1000, 2000, 4000], 1);
    progress.note(`load generator: open model ${Math.round(ceiling.openModelMaxRps)} req/s, autocannon ${Math.round(ceiling.closedModelMaxRps)} req/s`);
    if (o.target) {
      // Conformance runs against the target itself where it takes unsigned requests (a public stage,
      // the local platform); else on a local platform, and the target checks the deployed code is that build.
      const baseUrl = stageAuthMode() === 'none' || isLoopback(o.target) ? o.target : undefined;
      outcome = targetOutcome = await runAgainstTarget(o, runtimes, raw, progress, log, generator, guard, { gate: (names) => gate(o, names, baseUrl, log) });
      // Memory sizes are the deployed ones.
      if (targetOutcome.deployed.length) o.memoryMb = [...new Set(targetOutcome.deployed.map((d) => d.memoryMb))].sort((a, b) => a - b);
    } else outcome = await runLocal({ o, runtimes, floors, raw, progress, guard, generator, log });
  } finally {
    await generator.stop();
  }
  raw.load = guard.records;
  fs.writeFileSync(path.join(outDir, 'raw', 'samples.json'), JSON.stringify(raw));
  if (targetOutcome) fs.writeFileSync(path.join(outDir, 'raw', 'target.json'), JSON.stringify(targetOutcome.raw));
  const deployed = new Map(targetOutcome?.deployed.map((d) => [d.runtime, d]));
  const infos: RuntimeInfo[] = selected.map((r) => ({
    name: r.name,
    language: r.language,
    framework: r.framework,
    awsRuntime: deployed.get(r.name)?.awsRuntime ?? r.aws.runtime,
    architecture: deployed.get(r.name)?.architecture ?? r.aws.architecture,
    packageBytes: size(r.artifactPath),
    ...(floorFor(r, floors) ? { floor: floorFor(r, floors)! } : {}),
  }));
  const floorInfos: FloorInfo[] = floors.map((f) => ({ name: f.name, language: f.language, awsRuntime: f.aws.runtime, packageBytes: size(f.artifactPath) }));
  const results = aggregate({
    run: {
      id: path.basename(outDir),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      profile: o.profile,
      options: { runtimes: runtimes.map((r) => r.name), memoryMb: o.memoryMb, rounds: o.rounds, coldStarts: o.coldStarts, rates: o.rates, warmSeconds: o.warmSeconds, instanceWarmup: o.instanceWarmup, capacity: o.capacity, concurrency: o.concurrency, throughputSeconds: o.throughputSeconds, requestsPerMonth: o.requestsPerMonth, target: o.target, seed: o.seed, slowed: o.slowed },
    },
    environment: environment(
      outcome.limits,
      o.target ? `deployed API ${o.target}${o.awsEndpoint ? ` (AWS calls to ${o.awsEndpoint})` : ''}` : 'local platform (127.0.0.1)',
      { openModel: 'bench open-model scheduler (bench/src/open-model.ts) in a worker thread, HDR histograms', closedModel: `autocannon ${AUTOCANNON_VERSION} in the same worker thread` },
      outcome.model ? { model: outcome.model, runtimes } : undefined,
    ),
    conformance: outcome.conformance,
    prices: loadPriceTable(),
    runtimes: infos,
    floors: floorInfos,
    raw,
    loadGenerator: ceiling,
    rawFiles: ['raw/samples.json', 'raw/bench.log', ...(targetOutcome ? ['raw/target.json'] : [])],
  });
  if (targetOutcome) withTarget(results, targetOutcome.target, targetOutcome.incomplete);
  const problems = validateResults(results);
  if (problems.length) log(`results.json does not match its schema: ${problems.join('; ')}`);
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
  fs.writeFileSync(path.join(outDir, 'report.html'), markReportIncomplete(renderReport(results), results.incomplete?.reasons));
  fs.writeFileSync(path.join(outDir, 'summary.md'), markSummaryIncomplete(renderSummary(results), results.incomplete?.reasons));
  console.log(`\n${terminalTable(SUMMARY_HEAD, summaryRows(results))}\n`);
  for (const c of results.conclusions) console.log(`- ${c}`);
  console.log(`\n${results.lambdaPerf.note}\n${results.loadGenerator.note}`);
  console.log(`\nwrote ${path.relative(REPO_ROOT, outDir)}/{results.json,report.html,summary.md,raw/} in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s (planned ≈ ${progress.planS} s)${results.loadGuard.noisy ? ' — NOISY run: ' + results.loadGuard.reasons.join('; ') : ''}`);
  // Every run is indexed for `npm run bench:history` (rebuilt from the run folders).
  console.log(indexAfterRun(outDir));
  if (problems.length) {
    console.error(`results.json does not match bench/schema/results.schema.json: ${problems.slice(0, 5).join('; ')}`);
    return 1;
  }
  if (results.incomplete) {
    console.error(`\nINCOMPLETE: what was measured is kept, marked incomplete in results.json:\n${results.incomplete.reasons.map((r) => `- ${r}`).join('\n')}`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  exitOnTerminationSignals((line) => console.error(`\n[bench] ${line}; results are not written (raw/bench.log keeps what ran)`));
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
