/**
 * The calibration's five figures, from measured samples and lambda-perf's published ones:
 * flatness (Init Duration 128 MB vs 1769 MB), shape (each floor's Init Duration relative to the
 * Python floor, against lambda-perf's ratio), scaling (a CPU-bound first invocation, 128 vs
 * 1024 MB), freeze (an idle instance's timer) and period (the longest CPU-quota pause).
 */

import type { CodeReadRecord } from '../code-read-record';
import { lambdaPerfKey } from '../lambda-perf';

/** lambda-perf's figures as kept in bench/calibrate/lambda-perf-*.json, keyed as lambdaPerfKey. */
export interface LambdaPerfData {
  source: string;
  commit: string;
  generatedAt: string;
  method: string;
  runtimes: Record<string, { label: string; byMemoryMb: Record<string, { n: number; initDurationMs: { median: number; mean: number }; firstInvocationMs: number; maxMemoryUsedMb: number }> }>;
}

export interface FloorSamples {
  floor: string;
  awsRuntime: string;
  memoryMb: number;
  initDurationMs: number[];
  failures: string[];
}

export interface CalibrationSamples {
  floors: FloorSamples[];
  /** First-invocation Duration of the CPU-bound probe, per memory size. */
  cpu: { memoryMb: number; firstInvocationMs: number[]; failures: string[] }[];
  freeze: { memoryMb: number; idleMs: number; ticksWhileIdle: number; frozenWhileIdle: boolean } | { skipped: string };
  period: { memoryMb: number; periodMs: number; spinMs: number; maxPauseMs: number; pausesOver1Ms: number; kernelMeanPauseMs: number | null; throttledPeriods: number | null } | { skipped: string };
  /**
   * A diagnostic, not one of the five figures: Init Duration with the machine's page cache emptied
   * before each cold start (`--drop-caches`), and the size of each floor's own code (its task root).
   */
  coldCache?: { memoryMb: number; floors: ColdCacheSamples[]; apps?: ColdCacheSamples[]; sharesPlatformExecutable?: string[] } | { skipped: string };
  /** The code-read model the floors ran under (platform/src/code-read.ts): its host factor and each floor's added ms. */
  codeRead?: CodeReadRecord;
}

export type { CodeReadRecord } from '../code-read-record';

/** One function's cold starts from an empty page cache: Init, bytes read from storage, task-root bytes read. */
export type ColdCacheSamples = FloorSamples & { taskRootBytes?: number; readBytes?: number[]; taskRootReadBytes?: number[] };

export interface Check {
  figure: 'flatness' | 'shape' | 'scaling' | 'freeze' | 'period';
  subject: string;
  target: string;
  measured: string;
  /** null: could not be measured (the reason is in `measured`). */
  met: boolean | null;
}

/** The targets of issue 13 (docs/fidelity.md repeats them beside the figures). */
export const TARGETS = {
  flatness: { smallMb: 128, largeMb: 1769, tolerance: 0.2 },
  shape: { memoryMb: 512, tolerance: 0.35, reference: 'python' },
  scaling: { smallMb: 128, largeMb: 1024, ratio: 8, tolerance: 0.25 },
  freeze: { maxTicks: 1, tickMs: 10 },
  period: { memoryMb: 512, maxPauseMs: 20 },
} as const;

export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const fmt = (x: number, digits = 2) => x.toFixed(digits);

export function floorMedian(samples: CalibrationSamples, floor: string, memoryMb: number): number | null {
  return median(samples.floors.find((f) => f.floor === floor && f.memoryMb === memoryMb)?.initDurationMs ?? []);
}

/** lambda-perf's median Init Duration for a floor at a memory size, by its key: the runtime id,
 * plus the floor's language on custom runtimes (two floors on provided.al2023 are told apart). */
export function lambdaPerfMedian(lp: LambdaPerfData, floor: { floor: string; awsRuntime: string }, memoryMb: number): number | null {
  return lp.runtimes[lambdaPerfKey(floor.awsRuntime, floor.floor)]?.byMemoryMb[String(memoryMb)]?.initDurationMs.median ?? null;
}

/** The floor that plays the reference role (Python), found by runtime id family, not by name. */
function referenceFloor(samples: CalibrationSamples): FloorSamples | undefined {
  return samples.floors.find((f) => f.awsRuntime.startsWith(TARGETS.shape.reference));
}

