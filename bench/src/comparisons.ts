/**
 * Runtime against runtime within a run: for every metric and memory size (and rate), each
 * pair of ranked runtimes is compared with a paired t-test on per-round values (rounds
 * interleave the runtimes), and Holm's procedure controls the family-wise error rate over
 * the pairs of that metric — one family per conclusion sentence, so a sentence's "<" holds
 * with 95 % confidence as a whole.
 */
import { metricDefs, type MetricDef } from './metrics';
import { holmAdjust } from './multiple';
import type { RawRun } from './raw';
import type { ComparisonResult } from './results';
import { comparePaired, type Comparison } from './rounds';
import { measuredErrorRate } from './summaries';

export const ALPHA = 0.05;
/** Latency is ranked only where a runtime answered at least 99 % of the measured requests (exact). */
export const MAX_RANKED_ERROR_RATE = 0.01;

export const fmtMs = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtP = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));

export function statement(m: Pick<MetricDef, 'label' | 'unit' | 'higherIsBetter'>, where: string, a: string, b: string, c: Comparison, pAdjusted: number, significant: boolean): string {
  if (c.noCall) return `${m.label} ${where}: ${a} ${fmtMs(c.estimateA)}, ${b} ${fmtMs(c.estimateB)} ${m.unit}; ${c.noCall}.`;
  const ci = c.deltaCi95!;
  if (!significant) return `${m.label} ${where}: no significant difference between ${a} and ${b} (${fmtMs(c.estimateA)} vs ${fmtMs(c.estimateB)} ${m.unit}; difference ${fmtMs(c.delta)} [${fmtMs(ci[0])}, ${fmtMs(ci[1])}]; Holm-adjusted p = ${fmtP(pAdjusted)}).`;
  const bIsLower = c.delta < 0;
  const lower = bIsLower ? b : a;
  const higher = bIsLower ? a : b;
  // Signed interval of (higher − lower): the b − a interval, negated when b is the lower one.
  const [lo, hi] = bIsLower ? [-ci[1], -ci[0]] : [ci[0], ci[1]];
  const pct = Math.abs(c.relative) * 100;
  return `${m.label} ${where}: ${lower} is lower than ${higher} by ${fmtMs(Math.abs(c.delta))} ${m.unit} (${pct.toFixed(0)} %; 95 % CI of ${higher} − ${lower}: ${fmtMs(lo)} to ${fmtMs(hi)} ${m.unit}; paired t over ${c.rounds} rounds, Holm-adjusted p = ${fmtP(pAdjusted)}).`;
}

/** Pairwise paired comparisons of ranked runtimes, Holm within each (metric, memory size) family. */
export function comparisons(raw: RawRun, runtimes: readonly string[], memorySizes: readonly number[], rates: readonly number[], instanceWarmup: number): ComparisonResult[] {
  const out: ComparisonResult[] = [];
  for (const mem of memorySizes) {
    for (const m of metricDefs(rates, instanceWarmup)) {
      // A runtime that failed more than 1 % of the measured requests at a rate is not compared on its latency there.
      const sustained = (rt: string) => m.rate === undefined || measuredErrorRate(raw.warm.filter((s) => s.runtime === rt && s.memoryMb === mem && s.rate === m.rate)) <= MAX_RANKED_ERROR_RATE;
      const values = new Map(runtimes.filter(sustained).map((rt) => [rt, m.values(raw, rt, mem)] as const).filter(([, v]) => v.size > 0));
      const names = [...values.keys()];
      const family: { a: string; b: string; c: Comparison }[] = [];
      for (let i = 0; i < names.length; i++) for (let j = i + 1; j < names.length; j++) family.push({ a: names[i]!, b: names[j]!, c: comparePaired(values.get(names[i]!)!, values.get(names[j]!)!) });
      const tested = family.filter((f) => !f.c.noCall);
      const adjusted = holmAdjust(tested.map((f) => f.c.pValue));
      for (const f of family) {
        const k = tested.indexOf(f);
        const pAdjusted = k >= 0 ? adjusted[k]! : 1;
        const significant = k >= 0 && pAdjusted < ALPHA;
        const { c } = f;
        out.push({
          metric: m.id,
          label: m.label,
          unit: m.unit,
          memoryMb: mem,
          ...(m.rate !== undefined ? { rate: m.rate } : {}),
          a: f.a,
          b: f.b,
          test: c.test,
          estimateA: c.estimateA,
          estimateB: c.estimateB,
          delta: c.delta,
          deltaCi95: c.deltaCi95,
          relative: c.relative,
          rounds: c.rounds,
          pValue: c.pValue,
          pAdjusted,
          significant,
          ...(c.noCall ? { noCall: c.noCall } : {}),
          statement: statement(m, `at ${mem} MB`, f.a, f.b, c, pAdjusted, significant),
        });
      }
    }
  }
  return out;
}

/** One sentence per concluded metric and memory size: the order, "<" where adjacent runtimes differ significantly. */
export function conclusions(list: readonly ComparisonResult[], rates: readonly number[], instanceWarmup: number, unranked: readonly string[]): string[] {
  const out: string[] = [];
  const defs = new Map(metricDefs(rates, instanceWarmup).map((m) => [m.id, m]));
  const families = new Map<string, ComparisonResult[]>();
  for (const c of list) {
    if (!defs.get(c.metric)?.conclusion) continue;
    const key = `${c.metric}@${c.memoryMb}`;
    families.set(key, [...(families.get(key) ?? []), c]);
  }
  for (const cs of families.values()) {
    const def = defs.get(cs[0]!.metric)!;
    const estimates = new Map<string, number>();
    // Each runtime's estimate over all its rounds is not needed here: the pairs' estimates agree when rounds match.
    for (const c of cs) {
      if (!estimates.has(c.a)) estimates.set(c.a, c.estimateA);
      if (!estimates.has(c.b)) estimates.set(c.b, c.estimateB);
    }
    const dir = def.higherIsBetter ? -1 : 1;
    const order = [...estimates.entries()].sort((x, y) => dir * (x[1] - y[1]));
    const sig = (x: string, y: string) => cs.find((c) => (c.a === x && c.b === y) || (c.a === y && c.b === x))?.significant ?? false;
    const rel = def.higherIsBetter ? ' > ' : ' < ';
    const chain = order.map(([name, v], k) => `${k === 0 ? '' : sig(order[k - 1]![0], name) ? rel : ' ≈ '}${name} (${fmtMs(v)})`).join('');
    const [best, second] = order;
    const word = def.higherIsBetter ? 'highest' : 'lowest';
    let verdict = '';
    if (best && second) {
      verdict = order.slice(1).every(([n]) => sig(best[0], n))
        ? ` ${best[0]} is significantly ${word}.`
        : ` No runtime is significantly ${word}: ${best[0]} cannot be told apart from ${order.filter(([n]) => n !== best[0] && !sig(best[0], n)).map(([n]) => n).join(', ')} with ${Math.max(...cs.map((c) => c.rounds))} rounds (Holm-corrected).`;
    }
    out.push(`At ${cs[0]!.memoryMb} MB, ${def.label} (${def.unit}): ${chain}.${verdict}`);
  }
  if (unranked.length) out.push(`Not ranked (conformance not passed or unknown): ${unranked.join(', ')}; their numbers are shown but no conclusion names them.`);
  return out;
}
