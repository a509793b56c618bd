/**
 * The time budget of a run, by design: the sum of its phases' fixed durations (warm windows,
 * capacity steps, throughput steps) plus stated allowances for what the runtimes decide (a
 * cold start, a ramp). Profiles are sized with it (BUDGET_PER_RUNTIME_S, bench/test/budget.test.ts)
 * and the progress line's ETA starts from it.
 */
import type { BenchOptions } from './options';
import type { SweepSettings } from './sweep/options';
import { MIN_RATE_RPS, windowSeconds } from './sweep/rate';

/**
 * Budgets by design on 2 cores, per runtime measured: a run's time grows with the runtimes it
 * measures (every phase is per runtime), so a fixed total would force a new runtime to shrink
 * everyone's samples. For four runtimes: quick 6 min, default 25, the sweep 20, its --quick 6.
 */
export const BUDGET_PER_RUNTIME_S = { quick: 90, default: 375, sweep: 300, sweepQuick: 90 } as const;

/** Seconds one forced cold start takes on average over the four runtimes measured on 2026-11-30, drain included (measured at 512 / 1769 MB, idle). */
export function coldAllowanceS(memoryMb: number): number {
  return memoryMb >= 1024 ? 0.7 : memoryMb >= 512 ? 1.5 : 4;
}
/** A ramp from zero: a few cold starts in parallel on shared cores, capped by the profile. */
export const rampAllowanceS = (o: BenchOptions, memoryMb: number): number => Math.min(o.maxRampSeconds, 2.5 * coldAllowanceS(memoryMb));
/** Capacity steps expected before the search ends. */
export const EXPECTED_CAPACITY_STEPS = 2.5;
/** Capacity assumed for a step's length when it is set by its request count (req/s, 512 MB, across runtimes). */
export const ASSUMED_CAPACITY_RPS = 60;
/** Drains, connection resets, settling between phases. */
export const PHASE_OVERHEAD_S = 0.4;
/** Pre-run load check, generator ceiling, platform starts and seeding, aggregation and report. */
export const FIXED_S = 1.5 + 6 + 25;

export interface Budget {
  totalS: number;
  parts: Record<string, number>;
}

export function plannedSeconds(o: BenchOptions, runtimes: number, floors: number): Budget {
  const parts: Record<string, number> = { cold: 0, floors: 0, warm: 0, capacity: 0, throughput: 0, fixed: FIXED_S };
  const floorMem = o.memoryMb.includes(512) ? 512 : o.memoryMb[0]!;
  for (const mem of o.memoryMb) {
    const cold = coldAllowanceS(mem);
    const perRound = {
      cold: runtimes * (2 * o.coldStarts + 1) * cold,
      floors: o.floors && floors && mem === floorMem ? floors * o.floorColdStarts * 0.5 + o.warmupSeconds + o.warmSeconds + PHASE_OVERHEAD_S : 0,
      // Each runtime ramps from zero at its first rate; later rates continue on its instances.
      warm: runtimes * (rampAllowanceS(o, mem) + o.rates.reduce((s, _, i) => s + (i === 0 ? 0 : o.warmupSeconds) + o.warmSeconds + PHASE_OVERHEAD_S, 0)),
      capacity: runtimes * (cold + 0.5 + o.capacity.probeSeconds + EXPECTED_CAPACITY_STEPS * (Math.max(o.capacity.stepSeconds, o.capacity.minStepRequests / ASSUMED_CAPACITY_RPS) + 0.2)),
      throughput: runtimes * o.concurrency.length * (o.throughputSeconds + 0.3),
    };
    for (const [k, v] of Object.entries(perRound)) parts[k]! += o.rounds * v;
  }
  const totalS = Object.values(parts).reduce((s, x) => s + x, 0);
  return { totalS: Math.round(totalS), parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Math.round(v)])) };
}

/**
 * The sweep (sweep/measure.ts) by design. Each size's rate is measured in round 1 (sweep/rate.ts),
 * so the plan assumes one per size: half of 1000 / p99 of the slowest runtime's back-to-back
 * requests, from the p99s below, and the time a cold write with its warm-up takes per size (mean
 * over the four runtimes). Both measured during development on this kind of machine while other
 * jobs used half of it (a full sweep, 2026-11-30: 862 s against 947 planned), so they err long.
 * Between the sizes listed, a size takes the figures of the next smaller one (never faster).
 */
export const SWEEP_ASSUMED_SLOWEST_P99_MS: Record<number, number> = { 128: 340, 256: 140, 512: 90, 1024: 40, 1769: 18, 3008: 17 };
export const SWEEP_COLD_STEP_S: Record<number, number> = { 128: 4.3, 256: 2.3, 512: 1.4, 1024: 1.1, 1769: 0.9, 3008: 0.8 };
/** Starting one platform per size (no build: the first start builds), and seeding the table. */
export const SWEEP_PLATFORM_START_S = 1.5;

/** The figure of the largest listed size at or below memoryMb (the smallest listed one below them all). */
function byListedSize(table: Record<number, number>, memoryMb: number): number {
  const listed = Object.keys(table).map(Number).sort((a, b) => a - b);
  return table[[...listed].reverse().find((m) => m <= memoryMb) ?? listed[0]!]!;
}

export function assumedSweepRateRps(memoryMb: number, s: Pick<SweepSettings, 'rateFraction' | 'rateCapRps'>): number {
  return Math.max(MIN_RATE_RPS, Math.min(s.rateCapRps, (s.rateFraction * 1000) / byListedSize(SWEEP_ASSUMED_SLOWEST_P99_MS, memoryMb)));
}

/** Phases of a sweep: per size, round and runtime a cold write with its warm-up and probe, then the mix. */
export function sweepSteps(o: BenchOptions, runtimes: number): number {
  return o.memoryMb.length * o.rounds * runtimes * 2;
}

export function plannedSweepSeconds(o: BenchOptions, s: SweepSettings, runtimes: number): Budget {
  const parts: Record<string, number> = { cold: 0, probe: 0, warm: 0, fixed: FIXED_S + o.memoryMb.length * SWEEP_PLATFORM_START_S };
  for (const mem of o.memoryMb) {
    const rate = assumedSweepRateRps(mem, s);
    parts.cold! += o.rounds * runtimes * (byListedSize(SWEEP_COLD_STEP_S, mem) + PHASE_OVERHEAD_S);
    parts.probe! += o.rounds * runtimes * s.probeSeconds;
    parts.warm! += o.rounds * runtimes * (o.warmupSeconds + windowSeconds(rate, s) + PHASE_OVERHEAD_S);
  }
  const totalS = Object.values(parts).reduce((a, x) => a + x, 0);
  return { totalS: Math.round(totalS), parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Math.round(v)])) };
}
