/**
 * Raw samples and the bench's own aggregation (aggregate.ts) → the sweep block of results.json:
 * one point per runtime × memory with per-round values (rounds are the unit of replication, as
 * everywhere in the bench), cost per 1M requests in its four parts (cost.ts), the Pareto frontier
 * and the recommendations (recommend.ts). Pure and deterministic.
 */
import { costAtRate, STATED_COLD_START_RATES, type Architecture, type PriceTable } from '../cost';
import { steadyLatencies, steadyServer } from '../metrics';
import { MIX } from '../open-model';
import type { RawRun, WarmSample } from '../raw';
import type { BenchResults, RuntimeResult } from '../results';
import { measure, tInterval, type Measure } from '../rounds';
import { mean, quantile } from '../stats';
import type { SweepSettings } from './options';
import { sizeRate } from './rate';
import { acrossRuntimes, bestMemory, paretoFrontier } from './recommend';
import type { RoundValue, SweepCost, SweepPoint, SweepResult } from './types';

/** Lambda's CPU share: 1 vCPU at 1769 MB (AWS: "at 1,769 MB, a function has the equivalent of one vCPU"). */
export const MB_PER_VCPU = 1769;
const MAX_HELD_ERROR_RATE = 0.01;
const POWER_TUNING = 'AWS Lambda Power Tuning, github.com/alexcasalboni/aws-lambda-power-tuning: lambda/analyzer.js (findCheapest, findFastest, findBalanced) and README-INPUT-OUTPUT.md (strategy, balancedWeight)';

const finite = (xs: readonly (number | null | undefined)[]): number[] => xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Shares of the mix's operations, named as the API does them. */
export function mixShares(): Record<string, number> {
  const names: Record<string, string> = { create: 'create (POST /items)', get: 'read (GET /items/{id})', update: 'replace (PUT /items/{id})', list: 'list (GET /items?limit=20)', delete: 'delete (DELETE /items/{id})' };
  const out: Record<string, number> = {};
  for (const op of MIX) out[names[op]!] = (out[names[op]!] ?? 0) + 1 / MIX.length;
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Math.round(v * 1000) / 1000]));
}

/** Cost per round: that round's steady warm Billed Duration; cold Billed Duration and the cold-start rate pooled over the rounds. */
function pointCost(prices: PriceTable, architecture: Architecture, memoryMb: number, warm: readonly WarmSample[], coldBilled: number[], coldStartRate: number | null, instanceWarmup: number): { cost: SweepCost | null; perRound: Map<number, number> } {
  const rate = coldStartRate ?? STATED_COLD_START_RATES[0]!;
  const label = coldStartRate === null ? '0.1 % (no steady-state rate measured)' : 'measured steady state';
  const meanCold = coldBilled.length ? mean(coldBilled) : null;
  const rounds = warm.flatMap((s) => {
    const steady = finite(s.billedDurationMs.filter((_, i) => (s.serverInvocation?.[i] ?? Infinity) > instanceWarmup));
    const billed = steady.length ? steady : finite(s.billedDurationMs);
    return billed.length ? [{ round: s.round, at: costAtRate(prices, architecture, { memoryMb, meanWarmBilledMs: mean(billed), meanColdBilledMs: meanCold, measuredColdStartRate: coldStartRate }, rate, label) }] : [];
  });
  if (!rounds.length) return { cost: null, perRound: new Map() };
  const avg = (pick: (x: (typeof rounds)[number]['at']) => number) => mean(rounds.map((x) => pick(x.at)));
  const asMeasure = (pick: (x: (typeof rounds)[number]['at']) => number): Measure => {
    const perRound = rounds.map((x) => pick(x.at));
    const t = tInterval(perRound, { nonNegative: true });
    return { n: perRound.length, rounds: perRound.length, estimate: t.estimate, ci95: t.ci, perRound };
  };
  return {
    cost: {
      architecture,
      coldStartRate: rate,
      coldStartRateLabel: label,
      lambdaComputeUsd: avg((x) => x.lambdaComputeUsd),
      lambdaInitUsd: avg((x) => x.lambdaInitUsd),
      lambdaRequestsUsd: avg((x) => x.lambdaRequestsUsd),
      apiGatewayUsd: avg((x) => x.apiGatewayUsd),
      dynamoDbUsd: avg((x) => x.dynamoDbUsd),
      totalUsd: asMeasure((x) => x.totalUsd),
      computeUsd: asMeasure((x) => x.lambdaComputeUsd),
    },
    perRound: new Map(rounds.map((x) => [x.round, x.at.totalUsd])),
  };
}

