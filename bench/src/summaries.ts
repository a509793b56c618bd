/**
 * Raw samples of one runtime and memory size → the result blocks of results.json: cold
 * requests, warm rates (steady state, instance warm-up, ramp, steady-state cold starts),
 * per-instance capacity, machine-bound throughput, and the cost basis.
 */
import type { CostBasis } from './cost';
import { curveMs, LatencyRecorder, percentilesMs } from './histogram';
import { coldOf } from './metrics';
import type { CapacitySample, ColdRequest, ColdStartSample, ThroughputSample, WarmSample } from './raw';
import type { CapacityResult, ColdRequestResult, ColdStartResult, MemorySizeResult, WarmRateResult } from './results';
import { measure } from './rounds';
import { steadyRate } from './steady';
import { describe, median, quantile } from './stats';

const finite = (xs: (number | undefined | null)[]): number[] => xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Per-round groups of a picked value, rounds in order. */
function groups<T extends { round: number }>(items: readonly T[], pick: (x: T) => number | undefined | null): number[][] {
  const rounds = [...new Set(items.map((x) => x.round))].sort((a, b) => a - b);
  return rounds.map((r) => finite(items.filter((x) => x.round === r).map(pick)));
}

export function coldRequestResult(samples: readonly ColdStartSample[]): ColdRequestResult | undefined {
  if (!samples.length) return undefined;
  const billed = finite(samples.map((s) => s.billedDurationMs));
  return {
    n: samples.length,
    initDurationMs: measure(groups(samples, (s) => s.initDurationMs)),
    firstInvocationMs: measure(groups(samples, (s) => s.firstInvocationMs)),
    clientMs: measure(groups(samples, (s) => s.clientMs)),
    maxMemoryUsedMb: measure(groups(samples, (s) => s.maxMemoryUsedMb)),
    billedDurationMs: billed.length ? describe(billed) : null,
  };
}

export function coldStartResult(all: readonly ColdStartSample[], runtime: string, memoryMb: number): ColdStartResult | undefined {
  const mine = all.filter((s) => s.runtime === runtime && s.memoryMb === memoryMb);
  if (!mine.length) return undefined;
  const kind = (k: ColdRequest) => coldRequestResult(coldOf(all, runtime, memoryMb, k));
  const work = coldOf(all, runtime, memoryMb, 'work');
  const probe = coldOf(all, runtime, memoryMb, 'probe');
  const after = groups(probe, (s) => s.memoryAfterInitMb);
  const write = kind('write');
  const read = kind('read');
  const probeResult = kind('probe');
  return {
    // Older runs have probes only: then their Init Duration stands in.
    initDurationMs: measure(groups(work.length ? work : probe, (s) => s.initDurationMs)),
    ...(write ? { write } : {}),
    ...(read ? { read } : {}),
    ...(probeResult ? { probe: probeResult } : {}),
    ...(after.some((g) => g.length) ? { memoryAfterInitMb: measure(after) } : {}),
    failures: mine.filter((s) => !s.ok).length,
  };
}

/** Which latencies of a phase belong to the instance warm-up (served by one of their instance's first N invocations). */
const inWarmup = (s: WarmSample, i: number, n: number) => {
  const k = s.latencyInvocation?.[i] ?? 0;
  return k > 0 && k <= n;
};

export function warmRateResult(samples: readonly WarmSample[], instanceWarmup: number): WarmRateResult {
  const steady = new LatencyRecorder();
  const warmupLatencies: number[] = [];
  let attributed = 0;
  let total = 0;
  for (const s of samples) {
    s.latencyMs.forEach((ms, i) => {
      total++;
      if ((s.latencyInvocation?.[i] ?? 0) > 0) attributed++;
      if (inWarmup(s, i, instanceWarmup)) warmupLatencies.push(ms);
      // record(intended, sent, done) with intended = 0: corrected = ms, uncorrected = un.
      else steady.record(0, ms - (s.uncorrectedMs[i] ?? ms), ms);
    });
  }
  const steadyRounds = samples.map((s) => s.latencyMs.filter((_, i) => !inWarmup(s, i, instanceWarmup)));
  const serverSteady = finite(samples.flatMap((s) => s.serverDurationMs.filter((_, i) => (s.serverInvocation?.[i] ?? Infinity) > instanceWarmup)));
  const serverWarmup = finite(samples.flatMap((s) => s.serverDurationMs.filter((_, i) => (s.serverInvocation?.[i] ?? Infinity) <= instanceWarmup)));
  const requests = samples.reduce((n, s) => n + s.requests, 0);
  const duration = samples.reduce((n, s) => n + s.durationS, 0);
  const ramps = samples.filter((s) => s.ramp);
  return {
    rate: samples[0]!.rate,
    durationS: samples[0]!.durationS,
    requests,
    errors: samples.reduce((n, s) => n + s.errors, 0),
    measuredErrorRate: measuredErrorRate(samples),
    achievedRps: duration > 0 ? round2(steady.samples.length / duration) : 0,
    client: { ...percentilesMs(steady.corrected), curve: curveMs(steady.corrected) },
    p50: measure(steadyRounds, median),
    p99: measure(steadyRounds, (xs) => quantile(xs, 0.99)),
    clientUncorrected: percentilesMs(steady.uncorrected),
    instanceWarmup: {
      firstInvocations: instanceWarmup,
      requests: warmupLatencies.length,
      p50: warmupLatencies.length ? round2(quantile(warmupLatencies, 0.5)) : null,
      p90: warmupLatencies.length ? round2(quantile(warmupLatencies, 0.9)) : null,
      attributedShare: samples.some((s) => s.latencyInvocation) && total > 0 ? round2(attributed / total) : null,
    },
    serverDurationMs: { steady: { ...describe(serverSteady), p99: quantile(serverSteady, 0.99) }, instanceWarmup: serverWarmup.length ? describe(serverWarmup) : null },
    ramp: {
      fromZero: ramps.every((s) => s.ramp!.fromZero),
      seconds: measure(ramps.map((s) => [s.ramp!.seconds])),
      coldStarts: measure(ramps.map((s) => [s.ramp!.coldStarts])),
      reachedSteadyRounds: ramps.filter((s) => s.ramp!.reachedSteady).length,
    },
    steadyColdStarts: steadyRate(samples.flatMap((s) => (s.steady ? [s.steady] : []))),
    peakInstances: Math.max(0, ...samples.map((s) => s.peakInstances)),
  };
}

