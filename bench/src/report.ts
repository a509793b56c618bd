/**
 * report.html: one self-contained file (inline CSS and SVG, no script, no network) with
 * the charts, the tables, the machine load, the environment, the conformance verdict and
 * the conclusions.
 */
import { charts } from './charts';
import { modelText } from './model-text';
import { capacityTables, coldTable, costTable, floorsTable, loadTable, significanceTable, table, warmTables } from './report-tables';
import type { BenchResults } from './results';
import { esc } from './svg';

export function renderReport(r: BenchResults): string {
  const e = r.environment;
  const conf = r.conformance;
  const o = r.run.options;
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
    ['profile', `${r.run.profile}: ${o.rounds} rounds; per round ${o.coldStarts} cold write/read pair(s) + 1 probe; rates ${o.rates.join('/')} req/s × ${o.warmSeconds} s measured; capacity steps ${o.capacity.stepSeconds} s, p99 bound ${o.capacity.p99BoundMs} ms; instance warm-up ${o.instanceWarmup} invocations${o.concurrency.length ? `; machine throughput c=${o.concurrency.join('/')}` : ''}`],
    ...Object.entries(e.versions).map(([k, v]) => [k, v] as [string, string]),
  ];
  const fixtures = r.runtimes.filter((x) => x.fixture);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Multi-runtime API benchmark — ${esc(r.run.id)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1a202c;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #e2e8f0}
table{border-collapse:collapse;font-size:.8rem;margin:.5rem 0;width:100%}th,td{border:1px solid #e2e8f0;padding:.25rem .4rem;text-align:left}th{background:#f7fafc}
figure{display:inline-block;margin:.5rem}.banner{padding:.6rem 1rem;border-radius:6px;margin:1rem 0}.ok{background:#f0fff4;border:1px solid #9ae6b4}.warn{background:#fffaf0;border:1px solid #f6ad55}.bad{background:#fff5f5;border:1px solid #fc8181}
li{margin:.3rem 0}
</style></head><body>
<h1>Multi-runtime API benchmark</h1>
<p>Run <b>${esc(r.run.id)}</b>, ${esc(r.run.startedAt)} → ${esc(r.run.finishedAt)}, profile <b>${esc(r.run.profile)}</b>, on ${esc(e.target)}.</p>
${r.loadGuard.noisy ? `<div class="banner bad"><b>NOISY run</b>: ${esc(r.loadGuard.reasons.join('; '))}. Figures are for development only; re-run on an idle machine.</div>` : `<div class="banner ok"><b>Quiet machine</b>: other processes used ${r.loadGuard.meanOtherShare === null ? '–' : `${(r.loadGuard.meanOtherShare * 100).toFixed(0)} %`} of the CPU during the phases.</div>`}
${fixtures.map((x) => `<div class="banner bad"><b>FIXTURE</b>: ${esc(x.name)} ${esc(x.fixture!)}. This run exists to check that bench:compare flags it; its figures are not results.</div>`).join('')}
<div class="banner ${conf.status === 'passed' ? 'ok' : 'warn'}"><b>Conformance: ${esc(conf.status)}</b> (${esc(conf.source)}). Only runtimes that passed are ranked.${r.runtimes.filter((x) => !x.ranked).map((x) => ` <b>${esc(x.name)}</b>: ${esc(x.unrankedReason ?? '')}.`).join('')}</div>
${e.limitsEnforced ? '' : `<div class="banner warn"><b>Limits not enforced</b>: ${esc(e.limitsReason ?? '')}. Memory sizes did not cap memory or CPU; compare with care.</div>`}
<h2>Conclusions</h2><ul>${r.conclusions.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>
<h2>Charts</h2>
${charts(r).map((svg) => `<figure>${svg}</figure>`).join('\n')}
${coldTable(r)}
${warmTables(r)}
${capacityTables(r)}
${costTable(r)}
${floorsTable(r)}
${significanceTable(r)}
${loadTable(r)}
<h2>Conformance verdict</h2>${table(['runtime', 'verdict', 'reason'], confRows)}
<h2>Environment</h2>${table(['', ''], envRows)}
<p>Raw samples: ${r.raw.map(esc).join(', ')} next to this file. Schema version ${r.schemaVersion}. Methods and their tested coverage: docs/methodology.md.</p>
</body></html>
`;
}
