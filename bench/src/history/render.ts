/**
 * history.html: one self-contained page (inline CSS and SVG, no script, no network). Per profile,
 * the runs with their commit, load and machine, one trend chart per headline metric and runtime
 * (series per memory size and rate, 95 % intervals as whiskers, commits on the axis, noisy runs
 * hollow), and the step changes bench:compare calls between consecutive runs (▲ / ▼ on the chart:
 * red where worse, green where better).
 */
import { intervalChart, type ChartSeries } from '../interval-chart';
import { REPORT_STYLE } from '../report';
import { table } from '../report-tables';
import { esc } from '../svg';
import type { RunIndex, IndexedRun } from './index-file';
import type { ProfileHistory, TrendChart } from './trend';

const short = (r: IndexedRun) => `${r.commit.slice(0, 7)}${r.dirty ? '*' : ''}`;
const when = (iso: string) => iso.slice(5, 16).replace('T', ' ');

function trendChart(h: ProfileHistory, c: TrendChart): string {
  const series: ChartSeries[] = c.series.map((s, i) => ({
    name: s.name,
    color: i,
    points: s.points.map((p) => ({
      x: p.run,
      y: p.estimate,
      ci: p.ci95,
      hollow: p.noisy,
      ...(p.step ? { mark: { text: p.step.delta.startsWith('-') ? '▼' : '▲', color: p.step.verdict === 'worse' ? '#c53030' : '#2f855a' } } : {}),
      title: `${c.runtime} ${s.name}, run ${h.runs[p.run]!.id} (${short(h.runs[p.run]!)}): ${p.estimate.toFixed(2)} ${c.metric.unit}${p.ci95 ? ` [${p.ci95[0].toFixed(2)}, ${p.ci95[1].toFixed(2)}]` : ''}${p.noisy ? ' — noisy run' : ''}${p.step ? ` — step ${p.step.verdict}: ${p.step.delta}` : ''}`,
    })),
  }));
  return intervalChart({
    title: `${c.runtime}: ${c.metric.label}`,
    x: { unit: 'run (commit, * = uncommitted changes; date UTC)', ticks: h.runs.map((r, i) => ({ value: i, label: [short(r), when(r.startedAt)] })) },
    y: { unit: c.metric.unit },
    series,
    // Two side by side on the page.
    width: 520,
    height: 270,
  });
}

function profileSection(h: ProfileHistory): string {
  const rows = h.runs.map((r, i) => [
    i + 1,
    r.id,
    r.startedAt.replace('T', ' ').slice(0, 19),
    `${r.commit.slice(0, 10)}${r.dirty ? ' + changes' : ''}`,
    r.load.noisy ? `NOISY: ${r.load.reasons.join('; ')}` : `quiet (others ${r.load.meanOtherShare === null ? '–' : `${Math.round(r.load.meanOtherShare * 100)} %`})`,
    `${r.machine.cpuModel} × ${r.machine.cores}; ${r.machine.limitsEnforced ? 'limits enforced' : 'limits NOT enforced'}${r.machine.platformModel ? `; ${r.machine.platformModel}` : ''}`,
    `${r.runtimes.join(', ')} @ ${r.memoryMb.join('/')} MB × ${r.rounds} rounds${r.fixture ? `; FIXTURE: ${r.fixture}` : ''}`,
  ]);
  const steps = h.steps.map((s) => `<li>${esc(s.from.id)} → <b>${esc(s.to.id)}</b>: ${s.why ? esc(s.why) : s.flagged.length ? `${s.flagged.length} of ${s.tested} metrics changed significantly: <ul>${s.flagged.map((f) => `<li><span style="color:${f.verdict === 'worse' ? '#c53030' : '#2f855a'}"><b>${esc(f.verdict)}</b></span> ${esc(f.key)} (${esc(f.unit)}): ${esc(f.a)} → ${esc(f.b)}; ${esc(f.delta)}</li>`).join('')}</ul>` : `no significant change in ${s.tested} metrics`}</li>`);
  return `<h2>Profile ${esc(h.profile)} — ${h.runs.length} run${h.runs.length === 1 ? '' : 's'}</h2>
${table(['#', 'run', 'started (UTC)', 'commit', 'machine load', 'machine and model', 'what ran'], rows)}
<h3>Step changes between consecutive runs</h3>${h.runs.length < 2 ? '<p>One run: nothing to compare yet.</p>' : `<ul>${steps.join('')}</ul>`}
${h.charts.map((c) => `<figure>${trendChart(h, c)}</figure>`).join('\n')}`;
}

export function renderHistory(index: RunIndex, profiles: ProfileHistory[], resultsDir: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Benchmark history — ${esc(resultsDir)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
${REPORT_STYLE}
h3{font-size:1rem}figure{margin:.3rem}
</style></head><body>
<h1>Benchmark history</h1>
<p>${index.runs.length} run${index.runs.length === 1 ? '' : 's'} indexed in ${esc(resultsDir)}/index.json (generated ${esc(index.generatedAt)}), grouped by profile, oldest first. Each point is a run's estimate (mean of its round values) with its 95 % interval; hollow points are runs the load guard marked <b>noisy</b> (other processes used the CPU: for development only). A <b>▲</b> or <b>▼</b> marks a step from the previous run of the profile that <code>npm run bench:compare</code> calls significant — Welch's t on the two runs' per-round values, Benjamini–Hochberg over all their metrics at a 5 % false-discovery rate — red where worse, green where better. Runs from different sessions can differ by more than their intervals (the machine's state): read steps beside the load column.</p>
${index.skipped.length ? `<div class="banner warn"><b>Skipped folders</b> (not complete runs, or unreadable): <ul>${index.skipped.map((s) => `<li>${esc(s.dir)}: ${esc(s.reason)}</li>`).join('')}</ul></div>` : ''}
${profiles.map(profileSection).join('\n')}
</body></html>
`;
}
