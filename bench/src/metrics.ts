/**
 * The compared metrics, each reduced to one value per round (rounds.ts): the same definitions
 * serve comparisons between runtimes within a run (aggregate.ts, paired by round) and between
 * two runs (compare.ts, Welch). Lower is better except where `higherIsBetter`.
 */
import type { ColdRequest, ColdStartSample, RawRun, WarmSample } from './raw';
import type { RoundValues } from './rounds';
import { median, quantile } from './stats';

export interface MetricDef {
  id: string;
  label: string;
  unit: string;
  higherIsBetter?: boolean;
  rate?: number;
  /** Named in the plain-language conclusions. */
  conclusion?: boolean;
  values(raw: RawRun, runtime: string, memoryMb: number): RoundValues;
}

const byRound = <T extends { round: number }>(items: readonly T[], pick: (xs: T[]) => number): RoundValues => {
  const rounds = new Map<number, T[]>();
  for (const x of items) rounds.set(x.round, [...(rounds.get(x.round) ?? []), x]);
  const out: RoundValues = new Map();
  for (const [r, xs] of [...rounds.entries()].sort((a, b) => a[0] - b[0])) {
    const v = pick(xs);
    if (Number.isFinite(v)) out.set(r, v);
  }
  return out;
};

const finite = (xs: (number | undefined | null)[]): number[] => xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));

/** Cold samples of one kind ('work' = write and read); samples without a kind are probes (older runs). */
export function coldOf(samples: readonly ColdStartSample[], runtime: string, memoryMb: number, kind: ColdRequest | 'work'): ColdStartSample[] {
  return samples.filter((s) => s.ok && s.runtime === runtime && s.memoryMb === memoryMb && (kind === 'work' ? s.request === 'write' || s.request === 'read' : (s.request ?? 'probe') === kind));
}

/** Latencies of the steady state: requests not served by one of their instance's first `instanceWarmup` invocations. */
export function steadyLatencies(s: WarmSample, instanceWarmup: number): number[] {
  const k = s.latencyInvocation;
  return k ? s.latencyMs.filter((_, i) => !(k[i]! > 0 && k[i]! <= instanceWarmup)) : s.latencyMs;
}

export function steadyServer(s: WarmSample, instanceWarmup: number): number[] {
  const k = s.serverInvocation;
  return k ? s.serverDurationMs.filter((_, i) => k[i]! > instanceWarmup) : s.serverDurationMs;
}

export function metricDefs(rates: readonly number[], instanceWarmup: number): MetricDef[] {
  const cold = (kind: ColdRequest | 'work', pick: (s: ColdStartSample) => number | undefined) => (raw: RawRun, rt: string, mem: number) =>
    byRound(coldOf(raw.coldStarts, rt, mem, kind), (xs) => median(finite(xs.map(pick))));
  const list: MetricDef[] = [
    { id: 'cold.initDuration', label: 'Init Duration (cold starts doing real work)', unit: 'ms', conclusion: true, values: cold('work', (s) => s.initDurationMs) },
    { id: 'cold.write.client', label: 'Cold POST /items end to end', unit: 'ms', conclusion: true, values: cold('write', (s) => s.clientMs) },
    { id: 'cold.read.client', label: 'Cold GET /items/{id} end to end', unit: 'ms', values: cold('read', (s) => s.clientMs) },
    { id: 'cold.write.firstInvocation', label: 'Cold POST /items first-invocation Duration', unit: 'ms', values: cold('write', (s) => s.firstInvocationMs) },
    { id: 'cold.maxMemoryUsed', label: 'Max Memory Used after a cold request doing real work', unit: 'MB', values: cold('work', (s) => s.maxMemoryUsedMb) },
    { id: 'cold.probe.client', label: 'Cold GET /metrics (no I/O) end to end', unit: 'ms', values: cold('probe', (s) => s.clientMs) },
  ];
  for (const rate of rates) {
    const warm = (pick: (s: WarmSample) => number) => (raw: RawRun, rt: string, mem: number) => byRound(raw.warm.filter((s) => s.runtime === rt && s.memoryMb === mem && s.rate === rate), (xs) => median(xs.map(pick)));
    list.push({ id: `warm.${rate}.p50`, label: `Warm p50 at ${rate} req/s (steady state)`, unit: 'ms', rate, conclusion: true, values: warm((s) => median(steadyLatencies(s, instanceWarmup))) });
    list.push({ id: `warm.${rate}.p99`, label: `Warm p99 at ${rate} req/s (steady state)`, unit: 'ms', rate, values: warm((s) => quantile(steadyLatencies(s, instanceWarmup), 0.99)) });
    list.push({ id: `warm.${rate}.server`, label: `Server Duration p50 at ${rate} req/s (steady state)`, unit: 'ms', rate, values: warm((s) => median(steadyServer(s, instanceWarmup))) });
  }
  list.push({
    id: 'capacity',
    label: 'Per-instance capacity (< 1 % errors, p99 under the bound)',
    unit: 'req/s',
    higherIsBetter: true,
    conclusion: true,
    values: (raw, rt, mem) => byRound(raw.capacity.filter((s) => s.runtime === rt && s.memoryMb === mem), (xs) => median(finite(xs.map((x) => x.capacityRps)))),
  });
  return list;
}

/** Floors: cold-start Init Duration of each hello-world, for bench:compare. */
export function floorValues(raw: RawRun, floor: string, memoryMb: number): RoundValues {
  return byRound(coldOf(raw.floorColdStarts, floor, memoryMb, 'probe'), (xs) => median(finite(xs.map((s) => s.initDurationMs))));
}
