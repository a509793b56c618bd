/**
 * `npm run bench`: conformance gate, then per memory size and round, runtimes interleaved
 * (order reversed every other round): cold starts, warm latency at fixed rates, throughput;
 * floors beside them; then results.json, report.html, summary.md and raw samples.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildIfStale } from '../../platform/src/build';
import { startPlatform, type Platform } from '../../platform/src/platform';
import { discoverRuntimes, LAMBDAS_DIR, selectRuntimes, type Runtime } from '../../platform/src/runtimes';
import { aggregate, type FloorInfo, type RuntimeInfo } from './aggregate';
import { AUTOCANNON_VERSION } from './closed-model';
import { loadPriceTable } from './cost';
import { environment } from './environment';
import { measureGeneratorCeiling } from './loadgen-check';
import { seedItems } from './open-model';
import { parseOptions, type BenchOptions } from './options';
import { coldStart, ReportCollector, throughputStep, warmPhase } from './phases';
import { Progress } from './progress';
import { emptyRaw, type RawRun } from './raw';
import { renderReport } from './report';
import type { ConformanceResult } from './results';
import { renderSummary, SUMMARY_HEAD, summaryRows, terminalTable } from './summary';
import { markReportIncomplete, markSummaryIncomplete } from './incomplete';
import { runAgainstTarget, stageAuthMode, type TargetOutcome } from './target';
import { isLoopback } from './aws/clients';
import { validateResults } from './validate';

export const REPO_ROOT = path.join(__dirname, '..', '..');
export const FLOORS_DIR = path.join(__dirname, '..', 'floors');

const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : null);

/** The floor of a runtime: the hello-world on the same Lambda runtime id (nodejs22.x, java21, ...). */
export function floorFor(rt: Runtime, floors: Runtime[]): string | undefined {
  return floors.find((f) => f.aws.runtime === rt.aws.runtime)?.name ?? floors.find((f) => f.aws.runtime.replace(/[\d.x]+$/, '') === rt.aws.runtime.replace(/[\d.x]+$/, ''))?.name;
}

async function gate(o: BenchOptions, names: string[], baseUrl: string | undefined, log: (s: string) => void): Promise<ConformanceResult> {
  if (o.gate === 'skip') return { status: 'skipped', source: '--gate skip: nothing is ranked', runtimes: {} };
  try {
    const { conformanceVerdict } = await import('../../conformance/src/verdict');
    const v = await conformanceVerdict({ runtimes: names, runIfMissing: o.gate === 'run', baseUrl, log });
    if (!v) return { status: 'unavailable', source: 'no recorded conformance run for this code (run `npm run conformance`, or the bench without --gate recorded)', runtimes: {} };
    const allPassed = names.every((n) => v.runtimes[n]?.passed);
    return { status: allPassed ? 'passed' : 'failed', source: `conformance run ${v.runId} (${v.source}${v.quick ? ', quick' : ''}, commit ${v.commit.slice(0, 10)}${v.dirty ? ' + changes' : ''})`, runtimes: v.runtimes };
  } catch (err) {
    return { status: 'unavailable', source: `conformance could not run: ${(err as Error).message.split('\n')[0]}`, runtimes: {} };
  }
}

function usableFloors(o: BenchOptions, log: (s: string) => void): Runtime[] {
  if (!o.floors || !fs.existsSync(FLOORS_DIR)) return [];
  return discoverRuntimes(FLOORS_DIR).filter((f) => {
    try {
      buildIfStale(f, log);
      return true;
    } catch (err) {
      log(`floor ${f.name} skipped: ${(err as Error).message.split('\n')[0]}`);
      return false;
    }
  });
}

