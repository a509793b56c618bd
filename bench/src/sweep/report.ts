/**
 * A sweep's report.html: one self-contained page (inline CSS and SVG, no script, no network) —
 * the recommendations first, then the curves over memory and the cost–latency frontier, the
 * points with their cost parts, the rate of each size, and the bench's own sections (runtime
 * against runtime at each size, machine load, conformance, environment).
 */
import { environmentRows, REPORT_STYLE, statusBanners } from '../report';
import { est, f, loadTable, pct, table } from '../report-tables';
import type { BenchResults } from '../results';
import { esc } from '../svg';
import { sweepCharts } from './charts';
import { usd } from './recommend';
import type { SweepResult } from './types';

const money = (m: { estimate: number; ci95: [number, number] | null; rounds?: number } | null | undefined) => (!m || !Number.isFinite(m.estimate) ? '–' : `${usd(m.estimate)}${m.ci95 ? ` [${usd(m.ci95[0])}, ${usd(m.ci95[1])}]` : ' (1 round)'}`);

function recommendations(sw: SweepResult): string {
  const a = sw.acrossRuntimes;
  const rows = sw.perRuntime.map((p) => {
    const v = p.objective.find((x) => x.memoryMb === p.best);
    return [p.runtime, p.best === null ? 'none' : `${p.best} MB`, v ? `${v.estimate.toPrecision(4)}${v.ci95 ? ` [${v.ci95[0].toPrecision(4)}, ${v.ci95[1].toPrecision(4)}]` : ''}` : '–', p.indistinguishable.length ? `${p.indistinguishable.join(', ')} MB` : '–', p.objective.map((o) => `${o.memoryMb}: ${Number.isFinite(o.estimate) ? o.estimate.toPrecision(3) : '–'}${o.held ? '' : ' (not held)'}`).join('; ')];
  });
  const strategy = sw.config.strategy === 'balanced' ? `balanced, balancedWeight ${sw.config.balancedWeight} (0 = speed, 1 = cost)` : sw.config.strategy;
  const unit = sw.perRuntime[0]?.unit ?? '';
  return `<h2>Recommendations</h2>
<div class="banner ${a.best ? 'ok' : 'warn'}"><b>Across runtimes${a.sloP99Ms === null ? ' (no --slo-p99 given: the cheapest overall)' : `, p99 ≤ ${a.sloP99Ms} ms`}</b>: ${esc(a.statement)}</div>
<p>Per runtime, strategy <b>${esc(strategy)}</b> with AWS Lambda Power Tuning's definitions (${esc(sw.config.powerTuning)}): <i>cost</i> = the cheapest (equal cost: the faster), <i>speed</i> = the lowest mean Duration (equal: the cheaper), <i>balanced</i> = the lowest weight × cost / max cost + (1 − weight) × Duration / max Duration; remaining ties go to the smaller size. Each figure is a mean of round values with its 95 % interval; sizes that cannot be told apart from the best are listed (Welch t on round values, Holm-corrected).</p>
${table(['runtime', 'best memory', `objective [95 % CI] (${unit})`, 'cannot be told apart', 'objective at each size (MB: value)'], rows)}
<ul>${sw.perRuntime.map((p) => `<li>${esc(p.statement)}</li>`).join('')}</ul>
${sw.notes.length ? `<p><b>Notes.</b> ${sw.notes.map(esc).join(' ')}</p>` : ''}`;
}

function pointsTable(sw: SweepResult, instanceWarmup: number): string {
  const onFrontier = new Set(sw.frontier.map((x) => `${x.runtime}@${x.memoryMb}`));
  const rows = sw.points.map((p) => [
    p.runtime + (p.ranked ? '' : ' (unranked)'),
    p.memoryMb,
    f(p.rateRps, 1),
    `${p.requests} (${pct(p.measuredErrorRate, 2)} err)`,
    est(p.p50Ms, 2),
    est(p.p99Ms, 1),
    `${est(p.durationMs.mean, 2)}; p50 ${f(p.durationMs.p50, 2)}, p99 ${f(p.durationMs.p99, 1)}`,
    est(p.initDurationMs, 0),
    f(p.maxMemoryUsedMb, 0),
    p.steadyColdStartsPer1000 ? `${f(p.steadyColdStartsPer1000.value, 1)} [${f(p.steadyColdStartsPer1000.ci95[0], 1)}, ${f(p.steadyColdStartsPer1000.ci95[1], 1)}]` : '–',
    p.cost ? `${usd(p.cost.lambdaComputeUsd)} (init ${usd(p.cost.lambdaInitUsd)})` : '–',
    p.cost ? `${usd(p.cost.lambdaRequestsUsd)} / ${usd(p.cost.apiGatewayUsd)} / ${usd(p.cost.dynamoDbUsd)}` : '–',
    money(p.cost?.totalUsd),
    `${p.held ? 'yes' : `NO — ${p.heldReason ?? ''}`}${onFrontier.has(`${p.runtime}@${p.memoryMb}`) ? '; frontier' : ''}${p.meetsSlo === null ? '' : p.meetsSlo ? '; meets SLO' : '; misses SLO'}`,
  ]);
  return `<h2>Every runtime × memory point</h2><p>Client p50/p99: steady state (without each instance's first ${instanceWarmup} invocations), coordinated omission corrected, answered requests only; Duration: REPORT Duration of the steady-state warm invocations (mean per round with its interval; pooled p50, p99); Init Duration: the cold POST /items; Max Memory Used: peak over the warm invocations. Cost per 1M requests in four parts at the measured steady-state cold-start rate (cold starts per 1,000 invocations in the measured windows), billed init included (bench/src/cost.ts).</p>${table(['runtime', 'MB', 'req/s', 'measured requests', 'p50 ms [CI]', 'p99 ms [CI]', 'Duration ms: mean [CI]; pooled', 'Init ms [CI]', 'MaxMem MB', 'steady cold / 1,000 [CI]', 'Lambda compute', 'Lambda requests / API GW / DynamoDB', 'total $/1M [CI]', 'held'], rows)}`;
}

