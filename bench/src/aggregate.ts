/**
 * Raw samples → results.json: summaries with intervals, HDR percentiles, cost, floors,
 * pairwise comparisons and the plain-language conclusions drawn from them. Pure: the
 * same raw samples always give the same results (every bootstrap is seeded).
 */
import { costPerMillion, monthlyEstimate, type Architecture, type PriceTable } from './cost';
import { LatencyRecorder, percentilesMs } from './histogram';
import type { ColdStartSample, RawRun, WarmSample } from './raw';
import type { BenchResults, ColdStartResult, ComparisonResult, ConformanceResult, Environment, FloorResult, RuntimeResult, WarmRateResult } from './results';
import { RESULTS_SCHEMA_VERSION } from './results';
import { compareGroups, compareSamples, hierarchicalInterval, median, quantileSorted, sortNumbers, summarize, type Summary } from './stats';

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
  loadGenerator: { openModelMaxRps: number | null; closedModelMaxRps: number | null };
  rawFiles: string[];
}

/** lambda-perf's published hello-world cold-start ranking at 512 MB (fastest first). */
export const LAMBDA_PERF_RANKING = ['go', 'python', 'node', 'java'];

const numbers = (xs: (number | undefined)[]): number[] => xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
const round2 = (x: number) => Math.round(x * 100) / 100;

function coldStartResult(samples: ColdStartSample[], rounds: number): ColdStartResult | undefined {
  if (samples.length === 0) return undefined;
  const ok = samples.filter((s) => s.ok);
  const after = numbers(ok.map((s) => s.memoryAfterInitMb));
  const perRound = Array.from({ length: rounds }, (_, r) => numbers(ok.filter((s) => s.round === r).map((s) => s.initDurationMs))).filter((xs) => xs.length).map((xs) => round2(median(xs)));
  return {
    initDurationMs: summarize(numbers(ok.map((s) => s.initDurationMs))),
    firstInvocationMs: summarize(numbers(ok.map((s) => s.firstInvocationMs))),
    clientMs: summarize(numbers(ok.map((s) => s.clientMs))),
    maxMemoryUsedMb: summarize(numbers(ok.map((s) => s.maxMemoryUsedMb))),
    ...(after.length ? { memoryAfterInitMb: summarize(after) } : {}),
    initDurationPerRound: perRound,
    failures: samples.length - ok.length,
  };
}

function warmRateResult(samples: WarmSample[]): WarmRateResult {
  const recorder = new LatencyRecorder();
  for (const s of samples) {
    s.latencyMs.forEach((ms, i) => {
      const un = s.uncorrectedMs[i] ?? ms;
      // record(intended, sent, done) with intended = 0: corrected = ms, uncorrected = un.
      recorder.record(0, ms - un, ms);
    });
  }
  const sorted = sortNumbers(recorder.samples);
  // Rounds (fresh instances each) are the unit of replication: see hierarchicalInterval.
  const rounds = samples.map((x) => x.latencyMs);
  const p50 = hierarchicalInterval(rounds, 0.5);
  const p99 = hierarchicalInterval(rounds, 0.99);
  const server = numbers(samples.flatMap((s) => s.serverDurationMs));
  const invocations = samples.reduce((n, s) => n + s.invocations, 0);
  const coldStarts = samples.reduce((n, s) => n + s.coldStarts, 0);
  const requests = samples.reduce((n, s) => n + s.requests, 0);
  const duration = samples.reduce((n, s) => n + s.durationS, 0);
  return {
    rate: samples[0]!.rate,
    durationS: duration,
    requests,
    errors: samples.reduce((n, s) => n + s.errors, 0),
    measuredErrorRate: measuredErrorRate(samples),
    achievedRps: duration > 0 ? round2(requests / duration) : 0,
    client: { ...percentilesMs(recorder.corrected), p50Ci95: [p50.lo, p50.hi], p99Ci95: [p99.lo, p99.hi] },
    clientUncorrected: percentilesMs(recorder.uncorrected),
    serverDurationMs: { ...summarize(server), p99: quantileSorted(sortNumbers(server), 0.99) },
    coldStartsPer1000: invocations > 0 ? round2((coldStarts / invocations) * 1000) : 0,
    coldStarts,
    peakInstances: Math.max(0, ...samples.map((s) => s.peakInstances)),
    p50PerRound: samples.map((s) => round2(median(s.latencyMs))),
  };
}

