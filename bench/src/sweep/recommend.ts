/**
 * Recommendations from a sweep's points (pure; bench/test/recommend.test.ts).
 *
 * Per runtime, the best memory size by AWS Lambda Power Tuning's strategies, as its analyzer
 * defines them (github.com/alexcasalboni/aws-lambda-power-tuning, lambda/analyzer.js and
 * README-INPUT-OUTPUT.md: "cost" suggests the cheapest option, "speed" the fastest, "balanced" a
 * compromise by balancedWeight, 0 = speed, 1 = cost, default 0.5):
 *   cost      lowest cost per request; equal cost → the faster;
 *   speed     lowest mean Duration; equal Duration → the cheaper;
 *   balanced  lowest  w × cost / max cost + (1 − w) × Duration / max Duration  (max over the sizes).
 * Remaining ties go to the smaller memory size (Power Tuning's stable sort keeps its ascending
 * power order). Power Tuning compares single averages; here each figure is a mean of round values,
 * so the pick carries its interval and the sizes that cannot be told apart from it (Welch's t on the
 * round values — different sizes do not run side by side — with Holm's correction).
 *
 * Across runtimes: the cheapest runtime × memory whose client p99 estimate meets the SLO (ties:
 * lower p99, smaller memory, then name), the runner-up — the cheapest point of another runtime
 * that meets it, else the same runtime's next — and the cost margin between them with its
 * interval (paired t when both are at the same size, whose rounds ran side by side; else Welch).
 * Only ranked points (conformance passed) that held the workload are eligible.
 */
import { fmtMs } from '../comparisons';
import { holmAdjust } from '../multiple';
import { comparePaired, compareWelch, tInterval } from '../rounds';
import type { Strategy } from './options';
import type { AcrossRuntimes, Margin, MemoryPick, ObjectiveValue, PointRef, RoundValue, SweepPoint } from './types';

export type Candidate = Pick<SweepPoint, 'runtime' | 'memoryMb' | 'ranked' | 'held' | 'rounds'>;

export const ALPHA = 0.05;

const values = (c: Candidate, pick: (r: RoundValue) => number | null): number[] => c.rounds.map(pick).filter((x): x is number => x !== null && Number.isFinite(x));
const estimate = (c: Candidate, pick: (r: RoundValue) => number | null) => tInterval(values(c, pick), { nonNegative: true });
const cost = (c: Candidate) => estimate(c, (r) => r.costUsd).estimate;
const duration = (c: Candidate) => estimate(c, (r) => r.durationMs).estimate;
const p99 = (c: Candidate) => estimate(c, (r) => r.p99Ms).estimate;

/** Eligible for a recommendation: held the workload and has the figures the strategy needs. */
const usable = (c: Candidate) => c.held && Number.isFinite(cost(c)) && Number.isFinite(duration(c)) && Number.isFinite(p99(c));

export const usd = (x: number): string => `${x < 0 ? '−' : ''}$${Math.abs(x).toFixed(Math.abs(x) < 1 ? 4 : 3)}`;
const ci = (x: [number, number] | null, f: (v: number) => string) => (x ? ` [${f(x[0])}, ${f(x[1])}]` : ' (one round: no interval)');

/** The per-round objective of a strategy (lower is better) and its unit. */
function objective(strategy: Strategy, weight: number, pool: readonly Candidate[]): { unit: string; label: string; perRound: (r: RoundValue) => number | null; format: (v: number) => string } {
  if (strategy === 'cost') return { unit: 'USD per 1M requests', label: 'cheapest', perRound: (r) => r.costUsd, format: usd };
  if (strategy === 'speed') return { unit: 'ms mean Duration', label: 'fastest (mean Duration)', perRound: (r) => r.durationMs, format: (v) => `${fmtMs(v)} ms` };
  const maxCost = Math.max(...pool.map(cost));
  const maxDuration = Math.max(...pool.map(duration));
  return {
    unit: `balanced score (${weight} × cost / max cost + ${+(1 - weight).toFixed(3)} × Duration / max Duration)`,
    label: `best balanced (weight ${weight})`,
    perRound: (r) => (r.costUsd === null || r.durationMs === null ? null : (weight * r.costUsd) / maxCost + ((1 - weight) * r.durationMs) / maxDuration),
    format: (v) => v.toFixed(3),
  };
}

