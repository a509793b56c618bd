/**
 * Raw samples → results.json: round-based estimates with t-intervals, HDR percentiles, the
 * steady state apart from ramps and instance warm-up, capacity, cost, floors against
 * lambda-perf, pairwise comparisons with their conclusions, and the load guard's verdict.
 * Pure and deterministic: the same raw samples always give the same results.
 */
import { comparisons, conclusions, MAX_RANKED_ERROR_RATE } from './comparisons';
import { costPerMillion, headlineCost, monthlyEstimate, type Architecture, type PriceTable } from './cost';
import { compareWithLambdaPerf, loadLambdaPerf, type LambdaPerfData } from './lambda-perf';
import { loadVerdict } from './loadguard';
import type { RawRun } from './raw';
import type { BenchResults, ConformanceResult, Environment, FloorResult, MemorySizeResult, RuntimeResult } from './results';
import { RESULTS_SCHEMA_VERSION } from './results';
import { describe } from './stats';
import { capacityResult, coldRequestResult, coldStartResult, costBasis, machineThroughput, warmRateResult } from './summaries';
import { coldOf } from './metrics';

export { MAX_RANKED_ERROR_RATE } from './comparisons';
export { measuredErrorRate } from './summaries';

export interface RuntimeInfo {
  name: string;
  language: string;
  framework: string;
  awsRuntime: string;
  architecture: Architecture;
  packageBytes: number | null;
  floor?: string;
}

export interface FloorInfo {
  name: string;
  language: string;
  awsRuntime: string;
  packageBytes: number | null;
}

export interface AggregateInput {
  run: BenchResults['run'];
  environment: Environment;
  conformance: ConformanceResult;
  prices: PriceTable;
  runtimes: RuntimeInfo[];
  floors: FloorInfo[];
  raw: RawRun;
  loadGenerator: { openModelMaxRps: number | null; closedModelMaxRps: number | null; configuration: string };
  rawFiles: string[];
  /** Default: bench/data/lambda-perf.json. */
  lambdaPerf?: LambdaPerfData;
}

const finite = (xs: (number | undefined)[]): number[] => xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
const round2 = (x: number) => Math.round(x * 100) / 100;

function memoryResult(input: AggregateInput, rt: RuntimeInfo, mem: number, floor?: FloorResult): MemorySizeResult {
  const { raw, prices, run } = input;
  const { rates, instanceWarmup, requestsPerMonth } = run.options;
  const cold = coldStartResult(raw.coldStarts, rt.name, mem);
  if (cold && floor?.coldStart && rt.floor) {
    const ratio = (x: number, y: number) => (y > 0 && Number.isFinite(x) ? round2(x / y) : NaN);
    const work = coldOf(raw.coldStarts, rt.name, mem, 'work');
    const workMemory = describe(finite(work.map((s) => s.maxMemoryUsedMb))).median;
    cold.multipleOfFloor = { floor: rt.floor, initDuration: ratio(cold.initDurationMs.estimate, floor.coldStart.initDurationMs.estimate), maxMemoryUsed: ratio(workMemory, floor.coldStart.maxMemoryUsedMb.estimate) };
  }
  const warmSamples = raw.warm.filter((s) => s.runtime === rt.name && s.memoryMb === mem);
  const warm = rates.map((rate) => warmSamples.filter((s) => s.rate === rate)).filter((xs) => xs.length).map((xs) => warmRateResult(xs, instanceWarmup));
  const capacity = capacityResult(raw.capacity.filter((s) => s.runtime === rt.name && s.memoryMb === mem));
  const machine = machineThroughput(raw.throughput.filter((s) => s.runtime === rt.name && s.memoryMb === mem));
  const billed = finite(warmSamples.flatMap((s) => s.billedDurationMs));
  const maxMem = finite(warmSamples.flatMap((s) => s.maxMemoryUsedMb));
  const cpu = finite(warmSamples.flatMap((s) => s.cpuTimeMs));
  const basis = costBasis(mem, warmSamples, raw.coldStarts.filter((s) => s.runtime === rt.name && s.memoryMb === mem), warm, instanceWarmup);
  const cost = basis ? (['x86_64', 'arm64'] as const).map((arch) => costPerMillion(prices, arch, basis)) : [];
  const own = cost.find((c) => c.architecture === rt.architecture);
  return {
    memoryMb: mem,
    ...(cold ? { coldStart: cold } : {}),
    warm,
    ...(capacity ? { capacity } : {}),
    ...(machine ? { machineThroughput: machine } : {}),
    memory: { maxMemoryUsedMb: maxMem.length ? describe(maxMem) : null, cpuTimeMsPerInvocation: cpu.length ? describe(cpu) : null },
    billedDurationMs: billed.length ? describe(billed) : null,
    cost,
    ...(own ? { monthly: { architecture: own.architecture, ...monthlyEstimate(prices, own, requestsPerMonth, headlineCost(own)) } } : {}),
  };
}

