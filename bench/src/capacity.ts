/**
 * Per-instance capacity: the highest arrival rate one warm instance sustains at its memory
 * size with < 1 % errors and p99 below a bound. On Lambda an instance serves one request at a
 * time and capacity grows with instances, each with its own CPU share, so this — not what
 * the whole machine pushes through — is the figure that scales. Measured on a platform whose
 * concurrency limit is 1: a request that arrives while the instance is busy is throttled (an
 * error), as Lambda throttles beyond reserved concurrency.
 *
 * The search: after a cold start and a few warm-up requests, the CRUD mix back to back gives
 * the serial rate; open-model steps start at min(0.9 × serial rate, 1 / serial p99), then go
 * up by a quarter while steps pass, or down by a fifth until one passes. The highest passing
 * rate is the round's capacity; `bracketed` says whether a failing step above it was seen
 * (if not, the step budget ran out and the capacity is a lower bound).
 */
import type { Platform } from '../../platform/src/platform';
import type { LoadGenerator } from './loadgen/client';
import type { CapacityOptions } from './options';
import type { CapacitySample, CapacityStep } from './raw';
import { quantile } from './stats';

/** Steps go down by this factor, and up by its inverse. */
export const STEP_FACTOR = 0.8;
/** Error share a step must stay below. */
export const MAX_STEP_ERROR_RATE = 0.01;

export function firstRate(serialRps: number, serialP99Ms: number): number {
  const byP99 = serialP99Ms > 0 ? 1000 / serialP99Ms : Infinity;
  return Math.max(1, Math.round(Math.min(0.9 * serialRps, byP99) * 10) / 10);
}

/** Whether a step passed: errors below 1 % of its requests (exact, not rounded) and p99 under the bound. */
export function stepPassed(step: Omit<CapacityStep, 'passed'>, p99BoundMs: number): boolean {
  return step.requests > 0 && step.errors / step.requests < MAX_STEP_ERROR_RATE && step.p99Ms < p99BoundMs;
}

export interface CapacityContext {
  /** A platform with a concurrency limit of 1. */
  platform: Platform;
  generator: LoadGenerator;
  runtime: string;
  memoryMb: number;
  round: number;
  seed: number;
  seedIds: string[];
  /** Requests sent before the serial probe: the instance's own warm-up (its first N invocations). */
  warmupRequests: number;
  options: CapacityOptions;
}

export async function capacityPhase(c: CapacityContext): Promise<CapacitySample> {
  const baseUrl = `${c.platform.url}/${c.runtime}`;
  await c.platform.drain(c.runtime);
  await c.generator.reset();
  const common = { baseUrl, seed: c.seed, seedIds: c.seedIds };
  await c.generator.serial({ ...common, count: c.warmupRequests });
  const serial = await c.generator.serial({ ...common, durationS: c.options.probeSeconds });
  const steps: CapacityStep[] = [];
  let rate = firstRate(serial.rps, quantile(serial.latencyMs, 0.99));
  let direction: 'up' | 'down' | undefined;
  for (let k = 0; k < c.options.maxSteps && rate >= 1; k++) {
    const r = await c.generator.openModel({ ...common, rate, durationS: Math.max(c.options.stepSeconds, c.options.minStepRequests / rate), warmupS: 0 });
    const step = { rate, requests: r.measuredRequests, errors: r.measuredErrors, p50Ms: round2(quantile(r.latencyMs, 0.5)), p99Ms: round2(quantile(r.latencyMs, 0.99)) };
    const passed = stepPassed(step, c.options.p99BoundMs);
    steps.push({ ...step, passed });
    // Going down, the first pass is the answer; going up, the first failure ends it.
    if ((passed && direction === 'down') || (!passed && direction === 'up')) break;
    direction = passed ? 'up' : 'down';
    rate = Math.round((passed ? rate / STEP_FACTOR : rate * STEP_FACTOR) * 10) / 10;
  }
  return { runtime: c.runtime, memoryMb: c.memoryMb, round: c.round, ...capacityOf(steps), p99BoundMs: c.options.p99BoundMs, serialRps: round2(serial.rps), steps };
}

/** The highest passing rate, and whether a failing step above it was seen. */
export function capacityOf(steps: readonly CapacityStep[]): { capacityRps: number | null; bracketed: boolean } {
  const passing = steps.filter((s) => s.passed).map((s) => s.rate);
  if (!passing.length) return { capacityRps: null, bracketed: false };
  const best = Math.max(...passing);
  return { capacityRps: best, bracketed: steps.some((s) => !s.passed && s.rate > best) };
}

const round2 = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : x);