/** Power Tuning's order of a strategy, ties broken as its analyzer does, then by smaller memory. */
function comparator(strategy: Strategy, score: (c: Candidate) => number): (a: Candidate, b: Candidate) => number {
  if (strategy === 'cost') return (a, b) => cost(a) - cost(b) || duration(a) - duration(b) || a.memoryMb - b.memoryMb;
  if (strategy === 'speed') return (a, b) => duration(a) - duration(b) || cost(a) - cost(b) || a.memoryMb - b.memoryMb;
  return (a, b) => score(a) - score(b) || a.memoryMb - b.memoryMb;
}

/** The best memory size of one runtime's points by a strategy. */
export function bestMemory(points: readonly Candidate[], strategy: Strategy, balancedWeight = 0.5): MemoryPick {
  const runtime = points[0]?.runtime ?? '';
  const pool = points.filter(usable);
  const obj = objective(strategy, balancedWeight, pool);
  const score = (c: Candidate) => tInterval(values(c, obj.perRound), { nonNegative: true }).estimate;
  const objectiveValues: ObjectiveValue[] = [...points].sort((a, b) => a.memoryMb - b.memoryMb).map((c) => {
    const t = tInterval(values(c, obj.perRound), { nonNegative: true });
    return { memoryMb: c.memoryMb, held: usable(c), estimate: t.estimate, ci95: t.ci };
  });
  const base = { runtime, strategy, balancedWeight, unit: obj.unit, objective: objectiveValues };
  if (!pool.length) return { ...base, best: null, indistinguishable: [], statement: `${runtime}: no memory size held the workload (more than 1 % of the requests failed, or nothing was measured): no recommendation.` };
  const sorted = [...pool].sort(comparator(strategy, score));
  const best = sorted[0]!;
  const others = sorted.slice(1);
  const tests = others.map((c) => compareWelch(values(best, obj.perRound), values(c, obj.perRound)));
  const tested = tests.map((t, i) => [t, i] as const).filter(([t]) => !t.noCall);
  const adjusted = holmAdjust(tested.map(([t]) => t.pValue));
  const significant = new Set(tested.filter((_, k) => adjusted[k]! < ALPHA).map(([, i]) => i));
  const indistinguishable = others.filter((_, i) => !significant.has(i)).map((c) => c.memoryMb).sort((a, b) => a - b);
  const v = objectiveValues.find((x) => x.memoryMb === best.memoryMb)!;
  const rounds = values(best, obj.perRound).length;
  const apart = !others.length
    ? 'the only size that held the workload'
    : indistinguishable.length
      ? `${indistinguishable.join(', ')} MB cannot be told apart from it (Welch t on ${rounds} round values, Holm-corrected)`
      : `every other size is significantly worse (Welch t, Holm-corrected)`;
  return { ...base, best: best.memoryMb, indistinguishable, statement: `${runtime}: ${obj.label} at ${best.memoryMb} MB, ${obj.format(v.estimate)}${ci(v.ci95, obj.format)}; ${apart}.` };
}

function ref(c: Candidate, sloP99Ms: number | null): PointRef {
  const k = estimate(c, (r) => r.costUsd);
  const l = estimate(c, (r) => r.p99Ms);
  return { runtime: c.runtime, memoryMb: c.memoryMb, costUsd: { estimate: k.estimate, ci95: k.ci }, p99Ms: { estimate: l.estimate, ci95: l.ci }, meetsConfidently: sloP99Ms === null ? null : l.ci !== null && l.ci[1] <= sloP99Ms };
}

const byCost = (a: Candidate, b: Candidate) => cost(a) - cost(b) || p99(a) - p99(b) || a.memoryMb - b.memoryMb || a.runtime.localeCompare(b.runtime);
const byP99 = (a: Candidate, b: Candidate) => p99(a) - p99(b) || cost(a) - cost(b) || a.memoryMb - b.memoryMb || a.runtime.localeCompare(b.runtime);

const describePoint = (p: PointRef) => `${p.runtime} at ${p.memoryMb} MB (${usd(p.costUsd.estimate)}${ci(p.costUsd.ci95, usd)} per 1M requests, p99 ${fmtMs(p.p99Ms.estimate)}${ci(p.p99Ms.ci95, fmtMs)} ms)`;