export async function runLocal(o: BenchOptions, runtimes: Runtime[], floors: Runtime[], raw: RawRun, progress: Progress, log: (s: string) => void): Promise<{ conformance: ConformanceResult; limits: { enforced: boolean; reason?: string; cgroupVersion: string } }> {
  const names = runtimes.map((r) => r.name);
  let conformance: ConformanceResult | undefined;
  let limits = { enforced: false, cgroupVersion: 'none' } as { enforced: boolean; reason?: string; cgroupVersion: string };
  const floorMem = o.memoryMb.includes(512) ? 512 : o.memoryMb[0]!;
  for (const mem of o.memoryMb) {
    const collector = new ReportCollector();
    const platform: Platform = await startPlatform({ port: 0, runtimes, memoryMb: mem, concurrencyLimit: 10, build: true, onReport: collector.onReport, log });
    let floorPlatform: Platform | undefined;
    try {
      limits = { enforced: platform.limitsEnforced, ...(platform.limitsReason ? { reason: platform.limitsReason } : {}), cgroupVersion: platform.cgroupVersion };
      if (!conformance) {
        progress.note('conformance gate');
        conformance = await gate(o, names, platform.url, log);
        progress.note(`conformance: ${conformance.status} (${conformance.source})`);
      }
      if (floors.length && mem === floorMem) {
        floorPlatform = await startPlatform({ port: 0, runtimes: floors, memoryMb: mem, build: false, dynamoEndpoint: platform.dynamoEndpoint, onReport: collector.onReport, log });
      }
      const seeds = new Map<string, string[]>();
      for (const rt of names) seeds.set(rt, await seedItems(`${platform.url}/${rt}`, 20));
      for (let round = 0; round < o.rounds; round++) {
        const order = round % 2 === 0 ? names : [...names].reverse();
        for (let k = 0; k < o.coldStarts; k++) {
          for (const rt of order) {
            await progress.step('cold start', rt, mem, round, async () => raw.coldStarts.push(await coldStart({ platform, collector, runtime: rt, memoryMb: mem, round, path: '/metrics' })));
          }
        }
        if (floorPlatform) {
          const floorOrder = round % 2 === 0 ? floors : [...floors].reverse();
          for (let k = 0; k < o.floorColdStarts; k++) {
            for (const f of floorOrder) {
              await progress.step('floor cold start', f.name, mem, round, async () => raw.floorColdStarts.push(await coldStart({ platform: floorPlatform!, collector, runtime: f.name, memoryMb: mem, round, path: '/health' })));
            }
          }
          const noop = floors.find((f) => f.name === 'node') ?? floors[0]!;
          await progress.step('platform floor (no-op)', noop.name, mem, round, async () => {
            const { errorSamples, ...sample } = await warmPhase({ platform: floorPlatform!, collector, runtime: noop.name, memoryMb: mem, round, rate: o.rates[0]!, durationS: o.warmSeconds, warmupS: o.warmupSeconds, seed: o.seed + round, seedIds: ['00000000-0000-4000-8000-000000000000'] });
            if (errorSamples.length) log(`floor ${noop.name}: ${errorSamples.join('; ')}`);
            raw.floorWarm.push(sample);
          });
        }
        for (const rate of o.rates) {
          for (const rt of order) {
            await progress.step(`warm ${rate} req/s`, rt, mem, round, async () => {
              const { errorSamples, ...sample } = await warmPhase({ platform, collector, runtime: rt, memoryMb: mem, round, rate, durationS: o.warmSeconds, warmupS: o.warmupSeconds, seed: o.seed + round, seedIds: seeds.get(rt)! });
              if (errorSamples.length) log(`${rt} at ${rate} req/s: ${sample.errors} errors, e.g. ${errorSamples.join('; ')}`);
              raw.warm.push(sample);
            });
          }
        }
        for (const rt of order) {
          for (const c of o.concurrency) {
            await progress.step(`throughput c=${c}`, rt, mem, round, async () => raw.throughput.push(await throughputStep(platform.url, rt, mem, round, c, o.throughputSeconds, seeds.get(rt)!)));
          }
        }
      }
    } finally {
      await floorPlatform?.stop();
      await platform.stop();
    }
  }
  return { conformance: conformance!, limits };
}

