/**
 * Per-instance capacity: the highest arrival rate one warm instance sustains at its memory
 * size with < 1 % errors and p99 below a bound. On Lambda an instance serves one request at a
 * time and capacity grows with instances, each with its own CPU share, so this — not what
 * the whole machine pushes through — is the figure that scales. Measured on a platform whose
 * concurrency limit is 1: a request that arrives while the instance is busy is throttled (an
 * error), as Lambda throttles beyond reserved concurrency.
 *
 * The search: after a cold start and a few warm-up requests, the CRUD mix back to back gives
 * the serial rate; open-model steps then start at min(0.9 × serial rate, 1 / serial p99) and
 * go down by a fifth until a step passes. The first passing rate is the round's capacity.
 */
import type { Platform } from '../../platform/src/platform';
import type { LoadGenerator } from './loadgen/client';
import type { CapacityOptions } from './options';
import type { CapacitySample, CapacityStep } from './raw';
import { quantile } from './stats';

/** Steps go down by this factor. */
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
  for (let k = 0; k < c.options.maxSteps && rate >= 1; k++) {
    const r = await c.generator.openModel({ ...common, rate, durationS: c.options.stepSeconds, warmupS: 0 });
    const step = { rate, requests: r.measuredRequests, errors: r.measuredErrors, p50Ms: round2(quantile(r.latencyMs, 0.5)), p99Ms: round2(quantile(r.latencyMs, 0.99)) };
    const passed = stepPassed(step, c.options.p99BoundMs);
    steps.push({ ...step, passed });
    if (passed) break;
    rate = Math.round(rate * STEP_FACTOR * 10) / 10;
  }
  const pass = steps.find((s) => s.passed);
  return { runtime: c.runtime, memoryMb: c.memoryMb, round: c.round, p99BoundMs: c.options.p99BoundMs, serialRps: round2(serial.rps), steps, capacityRps: pass ? pass.rate : null };
}

const round2 = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : x);