export function aggregate(input: AggregateInput): BenchResults {
  const { raw, run, prices } = input;
  const { memoryMb: memorySizes, rates, instanceWarmup } = run.options;
  const floorMem = memorySizes.includes(512) ? 512 : memorySizes[0]!;
  const floors: FloorResult[] = input.floors.map((f) => {
    const warm = raw.floorWarm.filter((s) => s.runtime === f.name);
    return { name: f.name, language: f.language, awsRuntime: f.awsRuntime, memoryMb: floorMem, packageBytes: f.packageBytes, coldStart: coldRequestResult(coldOf(raw.floorColdStarts, f.name, floorMem, 'probe')) ?? null, ...(warm.length ? { warm: warmRateResult(warm, instanceWarmup) } : {}) };
  });
  const runtimes: RuntimeResult[] = input.runtimes.map((rt) => {
    const verdict = input.conformance.runtimes[rt.name];
    const ranked = verdict?.passed === true;
    const floor = floors.find((f) => f.name === rt.floor);
    return {
      name: rt.name,
      language: rt.language,
      framework: rt.framework,
      awsRuntime: rt.awsRuntime,
      architecture: rt.architecture,
      packageBytes: rt.packageBytes,
      ranked,
      ...(ranked ? {} : { unrankedReason: verdict ? `conformance failed${verdict.reason ? `: ${verdict.reason}` : ''}` : `no conformance verdict (${input.conformance.status})` }),
      ...(rt.floor ? { floor: rt.floor } : {}),
      ...(run.options.slowed?.runtime === rt.name ? { fixture: `slowed on purpose: ${run.options.slowed.ms} ms added to every request (bench/fixtures/slowed)` } : {}),
      memorySizes: memorySizes.map((mem) => memoryResult(input, rt, mem, mem === floorMem ? floor : undefined)),
    };
  });
  const rankedNames = runtimes.filter((r) => r.ranked).map((r) => r.name);
  const list = comparisons(raw, rankedNames, memorySizes, rates, instanceWarmup);
  const measuredFloors = floors.filter((f) => f.coldStart && f.coldStart.initDurationMs.rounds > 0);
  const lambdaPerf = compareWithLambdaPerf(
    measuredFloors.map((f) => ({ name: f.name, awsRuntime: f.awsRuntime, initMs: f.coldStart!.initDurationMs.estimate })),
    measuredFloors.length ? floorMem : null,
    input.lambdaPerf ?? loadLambdaPerf(),
  );
  const highestRateUsed = Math.max(0, ...rates);
  const lg = input.loadGenerator;
  const verdict = loadVerdict(raw.preRun, raw.load);
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run,
    environment: input.environment,
    loadGuard: { ...verdict, preRun: raw.preRun ?? null, records: raw.load },
    conformance: input.conformance,
    prices: { region: prices.region, asOf: prices.asOf, sources: prices.sources },
    runtimes,
    floors,
    lambdaPerf,
    loadGenerator: {
      ...lg,
      highestRateUsed,
      note:
        lg.openModelMaxRps === null
          ? 'Load generator capacity not measured in this run.'
          : `The open-model generator sustained ${Math.round(lg.openModelMaxRps)} req/s against a no-op server (${(lg.openModelMaxRps / Math.max(1, highestRateUsed)).toFixed(0)}× the highest rate used); autocannon reached ${Math.round(lg.closedModelMaxRps ?? 0)} req/s; ${lg.configuration}.`,
    },
    comparisons: list,
    conclusions: [
      ...(verdict.noisy ? [`This run is NOISY: ${verdict.reasons.join('; ')}. Its figures are for development only.`] : []),
      ...conclusions(list, rates, instanceWarmup, runtimes.filter((r) => !r.ranked).map((r) => r.name)),
      ...runtimes.flatMap((r) =>
        r.memorySizes.flatMap((m) =>
          m.warm
            .filter((w) => w.measuredErrorRate > MAX_RANKED_ERROR_RATE)
            .map((w) => `At ${m.memoryMb} MB and ${w.rate} req/s, ${r.name} is not ranked on latency: ${(100 * w.measuredErrorRate).toFixed(2)} % of the measured requests failed (more than 1 %; throttled or errored while ${w.peakInstances} instances served); its latency figures cover the answered requests only.`),
        ),
      ),
    ],
    raw: input.rawFiles,
  };
}