const fmtMs = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function statement(metric: string, where: string, a: string, b: string, c: ReturnType<typeof compareSamples>, unit: string): string {
  if (!c.significant) return `${metric} ${where}: no significant difference between ${a} and ${b} (p = ${c.pValue.toFixed(2)}).`;
  const faster = c.delta > 0 ? a : b;
  const slower = c.delta > 0 ? b : a;
  const pct = Math.abs(c.relative) * 100;
  return `${metric} ${where}: ${faster} is lower than ${slower} by ${fmtMs(Math.abs(c.delta))} ${unit} (${pct.toFixed(0)} %; 95 % CI of the difference ${fmtMs(Math.abs(c.deltaCi95[0]))}–${fmtMs(Math.abs(c.deltaCi95[1]))} ${unit}; p = ${c.pValue < 0.001 ? '< 0.001' : c.pValue.toFixed(3)}).`;
}

interface Metric {
  key: string;
  label: string;
  unit: string;
  samples: (runtime: string, memoryMb: number) => number[];
  /** Per-round groups, where rounds are the unit of replication (warm latency). */
  groups?: (runtime: string, memoryMb: number) => number[][];
  rate?: number;
}

/** Share of the measured window's requests that failed (0 when nothing was measured). */
export function measuredErrorRate(samples: readonly WarmSample[]): number {
  const requests = samples.reduce((n, s) => n + (s.measuredRequests ?? s.latencyMs.length), 0);
  const errors = samples.reduce((n, s) => n + (s.measuredErrors ?? 0), 0);
  return requests > 0 ? round2(errors / requests) : 0;
}

/** Latency is ranked only where a runtime answered at least 99 % of the measured requests. */
export const MAX_RANKED_ERROR_RATE = 0.01;

function metrics(raw: RawRun, rates: number[]): Metric[] {
  const cold = (pick: (s: ColdStartSample) => number | undefined) => (rt: string, mem: number) =>
    numbers(raw.coldStarts.filter((s) => s.ok && s.runtime === rt && s.memoryMb === mem).map(pick));
  const list: Metric[] = [
    { key: 'coldStart.initDuration', label: 'Init Duration', unit: 'ms', samples: cold((s) => s.initDurationMs) },
    { key: 'coldStart.client', label: 'Cold-start end-to-end time', unit: 'ms', samples: cold((s) => s.clientMs) },
    { key: 'coldStart.maxMemoryUsed', label: 'Max Memory Used after the first request', unit: 'MB', samples: cold((s) => s.maxMemoryUsedMb) },
  ];
  for (const rate of rates) {
    const warm = (rt: string, mem: number) => raw.warm.filter((s) => s.runtime === rt && s.memoryMb === mem && s.rate === rate);
    // A runtime that failed more than 1 % of the measured requests at this rate is not compared on latency.
    const sustained = (rt: string, mem: number) => measuredErrorRate(warm(rt, mem)) <= MAX_RANKED_ERROR_RATE;
    const rounds = (pick: (s: WarmSample) => number[]) => (rt: string, mem: number) => (sustained(rt, mem) ? warm(rt, mem).map(pick) : []);
    const client = rounds((s) => s.latencyMs);
    const server = rounds((s) => s.serverDurationMs);
    list.push({ key: `warm.${rate}.client`, label: `Warm latency at ${rate} req/s`, unit: 'ms', rate, samples: (rt, mem) => client(rt, mem).flat(), groups: client });
    list.push({ key: `warm.${rate}.server`, label: `Server Duration at ${rate} req/s`, unit: 'ms', rate, samples: (rt, mem) => server(rt, mem).flat(), groups: server });
  }
  return list;
}

export function comparisons(raw: RawRun, runtimes: string[], memorySizes: number[], rates: number[], seed: number): ComparisonResult[] {
  const out: ComparisonResult[] = [];
  for (const mem of memorySizes) {
    for (const m of metrics(raw, rates)) {
      for (let i = 0; i < runtimes.length; i++) {
        for (let j = i + 1; j < runtimes.length; j++) {
          const a = runtimes[i]!;
          const b = runtimes[j]!;
          const sa = m.samples(a, mem);
          const sb = m.samples(b, mem);
          if (!sa.length || !sb.length) continue;
          const c = m.groups ? compareGroups(m.groups(a, mem), m.groups(b, mem), { seed }) : compareSamples(sa, sb, { seed });
          out.push({
            metric: m.key,
            memoryMb: mem,
            ...(m.rate !== undefined ? { rate: m.rate } : {}),
            a,
            b,
            medianA: median(sa),
            medianB: median(sb),
            delta: c.delta,
            deltaCi95: c.deltaCi95,
            relative: c.relative,
            pValue: c.pValue,
            significant: c.significant,
            statement: statement(m.label, `at ${mem} MB`, a, b, c, m.unit),
          });
        }
      }
    }
  }
  return out;
}

