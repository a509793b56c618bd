/**
 * The time budget of a run, by design: the sum of its phases' fixed durations (warm windows,
 * capacity steps, throughput steps) plus stated allowances for what the runtimes decide (a
 * cold start, a ramp). Profiles are sized with it (quick ≤ 6 min, default ≤ 25 min on 2 cores;
 * bench/test/budget.test.ts) and the progress line's ETA starts from it.
 */
import type { BenchOptions } from './options';

/** Seconds one forced cold start takes on average over the four runtimes, drain included (measured at 512 / 1769 MB, idle). */
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