function ratesTable(sw: SweepResult): string {
  const rows = sw.sizes.map((z) => [z.memoryMb, `${f(z.vcpu, 2)}${z.vcpu > z.machineCores - 1 ? ` (more than the ${z.machineCores - 1} of this machine's ${z.machineCores} cores the harness leaves free)` : ''}`, z.probes.map((p) => `${p.runtime}: ${f(p.serialRps, 0)} req/s back to back, p99 ${f(p.serialP99Ms, 1)} ms${p.errors ? `, ${p.errors}/${p.requests} errors` : ''}`).join('; '), `${f(z.rateRps, 1)} (set by ${z.limitedBy})`, f(z.windowS, 1)]);
  const mix = Object.entries(sw.config.mix).map(([k, v]) => `${k} ${(v * 100).toFixed(0)} %`).join(', ');
  return `<h2>Workload and rate per size</h2><p>The same workload for every runtime: the bench's open-model CRUD mix (${esc(mix)}) on items seeded per runtime, at one arrival rate per memory size — ${esc(sw.config.rateRule)}. Why: on Lambda an instance serves one request at a time and a busy one makes the next request a cold start, so the rate a size holds is one at which a warm instance is idle when requests arrive; at half of 1000 / p99 even the slowest runtime keeps one instance about half busy, and every runtime at a size sees the same arrivals. The probe runs in round 1 on the instance the cold write started, after its warm-up. Measured window per round: ${sw.config.minRequests} requests' worth, ${sw.config.minWindowS}–${sw.config.maxWindowS} s. Cold start: ${esc(sw.config.coldRequest)}.</p>${table(['MB', 'vCPU on AWS (MB / 1769)', 'round-1 probe per runtime', 'rate req/s', 'window s'], rows)}`;
}

export function renderSweepReport(r: BenchResults): string {
  const sw = r.sweep!;
  const o = r.run.options;
  const conclusions = r.conclusions.filter((c) => !c.startsWith('This run is NOISY'));
  const confRows = Object.entries(r.conformance.runtimes).map(([n, v]) => [n, v.passed ? 'passed' : 'failed', v.reason ?? '']);
  const envRows: [string, string][] = [
    ...environmentRows(r),
    ['profile', `${r.run.profile}: ${o.rounds} rounds over ${o.memoryMb.join(', ')} MB; per runtime, size and round one cold POST /items, ${o.instanceWarmup} warm-up requests, the mix at the size's rate; strategy ${sw.config.strategy}${sw.config.sloP99Ms === null ? '' : `, SLO p99 ≤ ${sw.config.sloP99Ms} ms`}`],
    ...Object.entries(r.environment.versions).map(([k, v]) => [k, v] as [string, string]),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Memory sweep — ${esc(r.run.id)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
${REPORT_STYLE}
figcaption{font-size:.8rem;color:#4a5568;max-width:760px}
</style></head><body>
<h1>Memory sweep: cost and latency of every runtime at every memory size</h1>
<p>Run <b>${esc(r.run.id)}</b>, ${esc(r.run.startedAt)} → ${esc(r.run.finishedAt)}, profile <b>${esc(r.run.profile)}</b> (${o.rounds} rounds), ${esc(r.environment.target)}, commit ${esc(r.environment.gitCommit.slice(0, 10))}${r.environment.gitDirty ? ' + changes' : ''}. Platform model: ${esc(environmentRows(r).find(([k]) => k === 'resource model')?.[1] ?? '')}.</p>
${statusBanners(r)}
${recommendations(sw)}
<h2>Curves and frontier</h2>
${sweepCharts(r).map((x) => `<figure>${x.svg}<figcaption>${esc(x.caption)}</figcaption></figure>`).join('\n')}
${pointsTable(sw, o.instanceWarmup)}
${ratesTable(sw)}
<h2>Runtime against runtime at each size</h2><p>At one size every runtime ran the same rate in the same rounds, side by side: paired t on round values, Holm within each metric and size (docs/methodology.md).</p><ul>${conclusions.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
${loadTable(r)}
<h2>Conformance verdict</h2>${table(['runtime', 'verdict', 'reason'], confRows)}
<h2>Environment</h2>${table(['', ''], envRows)}
<p>Raw samples: ${r.raw.map(esc).join(', ')} next to this file. Schema version ${r.schemaVersion} with its sweep block. Method: docs/methodology.md ("Memory sweep").</p>
</body></html>
`;
}
