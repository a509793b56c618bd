/**
 * report.html: one self-contained file (inline CSS and SVG, no script, no network) with
 * the charts, the tables, the environment, the conformance verdict and the conclusions.
 */
import { modelText } from './model-text';
import type { BenchResults, MemorySizeResult, RuntimeResult } from './results';
import { barChart, esc, lineChart, type BarGroup } from './svg';

const f = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));
const ci = (c: [number, number] | undefined, d = 1) => (c ? `[${f(c[0], d)}, ${f(c[1], d)}]` : '');
const bytes = (b: number | null) => (b === null ? '–' : b >= 1048576 ? `${(b / 1048576).toFixed(1)} MiB` : `${(b / 1024).toFixed(0)} KiB`);

function table(head: string[], rows: (string | number)[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const at = (rt: RuntimeResult, mem: number): MemorySizeResult | undefined => rt.memorySizes.find((m) => m.memoryMb === mem);

function charts(r: BenchResults): string {
  const mems = r.run.options.memoryMb;
  const names = r.runtimes.map((rt) => rt.name);
  const out: string[] = [];
  const byMem = (pick: (m: MemorySizeResult) => { value: number; ci?: [number, number] } | undefined): BarGroup[] =>
    r.runtimes.map((rt) => ({ name: rt.name + (rt.ranked ? '' : ' (unranked)'), bars: mems.map((mem) => {
      const m = at(rt, mem);
      const v = m ? pick(m) : undefined;
      return v ?? { value: NaN };
    }) }));
  const memSeries = mems.map((m) => `${m} MB`);
  out.push(barChart('Cold start: Init Duration, median with 95 % CI', 'ms', byMem((m) => m.coldStart && { value: m.coldStart.initDurationMs.median, ci: m.coldStart.initDurationMs.ci95 }), memSeries));
  out.push(barChart('Cold start: client end-to-end, median with 95 % CI', 'ms', byMem((m) => m.coldStart && { value: m.coldStart.clientMs.median, ci: m.coldStart.clientMs.ci95 }), memSeries));
  for (const mem of mems) {
    for (const rate of r.run.options.rates) {
      const groups: BarGroup[] = r.runtimes.map((rt) => {
        const w = at(rt, mem)?.warm.find((x) => x.rate === rate);
        return { name: rt.name, bars: w ? [{ value: w.client.p50, ci: w.client.p50Ci95 }, { value: w.client.p90 }, { value: w.client.p99, ci: w.client.p99Ci95 }, { value: w.client.max }] : [] };
      });
      if (groups.some((g) => g.bars.length)) out.push(barChart(`Warm latency at ${rate} req/s, ${mem} MB (client, coordinated omission corrected)`, 'ms', groups, ['p50', 'p90', 'p99', 'max']));
    }
  }
  out.push(barChart('Throughput: highest rate with < 1 % errors (closed model)', 'req/s', byMem((m) => m.throughput && m.throughput.maxRpsUnder1PctErrors !== null ? { value: m.throughput.maxRpsUnder1PctErrors } : undefined), memSeries));
  out.push(barChart('Max Memory Used under load (median over invocations)', 'MB', byMem((m) => m.memory.maxMemoryUsedMb ? { value: m.memory.maxMemoryUsedMb.max } : undefined), memSeries));
  out.push(barChart('Package size (deployable artifact)', 'MiB', r.runtimes.map((rt) => ({ name: rt.name, bars: [{ value: (rt.packageBytes ?? NaN) / 1048576 }] })), ['artifact']));
  const costSeries = r.runtimes.flatMap((rt) => (['x86_64', 'arm64'] as const).map((arch) => ({
    name: `${rt.name} ${arch}`,
    points: rt.memorySizes.map((m) => [m.memoryMb, m.cost.find((c) => c.architecture === arch)?.totalUsd ?? NaN] as [number, number]),
  })));
  out.push(lineChart('Cost per 1M requests against memory size', 'MB', 'USD', costSeries.filter((s) => s.name.endsWith('x86_64') || names.length <= 3)));
  return out.map((svg) => `<figure>${svg}</figure>`).join('\n');
}

function tables(r: BenchResults): string {
  const out: string[] = [];
  const cold: (string | number)[][] = [];
  const warm: (string | number)[][] = [];
  const tput: (string | number)[][] = [];
  const mem: (string | number)[][] = [];
  const cost: (string | number)[][] = [];
  for (const rt of r.runtimes) {
    for (const m of rt.memorySizes) {
      const c = m.coldStart;
      if (c) cold.push([rt.name, m.memoryMb, `${f(c.initDurationMs.median)} ${ci(c.initDurationMs.ci95)}`, `${f(c.firstInvocationMs.median)}`, `${f(c.clientMs.median)} ${ci(c.clientMs.ci95)}`, f(c.memoryAfterInitMb?.median, 0), f(c.maxMemoryUsedMb.median, 0), c.multipleOfFloor ? `${f(c.multipleOfFloor.initDuration, 1)}× ${c.multipleOfFloor.floor}` : '–', c.initDurationMs.n, c.failures]);
      for (const w of m.warm) warm.push([rt.name, m.memoryMb, w.rate, w.achievedRps, `${f(w.client.p50, 2)} ${ci(w.client.p50Ci95, 2)}`, f(w.client.p90, 2), f(w.client.p95, 2), `${f(w.client.p99, 2)} ${ci(w.client.p99Ci95, 2)}`, f(w.client.max, 1), f(w.serverDurationMs.median, 2), `${w.errors} (${((w.measuredErrorRate ?? 0) * 100).toFixed(1)} % measured)`, w.coldStartsPer1000, w.peakInstances]);
      if (m.throughput) tput.push([rt.name, m.memoryMb, m.throughput.steps.map((s) => `c${s.concurrency}: ${f(s.rps, 0)} req/s, ${(s.errorRate * 100).toFixed(1)} % err`).join('; '), f(m.throughput.maxRpsUnder1PctErrors, 0)]);
      mem.push([rt.name, m.memoryMb, f(m.memory.maxMemoryUsedMb?.max, 0), f(m.memory.cpuTimeMsPerInvocation?.median, 2), f(m.billedDurationMs?.mean, 2), bytes(rt.packageBytes)]);
      for (const k of m.cost) cost.push([rt.name, m.memoryMb, k.architecture, f(k.meanBilledDurationMs, 2), `$${k.lambdaComputeUsd.toFixed(3)}`, `$${k.totalUsd.toFixed(3)}`, m.monthly && m.monthly.architecture === k.architecture ? `$${m.monthly.withoutFreeTierUsd.toFixed(2)} ($${m.monthly.withFreeTierUsd.toFixed(2)} with free tier)` : '']);
    }
  }
  out.push(`<h2>Cold starts</h2>${table(['runtime', 'MB', 'Init Duration median [95 % CI] ms', 'first invocation ms', 'client end-to-end ms', 'memory after init MB', 'Max Memory Used MB', 'vs floor', 'n', 'failed'], cold)}`);
  out.push(`<h2>Warm latency (open model)</h2><p>Client-side, from each request's scheduled send time (coordinated omission corrected). Each rate starts from zero instances: <b>cold starts per 1,000 requests</b> and <b>peak instances</b> show how the platform scaled. Latencies cover answered requests; <b>errors</b> counts every failure of the phase, and the share in the measured window (above 1 %: not ranked at that rate).</p>${table(['runtime', 'MB', 'rate req/s', 'achieved', 'p50 [CI] ms', 'p90', 'p95', 'p99 [CI]', 'max', 'server Duration p50', 'errors', 'cold starts / 1,000 req', 'peak instances'], warm)}`);
  out.push(`<h2>Throughput (closed model, autocannon)</h2>${table(['runtime', 'MB', 'steps', 'max req/s with < 1 % errors'], tput)}`);
  out.push(`<h2>Memory, CPU and package</h2>${table(['runtime', 'MB', 'Max Memory Used (peak) MB', 'CPU ms / invocation (median)', 'mean Billed Duration ms', 'package'], mem)}`);
  out.push(`<h2>Cost per 1M requests</h2><p>Lambda request fee + GB-seconds from measured Billed Duration + API Gateway REST fee; prices ${esc(r.prices.region)}, as of ${esc(r.prices.asOf)} (${r.prices.sources.map((s) => `<a href="${esc(s)}">${esc(s)}</a>`).join(', ')}). Durations are measured on x86_64; the arm64 row applies arm64's price to them. Monthly: ${r.run.options.requestsPerMonth.toLocaleString('en')} requests.</p>${table(['runtime', 'MB', 'architecture', 'mean billed ms', 'Lambda compute', 'total per 1M', 'monthly'], cost)}`);
  const floors = r.floors.map((fl) => [fl.name, fl.language, fl.memoryMb, `${f(fl.coldStart?.initDurationMs.median)} ${ci(fl.coldStart?.initDurationMs.ci95)}`, f(fl.coldStart?.clientMs.median), f(fl.coldStart?.maxMemoryUsedMb.median, 0), bytes(fl.packageBytes), fl.warm ? f(fl.warm.client.p50, 2) : '–']);
  out.push(`<h2>Floors (hello-world per language)</h2>${table(['floor', 'language', 'MB', 'Init Duration ms [CI]', 'client cold ms', 'Max Memory Used MB', 'package', 'warm p50 ms (platform floor)'], floors)}<p>Our ranking: <b>${esc(r.floorRanking.ours.join(' < ') || '–')}</b>; lambda-perf: ${esc(r.floorRanking.lambdaPerf.join(' < '))}. ${esc(r.floorRanking.note)}</p>`);
  return out.join('\n');
}

export function renderReport(r: BenchResults): string {
  const e = r.environment;
  const conf = r.conformance;
  const confRows = Object.entries(conf.runtimes).map(([n, v]) => [n, v.passed ? 'passed' : 'failed', v.reason ?? '']);
  const envRows: [string, string][] = [
    ['CPU', `${e.cpuModel} × ${e.cores}`],
    ['memory', `${e.totalMemoryMb} MB`],
    ['OS / kernel', `${e.os} ${e.kernel}`],
    ['limits enforced', e.limitsEnforced ? `yes (cgroup ${e.cgroupVersion})` : `NO — ${e.limitsReason ?? 'unknown'}: instances ran unconstrained`],
    ['resource model', modelText(e)],
    ['target', e.target],
    ['git commit', `${e.gitCommit}${e.gitDirty ? ' (with uncommitted changes)' : ''}`],
    ['load generators', `open: ${e.loadGenerator.openModel}; closed: ${e.loadGenerator.closedModel}`],
    ['load generator capacity', r.loadGenerator.note],
    ['profile', `${r.run.profile}: ${r.run.options.rounds} rounds, ${r.run.options.coldStarts} cold starts per round, rates ${r.run.options.rates.join('/')} req/s × ${r.run.options.warmSeconds} s, concurrency ${r.run.options.concurrency.join('/')}`],
    ...Object.entries(e.versions).map(([k, v]) => [k, v] as [string, string]),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Multi-runtime API benchmark — ${esc(r.run.id)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1a202c;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e2e8f0}
table{border-collapse:collapse;font-size:.8rem;margin:.5rem 0;width:100%}th,td{border:1px solid #e2e8f0;padding:.25rem .4rem;text-align:left}th{background:#f7fafc}
figure{display:inline-block;margin:.5rem}.banner{padding:.6rem 1rem;border-radius:6px;margin:1rem 0}.ok{background:#f0fff4;border:1px solid #9ae6b4}.warn{background:#fffaf0;border:1px solid #f6ad55}
li{margin:.3rem 0}
</style></head><body>
<h1>Multi-runtime API benchmark</h1>
<p>Run <b>${esc(r.run.id)}</b>, ${esc(r.run.startedAt)} → ${esc(r.run.finishedAt)}, profile <b>${esc(r.run.profile)}</b>, on ${esc(e.target)}.</p>
<div class="banner ${conf.status === 'passed' ? 'ok' : 'warn'}"><b>Conformance: ${esc(conf.status)}</b> (${esc(conf.source)}). Only runtimes that passed are ranked.${r.runtimes.filter((x) => !x.ranked).map((x) => ` <b>${esc(x.name)}</b>: ${esc(x.unrankedReason ?? '')}.`).join('')}</div>
${e.limitsEnforced ? '' : `<div class="banner warn"><b>Limits not enforced</b>: ${esc(e.limitsReason ?? '')}. Memory sizes did not cap memory or CPU; compare with care.</div>`}
<h2>Conclusions</h2><ul>${r.conclusions.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
<h2>Charts</h2>
${charts(r)}
${tables(r)}
<h2>Conformance verdict</h2>${table(['runtime', 'verdict', 'reason'], confRows)}
<h2>Significance calls</h2><p>Mann–Whitney U, two-sided, α = 0.05; the interval is a bootstrap 95 % interval of the difference of medians.</p>
${table(['metric', 'MB', 'a', 'b', 'median a', 'median b', 'Δ (b − a)', 'Δ 95 % CI', 'p', 'call'], r.comparisons.map((c) => [c.metric, c.memoryMb, c.a, c.b, f(c.medianA, 2), f(c.medianB, 2), f(c.delta, 2), ci(c.deltaCi95, 2), c.pValue < 0.001 ? '< 0.001' : c.pValue.toFixed(3), c.significant ? 'significant' : 'no significant difference']))}
<h2>Environment</h2>${table(['', ''], envRows)}
<p>Raw samples: ${r.raw.map(esc).join(', ')} next to this file. Schema version ${r.schemaVersion}.</p>
</body></html>
`;
}