export async function main(argv: string[]): Promise<number> {
  const o = parseOptions(argv);
  const startedAt = new Date();
  const outDir = path.resolve(REPO_ROOT, o.outDir);
  fs.mkdirSync(path.join(outDir, 'raw'), { recursive: true });
  const logFile = path.join(outDir, 'raw', 'bench.log');
  const log = (line: string) => fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  const runtimes = selectRuntimes(discoverRuntimes(LAMBDAS_DIR), o.runtimes?.join(','));
  const floors = o.target ? [] : usableFloors(o, log);
  const raw = emptyRaw();
  const progress = new Progress(o, runtimes.map((r) => r.name), floors.map((f) => f.name));
  progress.note(`bench ${o.profile}: ${runtimes.map((r) => r.name).join(', ')} at ${o.memoryMb.join('/')} MB, ${o.rounds} round(s); output ${path.relative(REPO_ROOT, outDir)}`);
  progress.note('measuring the load generator against a no-op server');
  const ceiling = await measureGeneratorCeiling(o.profile === 'smoke' ? [500, 1000] : [500, 1000, 2000, 4000], o.profile === 'smoke' ? 1 : 2);
  progress.note(`load generator: open model ${Math.round(ceiling.openModelMaxRps)} req/s, autocannon ${Math.round(ceiling.closedModelMaxRps)} req/s`);
  let outcome: TargetOutcome | undefined;
  if (o.target) {
    // Conformance runs against the target itself where it takes unsigned requests (a public stage,
    // the local platform); else on a local platform, and the target checks the deployed code is that build.
    const baseUrl = stageAuthMode() === 'none' || isLoopback(o.target) ? o.target : undefined;
    outcome = await runAgainstTarget(o, runtimes, raw, progress, log, { gate: (names) => gate(o, names, baseUrl, log) });
    // Memory sizes are the deployed ones.
    if (outcome.deployed.length) o.memoryMb = [...new Set(outcome.deployed.map((d) => d.memoryMb))].sort((a, b) => a - b);
  }
  const { conformance, limits } = outcome ?? (await runLocal(o, runtimes, floors, raw, progress, log));
  fs.writeFileSync(path.join(outDir, 'raw', 'samples.json'), JSON.stringify(raw));
  if (outcome) fs.writeFileSync(path.join(outDir, 'raw', 'target.json'), JSON.stringify(outcome.raw));
  const deployed = new Map(outcome?.deployed.map((d) => [d.runtime, d]));
  const infos: RuntimeInfo[] = runtimes.map((r) => ({
    name: r.name,
    language: r.language,
    framework: r.framework,
    awsRuntime: deployed.get(r.name)?.awsRuntime ?? r.aws.runtime,
    architecture: deployed.get(r.name)?.architecture ?? r.aws.architecture,
    packageBytes: size(r.artifactPath),
    ...(floorFor(r, floors) ? { floor: floorFor(r, floors)! } : {}),
  }));
  const floorInfos: FloorInfo[] = floors.map((f) => ({ name: f.name, language: f.language, packageBytes: size(f.artifactPath) }));
  const results = aggregate({
    run: {
      id: path.basename(outDir),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      profile: o.profile,
      options: { runtimes: runtimes.map((r) => r.name), memoryMb: o.memoryMb, rounds: o.rounds, coldStarts: o.coldStarts, rates: o.rates, warmSeconds: o.warmSeconds, concurrency: o.concurrency, throughputSeconds: o.throughputSeconds, requestsPerMonth: o.requestsPerMonth, target: o.target, seed: o.seed },
    },
    environment: environment(limits, o.target ? `deployed API ${o.target}${o.awsEndpoint ? ` (AWS calls to ${o.awsEndpoint})` : ''}` : 'local platform (127.0.0.1)', { openModel: 'bench open-model scheduler (bench/src/open-model.ts), HDR histograms', closedModel: `autocannon ${AUTOCANNON_VERSION}` }),
    conformance,
    prices: loadPriceTable(),
    runtimes: infos,
    floors: floorInfos,
    raw,
    loadGenerator: ceiling,
    rawFiles: ['raw/samples.json', 'raw/bench.log', ...(outcome ? ['raw/target.json'] : [])],
  });
  if (outcome) {
    // Each function has the one memory size it is deployed with.
    for (const r of results.runtimes) {
      const d = deployed.get(r.name);
      if (d) r.memorySizes = r.memorySizes.filter((m) => m.memoryMb === d.memoryMb);
    }
    results.target = outcome.target;
    if (outcome.incomplete.length) results.incomplete = { reasons: outcome.incomplete };
  }
  const problems = validateResults(results);
  if (problems.length) log(`results.json does not match its schema: ${problems.join('; ')}`);
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
  fs.writeFileSync(path.join(outDir, 'report.html'), markReportIncomplete(renderReport(results), results.incomplete?.reasons));
  fs.writeFileSync(path.join(outDir, 'summary.md'), markSummaryIncomplete(renderSummary(results), results.incomplete?.reasons));
  console.log(`\n${terminalTable(SUMMARY_HEAD, summaryRows(results))}\n`);
  for (const c of results.conclusions) console.log(`- ${c}`);
  console.log(`\n${results.floorRanking.note}\n${results.loadGenerator.note}`);
  console.log(`\nwrote ${path.relative(REPO_ROOT, outDir)}/{results.json,report.html,summary.md,raw/} in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`);
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
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
