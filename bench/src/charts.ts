/** The report's charts (inline SVG from svg.ts), one function per figure. */
import { headlineCost } from './cost';
import type { BenchResults, MemorySizeResult, RuntimeResult } from './results';
import type { Measure } from './rounds';
import { barChart, lineChart, percentileChart, type Bar, type BarGroup, type LineSeries } from './svg';

const at = (rt: RuntimeResult, mem: number): MemorySizeResult | undefined => rt.memorySizes.find((m) => m.memoryMb === mem);
const name = (rt: RuntimeResult) => rt.name + (rt.fixture ? ' (FIXTURE)' : rt.ranked ? '' : ' (unranked)');
const bar = (m: Measure | undefined | null): Bar => (m ? { value: m.estimate, ...(m.ci95 ? { ci: m.ci95 } : {}) } : { value: NaN });

export function charts(r: BenchResults): string[] {
  // One colour per runtime in every line chart, whichever runtimes a chart has.
  const colorOf = (rt: RuntimeResult) => r.runtimes.indexOf(rt);
  const mems = r.run.options.memoryMb;
  const memSeries = mems.map((m) => `${m} MB`);
  const out: string[] = [];
  const byMem = (pick: (m: MemorySizeResult) => Bar | undefined): BarGroup[] => r.runtimes.map((rt) => ({ name: name(rt), bars: mems.map((mem) => (at(rt, mem) ? pick(at(rt, mem)!) : undefined) ?? { value: NaN }) }));
  out.push(barChart('Init Duration, cold requests doing real work (95 % CI)', 'ms', byMem((m) => m.coldStart && bar(m.coldStart.initDurationMs)), memSeries));
  for (const mem of mems) {
    const groups = r.runtimes.map((rt) => {
      const c = at(rt, mem)?.coldStart;
      return { name: name(rt), bars: [bar(c?.write?.clientMs), bar(c?.read?.clientMs), bar(c?.probe?.clientMs)] };
    });
    out.push(barChart(`Cold request end to end at ${mem} MB (95 % CI)`, 'ms', groups, ['write: POST /items', 'read: GET /items/{id}', 'probe: GET /metrics']));
  }
  out.push(barChart(`Per-instance capacity: < 1 % errors, p99 < ${r.run.options.capacity.p99BoundMs} ms (95 % CI)`, 'req/s', byMem((m) => m.capacity && bar(m.capacity.rps)), memSeries));
  for (const mem of mems) {
    for (const rate of r.run.options.rates) {
      const rows = r.runtimes.map((rt) => ({ rt, w: at(rt, mem)?.warm.find((x) => x.rate === rate) }));
      if (!rows.some((x) => x.w)) continue;
      out.push(barChart(`Warm latency at ${rate} req/s, ${mem} MB, steady state (95 % CI)`, 'ms', rows.map(({ rt, w }) => ({ name: name(rt), bars: w ? [bar(w.p50), { value: w.client.count ? w.client.p90 : NaN }, bar(w.p99)] : [] })), ['p50', 'p90 (pooled)', 'p99']));
      const curves: LineSeries[] = rows.flatMap(({ rt, w }) => (w?.client.curve.length ? [{ name: name(rt), points: w.client.curve, color: colorOf(rt) }] : []));
      if (curves.length) out.push(percentileChart(`Latency distribution at ${rate} req/s, ${mem} MB (steady state)`, 'ms', curves));
      const drift: LineSeries[] = rows.flatMap(({ rt, w }) => (w && w.p50.perRound.length > 1 ? [{ name: name(rt), points: w.p50.perRound.map((v, i) => [i + 1, v] as [number, number]), color: colorOf(rt) }] : []));
      // Drift needs two rounds at least.
      if (drift.length) out.push(lineChart(`Drift: warm p50 per round at ${rate} req/s, ${mem} MB`, 'round', 'ms', drift));
    }
    const initDrift: LineSeries[] = r.runtimes.flatMap((rt) => {
      const m = at(rt, mem)?.coldStart?.initDurationMs;
      return m && m.perRound.length > 1 ? [{ name: name(rt), points: m.perRound.map((v, i) => [i + 1, v] as [number, number]), color: colorOf(rt) }] : [];
    });
    if (initDrift.length) out.push(lineChart(`Drift: Init Duration per round, ${mem} MB`, 'round', 'ms', initDrift));
  }
  out.push(barChart('Max Memory Used under load (peak over the warm invocations)', 'MB', byMem((m) => (m.memory.maxMemoryUsedMb ? { value: m.memory.maxMemoryUsedMb.max } : undefined)), memSeries));
  out.push(barChart('Package size (deployable artifact)', 'MiB', r.runtimes.map((rt) => ({ name: name(rt), bars: [{ value: (rt.packageBytes ?? NaN) / 1048576 }] })), ['artifact']));
  for (const mem of mems) {
    const own = (rt: RuntimeResult) => at(rt, mem)?.cost.find((c) => c.architecture === rt.architecture);
    const labels = [...new Set(r.runtimes.flatMap((rt) => own(rt)?.atRates.map((x) => x.label) ?? []))];
    const groups = r.runtimes.map((rt) => ({ name: name(rt), bars: labels.map((l) => ({ value: own(rt)?.atRates.find((x) => x.label === l)?.lambdaComputeUsd ?? NaN })) }));
    const first = r.runtimes.map(own).find((c) => c !== undefined);
    const fixed = first ? ` (beside it for every runtime: API Gateway $${headlineCost(first).apiGatewayUsd.toFixed(2)}, Lambda requests $${headlineCost(first).lambdaRequestsUsd.toFixed(2)}, DynamoDB $${headlineCost(first).dynamoDbUsd.toFixed(2)})` : '';
    if (labels.length) out.push(barChart(`Lambda compute per 1M requests at ${mem} MB with billed init at each cold-start rate${fixed}`, 'USD', groups, labels, 760));
  }
  return out;
}