/** The cost margin of the runner-up over the best: paired by round at the same size, else Welch. */
export function margin(best: Candidate, runnerUp: Candidate): Margin {
  const byRound = (c: Candidate) => new Map(c.rounds.filter((r) => r.costUsd !== null && Number.isFinite(r.costUsd)).map((r) => [r.round, r.costUsd!] as const));
  const c = best.memoryMb === runnerUp.memoryMb ? comparePaired(byRound(best), byRound(runnerUp)) : compareWelch(values(best, (r) => r.costUsd), values(runnerUp, (r) => r.costUsd));
  return { deltaUsd: c.delta, ci95: c.deltaCi95, relative: c.relative, test: c.test, rounds: c.rounds, pValue: c.pValue, ...(c.noCall ? { noCall: c.noCall } : {}) };
}

/** The cheapest ranked runtime × memory that meets the SLO, its runner-up and the margin between them. */
export function acrossRuntimes(points: readonly Candidate[], sloP99Ms: number | null): AcrossRuntimes {
  const eligible = points.filter((c) => c.ranked && usable(c));
  const meeting = eligible.filter((c) => sloP99Ms === null || p99(c) <= sloP99Ms).sort(byCost);
  const base = { sloP99Ms, eligible: eligible.length, meeting: meeting.length };
  const slo = sloP99Ms === null ? '' : ` with p99 ≤ ${sloP99Ms} ms`;
  if (!eligible.length) {
    const why = points.some((c) => c.ranked) ? 'no ranked runtime held the workload at any memory size' : 'no runtime is ranked (conformance not passed, unknown or skipped)';
    return { ...base, best: null, runnerUp: null, margin: null, closest: null, statement: `No recommendation across runtimes: ${why}.` };
  }
  if (!meeting.length) {
    const closest = ref([...eligible].sort(byP99)[0]!, sloP99Ms);
    return { ...base, best: null, runnerUp: null, margin: null, closest, statement: `No runtime meets p99 ≤ ${sloP99Ms} ms at any memory size measured; the closest is ${describePoint(closest)}.` };
  }
  const best = meeting[0]!;
  const runner = meeting.find((c) => c.runtime !== best.runtime) ?? meeting[1];
  const bestRef = ref(best, sloP99Ms);
  const head = `Cheapest${slo}: ${describePoint(bestRef)}${bestRef.meetsConfidently === false ? ' — its p99 interval reaches above the SLO' : ''}.`;
  if (!runner) return { ...base, best: bestRef, runnerUp: null, margin: null, closest: null, statement: `${head} No other point${slo} to compare it with.` };
  const runnerRef = ref(runner, sloP99Ms);
  const m = margin(best, runner);
  const how = runner.runtime === best.runtime ? `no other runtime meets the SLO; the next is ${best.runtime} at ${runner.memoryMb} MB` : `runner-up ${describePoint(runnerRef)}`;
  const diff = m.noCall
    ? `${usd(m.deltaUsd)} more per 1M requests (${m.noCall})`
    : `${usd(m.deltaUsd)} more per 1M requests (${(m.relative * 100).toFixed(1)} %; 95 % CI of the difference ${usd(m.ci95![0])} to ${usd(m.ci95![1])}; ${m.test} over ${m.rounds} rounds, p = ${m.pValue < 0.001 ? '< 0.001' : m.pValue.toFixed(3)})${m.ci95![0] <= 0 ? ': the difference is not significant, either would do' : ''}`;
  return { ...base, best: bestRef, runnerUp: runnerRef, margin: m, closest: null, statement: `${head} ${how[0]!.toUpperCase()}${how.slice(1)}: ${diff}.` };
}

/**
 * Pareto frontier of (cost, p99) over the eligible points: a point is on it when no other point
 * is at most as expensive and at most as slow, and better in one of the two. Cheapest first.
 */
export function paretoFrontier(points: readonly Candidate[]): Candidate[] {
  const eligible = points.filter((c) => c.ranked && usable(c));
  const dominated = (a: Candidate) => eligible.some((b) => b !== a && cost(b) <= cost(a) && p99(b) <= p99(a) && (cost(b) < cost(a) || p99(b) < p99(a)));
  return eligible.filter((a) => !dominated(a)).sort(byCost);
}