/** One sentence per metric and memory size: the order, with ties where nothing is significant. */
export function conclusions(list: ComparisonResult[], unranked: string[]): string[] {
  const out: string[] = [];
  const groups = new Map<string, ComparisonResult[]>();
  for (const c of list) {
    if (c.metric.endsWith('.server') || c.metric === 'coldStart.maxMemoryUsed') continue;
    const key = `${c.metric}@${c.memoryMb}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  for (const [key, cs] of groups) {
    const [metric, mem] = key.split('@');
    const medians = new Map<string, number>();
    for (const c of cs) {
      medians.set(c.a, c.medianA);
      medians.set(c.b, c.medianB);
    }
    const order = [...medians.entries()].sort((x, y) => x[1] - y[1]);
    const sig = (x: string, y: string) => cs.find((c) => (c.a === x && c.b === y) || (c.a === y && c.b === x))?.significant ?? false;
    // Adjacent runtimes joined by "<" when significantly different, "≈" when not.
    const chain = order.map(([name, m], k) => `${k === 0 ? '' : sig(order[k - 1]![0], name) ? ' < ' : ' ≈ '}${name} (${fmtMs(m)})`).join('');
    const label = metric === 'coldStart.initDuration' ? 'Init Duration (ms)' : metric === 'coldStart.client' ? 'cold-start end-to-end (ms)' : `warm p50 at ${metric!.split('.')[1]} req/s (ms)`;
    const [best, second] = order;
    let verdict: string;
    if (!best || !second) verdict = '';
    else if (order.slice(1).every(([n]) => sig(best[0], n))) verdict = ` ${best[0]} is significantly lowest.`;
    else verdict = ` No runtime is significantly lowest: ${best[0]} and ${order.filter(([n]) => n !== best[0] && !sig(best[0], n)).map(([n]) => n).join(', ')} cannot be told apart.`;
    out.push(`At ${mem} MB, ${label}: ${chain}.${verdict}`);
  }
  if (unranked.length) out.push(`Not ranked (conformance not passed or unknown): ${unranked.join(', ')}; their numbers are shown but no conclusion names them.`);
  return out;
}

function memoryResult(raw: RawRun, rt: RuntimeInfo, mem: number, rounds: number, rates: number[], prices: PriceTable, requestsPerMonth: number, floor?: ColdStartResult) {
  const cold = coldStartResult(raw.coldStarts.filter((s) => s.runtime === rt.name && s.memoryMb === mem), rounds);
  if (cold && floor && rt.floor) {
    const ratio = (x: number, y: number) => (y > 0 && Number.isFinite(x) ? round2(x / y) : null);
    cold.multipleOfFloor = { floor: rt.floor, initDuration: ratio(cold.initDurationMs.median, floor.initDurationMs.median)!, maxMemoryUsed: ratio(cold.maxMemoryUsedMb.median, floor.maxMemoryUsedMb.median)! };
  }
  const warmSamples = raw.warm.filter((s) => s.runtime === rt.name && s.memoryMb === mem);
  const warm = rates.map((rate) => warmSamples.filter((s) => s.rate === rate)).filter((xs) => xs.length).map(warmRateResult);
  const steps = [...new Set(raw.throughput.filter((s) => s.runtime === rt.name && s.memoryMb === mem).map((s) => s.concurrency))].sort((a, b) => a - b).map((concurrency) => {
    const xs = raw.throughput.filter((s) => s.runtime === rt.name && s.memoryMb === mem && s.concurrency === concurrency);
    const requests = xs.reduce((n, s) => n + s.requests, 0);
    const errors = xs.reduce((n, s) => n + s.errors, 0);
    return { concurrency, rps: round2(median(xs.map((s) => s.rps))), requests, errorRate: requests ? errors / requests : 1, p50Ms: median(xs.map((s) => s.p50Ms)), p99Ms: median(xs.map((s) => s.p99Ms)) };
  });
  const okSteps = steps.filter((s) => s.errorRate < 0.01);
  const billed = numbers(warmSamples.flatMap((s) => s.billedDurationMs));
  const maxMem = numbers(warmSamples.flatMap((s) => s.maxMemoryUsedMb));
  const cpu = numbers(warmSamples.flatMap((s) => s.cpuTimeMs));
  const meanBilled = billed.length ? billed.reduce((s, x) => s + x, 0) / billed.length : NaN;
  const cost = Number.isFinite(meanBilled) ? (['x86_64', 'arm64'] as const).map((arch) => costPerMillion(prices, arch, mem, meanBilled)) : [];
  const own = cost.find((c) => c.architecture === rt.architecture);
  return {
    memoryMb: mem,
    ...(cold ? { coldStart: cold } : {}),
    warm,
    ...(steps.length ? { throughput: { steps, maxRpsUnder1PctErrors: okSteps.length ? Math.max(...okSteps.map((s) => s.rps)) : null } } : {}),
    memory: { maxMemoryUsedMb: maxMem.length ? summarize(maxMem) : null, cpuTimeMsPerInvocation: cpu.length ? summarize(cpu) : null },
    billedDurationMs: billed.length ? summarize(billed) : null,
    cost,
    ...(own ? { monthly: { architecture: own.architecture, ...monthlyEstimate(prices, own, requestsPerMonth) } } : {}),
  };
}

export function aggregate(input: AggregateInput): BenchResults {
  const { raw, run, prices } = input;
  const { memoryMb: memorySizes, rates, rounds, seed, requestsPerMonth } = run.options;
  const floorMem = memorySizes.includes(512) ? 512 : memorySizes[0]!;
  const floors: FloorResult[] = input.floors.map((f) => {
    const cold = coldStartResult(raw.floorColdStarts.filter((s) => s.runtime === f.name && s.memoryMb === floorMem), rounds) ?? null;
    const warm = raw.floorWarm.filter((s) => s.runtime === f.name);
    return { name: f.name, language: f.language, memoryMb: floorMem, packageBytes: f.packageBytes, coldStart: cold, ...(warm.length ? { warm: warmRateResult(warm) } : {}) };
  });
  const floorOf = (name?: string) => floors.find((f) => f.name === name)?.coldStart ?? undefined;
  const runtimes: RuntimeResult[] = input.runtimes.map((rt) => {
    const verdict = input.conformance.runtimes[rt.name];
    const ranked = verdict?.passed === true;
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
      memorySizes: memorySizes.map((mem) => memoryResult(raw, rt, mem, rounds, rates, prices, requestsPerMonth, mem === floorMem ? floorOf(rt.floor) : undefined)),
    };
  });
  const rankedNames = runtimes.filter((r) => r.ranked).map((r) => r.name);
  const list = comparisons(raw, rankedNames, memorySizes, rates, seed);
  const measuredFloors = floors.filter((f) => f.coldStart && f.coldStart.initDurationMs.n > 0);
  const ours = [...measuredFloors].sort((a, b) => a.coldStart!.initDurationMs.median - b.coldStart!.initDurationMs.median).map((f) => f.name);
  const comparable = LAMBDA_PERF_RANKING.filter((n) => ours.includes(n));
  const agrees = ours.length >= 2 ? ours.filter((n) => comparable.includes(n)).join() === comparable.join() : null;
  const highestRateUsed = Math.max(0, ...rates);
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    run,
    environment: input.environment,
    conformance: input.conformance,
    prices: { region: prices.region, asOf: prices.asOf, sources: prices.sources },
    runtimes,
    floors,
    floorRanking: {
      memoryMb: measuredFloors.length ? floorMem : null,
      ours,
      lambdaPerf: LAMBDA_PERF_RANKING,
      agrees,
      note:
        agrees === null
          ? 'Fewer than two floors measured: no ranking to compare.'
          : agrees
            ? `Our hello-world Init Duration ranking at ${floorMem} MB (${ours.join(' < ')}) matches lambda-perf's order for the floors measured (lambda-perf: go < python < node < java).`
            : `Our hello-world Init Duration ranking at ${floorMem} MB (${ours.join(' < ')}) differs from lambda-perf's (${comparable.join(' < ')}): lambda-perf measures on AWS's Firecracker microVMs with managed runtimes pre-loaded, we start local processes under cgroup limits; see docs/methodology.md.`,
    },
    loadGenerator: {
      ...input.loadGenerator,
      highestRateUsed,
      note:
        input.loadGenerator.openModelMaxRps === null
          ? 'Load generator capacity not measured in this run.'
          : `The open-model generator sustained ${Math.round(input.loadGenerator.openModelMaxRps)} req/s against a no-op server (${(input.loadGenerator.openModelMaxRps / Math.max(1, highestRateUsed)).toFixed(0)}× the highest rate used); autocannon reached ${Math.round(input.loadGenerator.closedModelMaxRps ?? 0)} req/s.`,
    },
    comparisons: list,
    conclusions: [
      ...conclusions(list, runtimes.filter((r) => !r.ranked).map((r) => r.name)),
      ...runtimes.flatMap((r) =>
        r.memorySizes.flatMap((m) =>
          m.warm
            .filter((w) => (w.measuredErrorRate ?? 0) > MAX_RANKED_ERROR_RATE)
            .map(
              (w) =>
                `At ${m.memoryMb} MB and ${w.rate} req/s, ${r.name} is not ranked on latency: ${(100 * w.measuredErrorRate!).toFixed(0)} % of the measured requests failed (throttled or errored while ${w.peakInstances} instances served); its latency figures cover the answered requests only.`,
            ),
        ),
      ),
    ],
    raw: input.rawFiles,
  };
}

export type { Summary };
