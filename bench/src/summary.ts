/** summary.md and the terminal's final table. */
import { modelText } from './model-text';
import type { BenchResults } from './results';

const f = (v: number | null | undefined, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(d));

export function summaryRows(r: BenchResults): string[][] {
  const rows: string[][] = [];
  for (const rt of r.runtimes) {
    for (const m of rt.memorySizes) {
      const w = m.warm[0];
      const c = m.coldStart;
      rows.push([
        rt.name + (rt.ranked ? '' : '*'),
        String(m.memoryMb),
        c ? `${f(c.initDurationMs.median)} [${f(c.initDurationMs.ci95[0])}, ${f(c.initDurationMs.ci95[1])}]` : '–',
        c ? f(c.clientMs.median) : '–',
        w ? `${f(w.client.p50, 2)} [${f(w.client.p50Ci95[0], 2)}, ${f(w.client.p50Ci95[1], 2)}]` : '–',
        w ? f(w.client.p99, 2) : '–',
        m.warm.map((x) => `${x.coldStartsPer1000}/${x.peakInstances}`).join(' ') || '–',
        f(m.throughput?.maxRpsUnder1PctErrors, 0),
        f(m.memory.maxMemoryUsedMb?.max, 0),
        rt.packageBytes === null ? '–' : (rt.packageBytes / 1048576).toFixed(1),
        m.cost.find((k) => k.architecture === rt.architecture) ? `$${m.cost.find((k) => k.architecture === rt.architecture)!.totalUsd.toFixed(3)}` : '–',
      ]);
    }
  }
  return rows;
}

export const SUMMARY_HEAD = ['runtime', 'MB', 'Init ms [CI]', 'cold e2e ms', 'p50 ms [CI]', 'p99 ms', 'cold/1k req / peak inst. per rate', 'max req/s', 'MaxMem MB', 'pkg MiB', '$ / 1M req'];

export function renderSummary(r: BenchResults): string {
  const rows = summaryRows(r);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rates = r.run.options.rates;
  return [
    `# Benchmark summary — ${r.run.id}`,
    '',
    `Profile ${r.run.profile}; ${r.environment.target}; ${r.environment.cpuModel} × ${r.environment.cores}; limits ${r.environment.limitsEnforced ? 'enforced' : `NOT enforced (${r.environment.limitsReason ?? ''})`}; model: ${modelText(r.environment)}; commit ${r.environment.gitCommit}; conformance ${r.conformance.status}.`,
    '',
    line(SUMMARY_HEAD),
    line(SUMMARY_HEAD.map(() => '---')),
    ...rows.map(line),
    '',
    `p50/p99 at ${rates[0] ?? '–'} req/s (open model). Cold starts per 1,000 requests / peak instances at rates ${rates.join(', ')} req/s. * = not ranked (conformance).`,
    '',
    '## Conclusions',
    '',
    ...r.conclusions.map((c) => `- ${c}`),
    '',
    `Floors (hello-world Init Duration at ${r.floorRanking.memoryMb ?? '–'} MB): ${r.floorRanking.ours.join(' < ') || '–'}; lambda-perf: ${r.floorRanking.lambdaPerf.join(' < ')}. ${r.floorRanking.note}`,
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