export function evaluate(samples: CalibrationSamples, lp: LambdaPerfData): Check[] {
  const checks: Check[] = [];
  const floors = [...new Map(samples.floors.map((f) => [f.floor, f])).values()];
  const { flatness, shape, scaling, freeze, period } = TARGETS;

  for (const f of floors) {
    const small = floorMedian(samples, f.floor, flatness.smallMb);
    const large = floorMedian(samples, f.floor, flatness.largeMb);
    const ratio = small !== null && large !== null ? small / large : null;
    checks.push({
      figure: 'flatness',
      subject: `${f.floor} (${f.awsRuntime})`,
      target: `Init ${flatness.smallMb} MB ÷ ${flatness.largeMb} MB within 1 ± ${flatness.tolerance}`,
      measured: ratio === null ? 'not measured' : `${fmt(ratio)} (${fmt(small!, 1)} / ${fmt(large!, 1)} ms)`,
      met: ratio === null ? null : Math.abs(ratio - 1) <= flatness.tolerance,
    });
  }

  const ref = referenceFloor(samples);
  for (const f of floors.filter((x) => x.floor !== ref?.floor)) {
    const ours = ref ? ratioOf(floorMedian(samples, f.floor, shape.memoryMb), floorMedian(samples, ref.floor, shape.memoryMb)) : null;
    const theirs = ref ? ratioOf(lambdaPerfMedian(lp, f, shape.memoryMb), lambdaPerfMedian(lp, ref, shape.memoryMb)) : null;
    const rel = ours !== null && theirs !== null ? ours / theirs : null;
    checks.push({
      figure: 'shape',
      subject: `${lambdaPerfKey(f.awsRuntime, f.floor)} ÷ ${ref?.awsRuntime ?? 'python'}`,
      target: `within ±${shape.tolerance * 100} % of lambda-perf's ratio at ${shape.memoryMb} MB`,
      measured: rel === null ? 'not measured' : `${fmt(ours!)} vs lambda-perf ${fmt(theirs!)} (${rel >= 1 ? '+' : ''}${fmt((rel - 1) * 100, 0)} %)`,
      met: rel === null ? null : Math.abs(rel - 1) <= shape.tolerance,
    });
  }

  const cpuSmall = median(samples.cpu.find((c) => c.memoryMb === scaling.smallMb)?.firstInvocationMs ?? []);
  const cpuLarge = median(samples.cpu.find((c) => c.memoryMb === scaling.largeMb)?.firstInvocationMs ?? []);
  const cpuRatio = ratioOf(cpuSmall, cpuLarge);
  checks.push({
    figure: 'scaling',
    subject: 'CPU-bound probe, first invocation',
    target: `Duration ${scaling.smallMb} MB ÷ ${scaling.largeMb} MB = ${scaling.ratio} ± ${scaling.tolerance * 100} %`,
    measured: cpuRatio === null ? 'not measured' : `${fmt(cpuRatio)} (${fmt(cpuSmall!, 0)} / ${fmt(cpuLarge!, 0)} ms)`,
    met: cpuRatio === null ? null : Math.abs(cpuRatio / scaling.ratio - 1) <= scaling.tolerance,
  });

  const fz = samples.freeze;
  checks.push({
    figure: 'freeze',
    subject: 'background timer of an idle instance',
    target: `≤ ${freeze.maxTicks} tick of a ${freeze.tickMs} ms timer while idle`,
    measured: 'skipped' in fz ? `not measured: ${fz.skipped}` : `${fz.ticksWhileIdle} ticks in ${fz.idleMs} ms idle (running, it would tick ~${Math.round(fz.idleMs / freeze.tickMs)} times); frozen: ${fz.frozenWhileIdle ? 'yes' : 'no'}`,
    met: 'skipped' in fz ? null : fz.ticksWhileIdle <= freeze.maxTicks,
  });

  const pd = samples.period;
  checks.push({
    figure: 'period',
    subject: `CPU-bound probe at ${period.memoryMb} MB`,
    target: `no pause over ${period.maxPauseMs} ms`,
    measured:
      'skipped' in pd
        ? `not measured: ${pd.skipped}`
        : `longest pause ${fmt(pd.maxPauseMs, 1)} ms in ${pd.spinMs} ms of spinning (${pd.pausesOver1Ms} pauses over 1 ms; kernel: ${pd.throttledPeriods ?? '?'} throttled ${pd.periodMs} ms periods, ${pd.kernelMeanPauseMs === null ? '?' : fmt(pd.kernelMeanPauseMs, 1)} ms throttled each on average)`,
    met: 'skipped' in pd ? null : pd.maxPauseMs <= period.maxPauseMs,
  });
  return checks;
}

function ratioOf(a: number | null, b: number | null): number | null {
  return a !== null && b !== null && b > 0 ? a / b : null;
}
