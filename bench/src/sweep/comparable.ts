/**
 * A sweep picks its rate per size and run (rate.ts), so two sweeps measured the same size at
 * slightly different rates. bench:compare and the history key warm metrics by rate; for two
 * sweeps they are keyed by "the size's rate" instead (0 in the key), so that sizes compare.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RawRun } from '../raw';

export const SWEEP_RATE_KEY = 0;

export const isSweepProfile = (profile: string | undefined): boolean => (profile ?? '').startsWith('sweep');

/** The profile a run folder's results.json records (undefined when unreadable). */
export function profileOf(runDir: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as { run?: { profile?: string } }).run?.profile;
  } catch {
    return undefined;
  }
}

/** Raw samples with a sweep's per-size rates keyed alike. */
export function comparableRaw(raw: RawRun, sweep: boolean): RawRun {
  return sweep ? { ...raw, warm: raw.warm.map((s) => ({ ...s, rate: SWEEP_RATE_KEY })) } : raw;
}
