/** A synthetic sweep: the synthetic runtimes (fast, twin, slow) at three sizes, with round-1 probes. */
import { aggregate } from '../../src/aggregate';
import { loadPriceTable } from '../../src/cost';
import type { RawRun } from '../../src/raw';
import type { BenchResults } from '../../src/results';
import { sweepResult } from '../../src/sweep/aggregate';
import { SWEEP_PROFILES, type SweepSettings } from '../../src/sweep/options';
import { syntheticInput, syntheticRaw, SHAPE } from './synthetic';

export const SWEEP_SIZES = [128, 512, 1769];
/** Probes with a p99 of 50 ms everywhere: ½ × 1000 / 50 = 10 req/s at every size, the synthetic warm rate. */
const PROBE_P99_MS = 50;

export function sweepSettings(over: Partial<SweepSettings> = {}): SweepSettings {
  return { quick: true, strategy: 'cost', balancedWeight: 0.5, sloP99Ms: 20, ...SWEEP_PROFILES.quick.sweep, ...over };
}

export function syntheticSweepRaw(seed = 1, slowed?: { runtime: string; ms: number }): RawRun {
  const raw = syntheticRaw({ seed, rounds: 3, memorySizes: SWEEP_SIZES, rates: [10], ...(slowed ? { slowed } : {}) });
  // Every round probes; round 1's set the rate (a later round's slower probe must not change it).
  raw.sweepProbes = [0, 1, 2].flatMap((round) => SWEEP_SIZES.flatMap((memoryMb) => Object.keys(SHAPE).map((runtime) => ({ runtime, memoryMb, round, requests: 40, errors: 0, serialRps: 60, serialP99Ms: round === 0 ? PROBE_P99_MS : 4 * PROBE_P99_MS }))));
  return raw;
}

/** results.json of a synthetic sweep, as sweep/run.ts assembles it. */
export function syntheticSweep(o: { seed?: number; settings?: Partial<SweepSettings>; conformancePassed?: string[]; raw?: RawRun; id?: string; startedAt?: string; commit?: string } = {}): { results: BenchResults; raw: RawRun } {
  const raw = o.raw ?? syntheticSweepRaw(o.seed ?? 1);
  const input = syntheticInput(raw, o.conformancePassed);
  const s = sweepSettings(o.settings);
  input.run = { ...input.run, id: o.id ?? 'synthetic-sweep', profile: 'sweep-quick', ...(o.startedAt ? { startedAt: o.startedAt, finishedAt: o.startedAt } : {}), options: { ...input.run.options, memoryMb: SWEEP_SIZES, rates: [10], coldStarts: 1 } };
  if (o.commit) input.environment = { ...input.environment, gitCommit: o.commit };
  const results = aggregate(input);
  results.sweep = sweepResult(results, raw, s, loadPriceTable());
  return { results, raw };
}