function point(results: BenchResults, raw: RawRun, rt: RuntimeResult, memoryMb: number, rateRps: number, windowS: number, prices: PriceTable, sloP99Ms: number | null): SweepPoint {
  const instanceWarmup = results.run.options.instanceWarmup;
  const m = rt.memorySizes.find((x) => x.memoryMb === memoryMb);
  const w = m?.warm.find((x) => x.rate === rateRps) ?? m?.warm[0];
  const warm = raw.warm.filter((s) => s.runtime === rt.name && s.memoryMb === memoryMb).sort((a, b) => a.round - b.round);
  const cold = raw.coldStarts.filter((s) => s.runtime === rt.name && s.memoryMb === memoryMb && s.ok);
  const steady = w?.steadyColdStarts ?? null;
  const { cost, perRound } = pointCost(prices, rt.architecture as Architecture, memoryMb, warm, finite(cold.map((s) => s.billedDurationMs)), steady ? steady.coldStarts / steady.invocations : null, instanceWarmup);
  const rounds: RoundValue[] = warm.map((s) => {
    const lat = steadyLatencies(s, instanceWarmup);
    const dur = finite(steadyServer(s, instanceWarmup));
    return { round: s.round, costUsd: perRound.has(s.round) ? r4(perRound.get(s.round)!) : null, durationMs: dur.length ? r4(mean(dur)) : null, p99Ms: lat.length ? r4(quantile(lat, 0.99)) : null };
  });
  const empty = measure([]);
  const p99 = w?.p99 ?? empty;
  const errorRate = w?.measuredErrorRate ?? 1;
  const heldReason = !w || p99.rounds === 0 ? 'no latency measured' : errorRate > MAX_HELD_ERROR_RATE ? `${(errorRate * 100).toFixed(2)} % of the measured requests failed (more than 1 %)` : undefined;
  return {
    runtime: rt.name,
    memoryMb,
    ranked: rt.ranked,
    rateRps,
    windowS,
    requests: warm.reduce((n, s) => n + (s.measuredRequests ?? s.latencyMs.length), 0),
    measuredErrorRate: errorRate,
    held: heldReason === undefined,
    ...(heldReason ? { heldReason } : {}),
    p50Ms: w?.p50 ?? empty,
    p99Ms: p99,
    durationMs: { mean: measure(warm.map((s) => finite(steadyServer(s, instanceWarmup))), mean), p50: w && w.serverDurationMs.steady.n ? w.serverDurationMs.steady.median : null, p99: w && w.serverDurationMs.steady.n ? w.serverDurationMs.steady.p99 : null },
    initDurationMs: m?.coldStart?.initDurationMs ?? null,
    maxMemoryUsedMb: m?.memory.maxMemoryUsedMb?.max ?? null,
    steadyColdStartsPer1000: steady ? { value: steady.per1000, ci95: steady.ci95Per1000 } : null,
    cost,
    rounds,
    meetsSlo: sloP99Ms === null || heldReason ? null : p99.estimate <= sloP99Ms,
  };
}

export function sweepResult(results: BenchResults, raw: RawRun, s: SweepSettings, prices: PriceTable): SweepResult {
  const probes = raw.sweepProbes ?? [];
  const cores = results.environment.cores;
  const sizes = results.run.options.memoryMb.map((mem) => ({ ...sizeRate(mem, probes, s), vcpu: Math.round((mem / MB_PER_VCPU) * 100) / 100, machineCores: cores, probes: probes.filter((p) => p.memoryMb === mem && (p.round ?? 0) === 0) }));
  const points = results.runtimes.flatMap((rt) => sizes.map((z) => point(results, raw, rt, z.memoryMb, z.rateRps, z.windowS, prices, s.sloP99Ms)));
  const frontier = paretoFrontier(points).map((p) => ({ runtime: p.runtime, memoryMb: p.memoryMb }));
  const perRuntime = results.runtimes.map((rt) => bestMemory(points.filter((p) => p.runtime === rt.name), s.strategy, s.balancedWeight));
  // One core is left for the harness: the gateway, the Runtime API, DynamoDB and the load generator run beside the instance.
  const beyond = sizes.filter((z) => z.vcpu > cores - 1);
  const notes = [
    ...(beyond.length ? [`At ${beyond.map((z) => `${z.memoryMb} MB (${z.vcpu} vCPU on AWS)`).join(', ')} an instance may take more than ${cores - 1} of this machine's ${cores} cores, which it shares with the gateway, DynamoDB and the load generator (and a second instance's init shares them too): those points are bound by the machine more than the others.`] : []),
    ...points.filter((p) => !p.held).map((p) => `${p.runtime} at ${p.memoryMb} MB did not hold the workload: ${p.heldReason}; it is shown but not recommended.`),
    ...results.runtimes.filter((r) => !r.ranked).map((r) => `${r.name} is not ranked (${r.unrankedReason ?? 'conformance'}): its points are shown, never recommended or put on the frontier.`),
  ];
  return {
    config: {
      quick: s.quick,
      strategy: s.strategy,
      balancedWeight: s.balancedWeight,
      sloP99Ms: s.sloP99Ms,
      mix: mixShares(),
      rateRule: `per memory size, ${s.rateFraction} × 1000 / (highest serial p99 over the runtimes' round-1 probes), at least 1 and at most ${s.rateCapRps} req/s; the same rate for every runtime at that size`,
      rateFraction: s.rateFraction,
      rateCapRps: s.rateCapRps,
      minRequests: s.minRequests,
      minWindowS: s.minWindowS,
      maxWindowS: s.maxWindowS,
      probeSeconds: s.probeSeconds,
      coldRequest: 'POST /items on a fresh instance (real work: the table client set up and one PutItem), one per runtime, size and round',
      powerTuning: POWER_TUNING,
    },
    sizes,
    points,
    frontier,
    perRuntime,
    acrossRuntimes: acrossRuntimes(points, s.sloP99Ms),
    notes,
  };
}