/** Share of the measured window's requests that failed (exact: the ranking gate must not see a rounded figure). */
export function measuredErrorRate(samples: readonly WarmSample[]): number {
  const requests = samples.reduce((n, s) => n + (s.measuredRequests ?? s.latencyMs.length), 0);
  const errors = samples.reduce((n, s) => n + (s.measuredErrors ?? 0), 0);
  return requests > 0 ? errors / requests : 0;
}

export function capacityResult(samples: readonly CapacitySample[]): CapacityResult | undefined {
  if (!samples.length) return undefined;
  return {
    p99BoundMs: samples[0]!.p99BoundMs,
    rps: measure(groups(samples, (s) => s.capacityRps)),
    serialRps: measure(groups(samples, (s) => s.serialRps)),
    failedRounds: samples.filter((s) => s.capacityRps === null).length,
    lowerBoundRounds: samples.filter((s) => s.capacityRps !== null && s.bracketed === false).length,
    steps: samples.flatMap((s) => s.steps.map((step) => ({ ...step, round: s.round }))),
  };
}

export const MACHINE_BOUND = 'this machine: the generator, the gateway and every instance share its cores';

export function machineThroughput(samples: readonly ThroughputSample[]): MemorySizeResult['machineThroughput'] {
  if (!samples.length) return undefined;
  const steps = [...new Set(samples.map((s) => s.concurrency))].sort((a, b) => a - b).map((concurrency) => {
    const xs = samples.filter((s) => s.concurrency === concurrency);
    const requests = xs.reduce((n, s) => n + s.requests, 0);
    const errors = xs.reduce((n, s) => n + s.errors, 0);
    return { concurrency, rps: round2(median(xs.map((s) => s.rps))), requests, errorRate: requests ? errors / requests : 1, p50Ms: median(xs.map((s) => s.p50Ms)), p99Ms: median(xs.map((s) => s.p99Ms)) };
  });
  const ok = steps.filter((s) => s.errorRate < 0.01);
  return { boundBy: MACHINE_BOUND, steps, maxRpsUnder1PctErrors: ok.length ? Math.max(...ok.map((s) => s.rps)) : null };
}

/**
 * Cost basis: warm Billed Duration of the steady windows (without each instance's first N
 * invocations, which real traffic amortizes like init, unless there is nothing else), cold
 * Billed Duration (init + first invocation) of the cold requests that did real work (locally)
 * or of the phases' cold REPORTs (deployed API), and the pooled steady-state cold-start rate.
 */
export function costBasis(memoryMb: number, warm: readonly WarmSample[], cold: readonly ColdStartSample[], warmResults: readonly WarmRateResult[], instanceWarmup = 0): CostBasis | undefined {
  const all = finite(warm.flatMap((s) => s.billedDurationMs));
  const steady = finite(warm.flatMap((s) => s.billedDurationMs.filter((_, i) => (s.serverInvocation?.[i] ?? Infinity) > instanceWarmup)));
  const billed = steady.length ? steady : all;
  if (!billed.length) return undefined;
  const workCold = finite(cold.filter((s) => s.ok && (s.request === 'write' || s.request === 'read')).map((s) => s.billedDurationMs));
  const coldBilled = workCold.length ? workCold : finite(warm.flatMap((s) => s.coldBilledDurationMs ?? []));
  const rates = warmResults.flatMap((w) => (w.steadyColdStarts ? [w.steadyColdStarts] : []));
  const invocations = rates.reduce((n, s) => n + s.invocations, 0);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    memoryMb,
    meanWarmBilledMs: mean(billed),
    meanColdBilledMs: coldBilled.length ? mean(coldBilled) : null,
    measuredColdStartRate: invocations > 0 ? rates.reduce((n, s) => n + s.coldStarts, 0) / invocations : null,
  };
}
