/** summary.md and the terminal's final table. */
import { modelText } from './model-text';
import { headlineCost } from './cost';
import type { BenchResults } from './results';
import type { Measure } from './rounds';

const f = (v: number | null | undefined, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(d));
const est = (m: Measure | undefined | null, d = 1) => (!m || m.rounds === 0 ? '–' : `${f(m.estimate, d)}${m.ci95 ? ` [${f(m.ci95[0], d)}, ${f(m.ci95[1], d)}]` : ''}`);

export function summaryRows(r: BenchResults): string[][] {
  const rows: string[][] = [];
  for (const rt of r.runtimes) {
    for (const m of rt.memorySizes) {
      const w = m.warm[0];
      const c = m.coldStart;
      const own = m.cost.find((k) => k.architecture === rt.architecture);
      rows.push([
        rt.name + (rt.fixture ? ' (FIXTURE)' : rt.ranked ? '' : '*'),
        String(m.memoryMb),
        est(c?.initDurationMs, 0),
        est(c?.write?.clientMs, 0),
        w ? est(w.p50, 2) : '–',
        w ? est(w.p99, 1) : '–',
        m.warm.map((x) => (x.steadyColdStarts ? f(x.steadyColdStarts.per1000, 1) : '–')).join(' / ') || '–',
        est(m.capacity?.rps, 0),
        f(m.memory.maxMemoryUsedMb?.max, 0),
        rt.packageBytes === null ? '–' : (rt.packageBytes / 1048576).toFixed(1),
        own ? `$${headlineCost(own).lambdaComputeUsd.toFixed(3)} / $${headlineCost(own).totalUsd.toFixed(2)}` : '–',
      ]);
    }
  }
  return rows;
}

export const SUMMARY_HEAD = ['runtime', 'MB', 'Init ms [CI]', 'cold POST e2e ms [CI]', 'p50 ms [CI]', 'p99 ms [CI]', 'steady cold/1k inv. per rate', 'capacity req/s [CI]', 'MaxMem MB', 'pkg MiB', '$/1M compute / total'];

export function renderSummary(r: BenchResults): string {
  const rows = summaryRows(r);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const o = r.run.options;
  const g = r.loadGuard;
  const pre = g.preRun;
  return [
    `# Benchmark summary — ${r.run.id}`,
    '',
    ...(g.noisy ? [`**NOISY run**: ${g.reasons.join('; ')}. For development only.`, ''] : []),
    ...r.runtimes.filter((x) => x.fixture).map((x) => `**FIXTURE**: ${x.name} ${x.fixture}. Not a result.\n`),
    `Profile ${r.run.profile} (${o.rounds} rounds); ${r.environment.target}; ${r.environment.cpuModel} × ${r.environment.cores}; limits ${r.environment.limitsEnforced ? 'enforced' : `NOT enforced (${r.environment.limitsReason ?? ''})`}; model: ${modelText(r.environment)}; commit ${r.environment.gitCommit}; conformance ${r.conformance.status}.`,
    `Machine load: before the run others used ${pre ? `${(pre.otherShare * 100).toFixed(0)} % of the CPU (load average ${pre.loadAvg.join(', ')})` : '– (not measured)'}; during the phases ${g.meanOtherShare === null ? '–' : `${(g.meanOtherShare * 100).toFixed(0)} %`} on average, ${g.noisyPhases} of ${g.phases} phases above ${(g.thresholds.phaseOtherShare * 100).toFixed(0)} % — ${g.noisy ? 'noisy' : 'quiet'}.`,
    '',
    line(SUMMARY_HEAD),
    line(SUMMARY_HEAD.map(() => '---')),
    ...rows.map(line),
    '',
    `Estimates are means over rounds of each round's value with Student-t 95 % intervals (docs/methodology.md). Init: cold requests doing real work (POST /items, GET /items/{id}). p50/p99 at ${o.rates[0] ?? '–'} req/s, steady state (open model). Steady cold starts: per 1,000 invocations after the ramp, at rates ${o.rates.join(', ')} req/s. Capacity: one warm instance, < 1 % errors, p99 < ${o.capacity.p99BoundMs} ms. Cost at the measured steady-state cold-start rate, billed init included. * = not ranked (conformance).`,
    '',
    '## Conclusions',
    '',
    ...r.conclusions.map((c) => `- ${c}`),
    '',
    `Floors against lambda-perf (${r.lambdaPerf.date}): ${r.lambdaPerf.note}`,
    '',
    r.loadGenerator.note,
    '',
  ].join('\n');
}

/** A plain fixed-width table for the terminal. */
export function terminalTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}
