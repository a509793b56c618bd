/**
 * The sweep's charts: cost against memory and p99 against memory (every runtime on one chart,
 * 95 % intervals as whiskers), and cost against p99 for every runtime × memory point with the
 * Pareto frontier marked. Unranked runtimes are drawn dashed and hollow: shown, never on the frontier.
 */
import { intervalChart, type ChartPoint, type ChartSeries } from '../interval-chart';
import type { BenchResults } from '../results';
import type { Measure } from '../rounds';
import { usd } from './recommend';
import type { SweepPoint, SweepResult } from './types';

const memTicks = (sw: SweepResult) => sw.sizes.map((z) => ({ value: z.memoryMb, label: [String(z.memoryMb)] }));

function perRuntime(r: BenchResults, pick: (p: SweepPoint) => Measure | null | undefined, digits: (v: number) => string, unit: string): ChartSeries[] {
  const sw = r.sweep!;
  return r.runtimes.map((rt, i) => {
    const pts = sw.points.filter((p) => p.runtime === rt.name);
    return {
      name: rt.name + (rt.ranked ? '' : ' (unranked)'),
      color: i,
      dashed: !rt.ranked,
      points: pts.flatMap((p): ChartPoint[] => {
        const m = pick(p);
        if (!m || m.rounds === 0 || !Number.isFinite(m.estimate)) return [];
        return [{ x: p.memoryMb, y: m.estimate, ci: m.ci95, hollow: !p.ranked || !p.held, title: `${rt.name} at ${p.memoryMb} MB: ${digits(m.estimate)}${m.ci95 ? ` [${digits(m.ci95[0])}, ${digits(m.ci95[1])}]` : ''} ${unit}${p.held ? '' : ` — did not hold the workload: ${p.heldReason ?? ''}`}` }];
      }),
    };
  });
}

export interface Figure {
  svg: string;
  caption: string;
}

export function sweepCharts(r: BenchResults): Figure[] {
  const sw = r.sweep!;
  const first = sw.points.find((p) => p.cost)?.cost;
  const fixed = first ? ` Beside it, the same for every runtime and size: API Gateway ${usd(first.apiGatewayUsd)}, Lambda requests ${usd(first.lambdaRequestsUsd)}, DynamoDB ${usd(first.dynamoDbUsd)} per 1M requests.` : '';
  const hollow = ' Hollow points: unranked runtimes (dashed) or points that did not hold the workload.';
  const costChart = intervalChart({
    title: 'Lambda compute per 1M requests by memory size',
    x: { unit: 'memory size (MB, log axis)', log: true, ticks: memTicks(sw) },
    y: { unit: 'USD per 1M requests', log: true },
    series: perRuntime(r, (p) => p.cost?.computeUsd, usd, 'per 1M'),
    width: 760,
  });
  const slo = sw.config.sloP99Ms;
  const p99Chart = intervalChart({
    title: 'Client p99 by memory size',
    x: { unit: 'memory size (MB, log axis)', log: true, ticks: memTicks(sw) },
    y: { unit: 'ms', log: true },
    series: perRuntime(r, (p) => p.p99Ms, (v) => v.toFixed(1), 'ms'),
    ...(slo !== null ? { hLines: [{ y: slo, label: `SLO p99 ≤ ${slo} ms` }] } : {}),
    width: 760,
  });
  const onFrontier = new Set(sw.frontier.map((f) => `${f.runtime}@${f.memoryMb}`));
  const scatter: ChartSeries[] = r.runtimes.map((rt, i) => ({
    name: rt.name + (rt.ranked ? '' : ' (unranked)'),
    color: i,
    line: false,
    // A point that did not hold the workload has no place among the trade-offs (its cost and p99 are a failure's).
    points: sw.points.filter((p) => p.runtime === rt.name && p.held && p.cost && p.p99Ms.rounds > 0).map((p) => ({
      x: p.cost!.totalUsd.estimate,
      y: p.p99Ms.estimate,
      ci: p.p99Ms.ci95,
      hollow: !p.ranked || !p.held,
      ring: onFrontier.has(`${p.runtime}@${p.memoryMb}`),
      label: `${p.memoryMb}`,
      title: `${p.runtime} at ${p.memoryMb} MB: ${usd(p.cost!.totalUsd.estimate)} per 1M, p99 ${p.p99Ms.estimate.toFixed(1)} ms${onFrontier.has(`${p.runtime}@${p.memoryMb}`) ? ' (on the Pareto frontier)' : ''}`,
    })),
  }));
  const frontierPts = sw.frontier.flatMap((f) => {
    const p = sw.points.find((x) => x.runtime === f.runtime && x.memoryMb === f.memoryMb);
    return p?.cost ? [[p.cost.totalUsd.estimate, p.p99Ms.estimate] as [number, number]] : [];
  });
  const frontierChart = intervalChart({
    title: 'Cost against p99: every runtime × memory size',
    x: { unit: 'total cost per 1M requests (USD)', fit: true },
    y: { unit: 'ms, client p99', log: true },
    series: scatter,
    path: { points: frontierPts, label: 'Pareto frontier: no other point is both cheaper and faster' },
    ...(slo !== null ? { hLines: [{ y: slo, label: `SLO p99 ≤ ${slo} ms` }] } : {}),
    width: 760,
    height: 360,
  });
  return [
    { svg: costChart, caption: `Lambda compute (GB-seconds of Billed Duration, billed init included at the measured steady-state cold-start rate) per 1M requests; whiskers: 95 % intervals over ${r.run.options.rounds} rounds.${fixed}${hollow}` },
    { svg: p99Chart, caption: `Client p99 of the steady state at each size's rate (coordinated omission corrected); whiskers: 95 % intervals over ${r.run.options.rounds} rounds${slo !== null ? `; dashed red: the SLO, p99 ≤ ${slo} ms` : ''}.${hollow}` },
    { svg: frontierChart, caption: `Total cost per 1M requests (all four parts) against client p99 for every point that held the workload; labels: memory size (MB). Ringed and joined: the Pareto frontier — no other ranked point is both cheaper and faster${sw.frontier.length ? ` (${sw.frontier.map((f) => `${f.runtime} ${f.memoryMb} MB`).join(', ')})` : ': none, no runtime is ranked'}. Whiskers: the p99 interval.` },
  ];
}
