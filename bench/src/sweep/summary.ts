/** A sweep's summary.md and the lines the terminal prints at its end. */
import { modelText } from '../model-text';
import type { BenchResults } from '../results';
import type { Measure } from '../rounds';
import { terminalTable } from '../summary';
import { usd } from './recommend';
import type { SweepResult } from './types';

const f = (v: number | null | undefined, d = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(d));
const est = (m: Measure | null | undefined, d = 1) => (!m || m.rounds === 0 ? '–' : `${f(m.estimate, d)}${m.ci95 ? ` [${f(m.ci95[0], d)}, ${f(m.ci95[1], d)}]` : ''}`);
const money = (m: Measure | null | undefined) => (!m || m.rounds === 0 ? '–' : `${usd(m.estimate)}${m.ci95 ? ` [${usd(m.ci95[0])}, ${usd(m.ci95[1])}]` : ''}`);

export const SWEEP_HEAD = ['runtime', 'MB', 'req/s', 'p50 ms [CI]', 'p99 ms [CI]', 'Duration mean ms [CI]', 'Init ms [CI]', 'MaxMem MB', 'compute $/1M [CI]', 'total $/1M [CI]', 'held'];

export function sweepRows(sw: SweepResult): string[][] {
  return sw.points.map((p) => [
    p.runtime + (p.ranked ? '' : '*'),
    String(p.memoryMb),
    f(p.rateRps, 1),
    est(p.p50Ms, 2),
    est(p.p99Ms, 1),
    est(p.durationMs.mean, 2),
    est(p.initDurationMs, 0),
    f(p.maxMemoryUsedMb, 0),
    money(p.cost?.computeUsd),
    money(p.cost?.totalUsd),
    p.held ? 'yes' : `NO: ${p.heldReason ?? ''}`,
  ]);
}

/** The recommendations, one line each: across runtimes first, then per runtime. */
export function recommendationLines(sw: SweepResult): string[] {
  return [sw.acrossRuntimes.statement, ...sw.perRuntime.map((p) => `${p.statement}`), ...sw.notes];
}

export function sweepTerminalLines(r: BenchResults): string[] {
  const sw = r.sweep!;
  return [terminalTable(SWEEP_HEAD, sweepRows(sw)), '', ...recommendationLines(sw).map((l) => `- ${l}`)];
}

export function renderSweepSummary(r: BenchResults): string {
  const sw = r.sweep!;
  const g = r.loadGuard;
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const strategy = `${sw.config.strategy}${sw.config.strategy === 'balanced' ? ` (balancedWeight ${sw.config.balancedWeight})` : ''}`;
  return [
    `# Sweep summary — ${r.run.id}`,
    '',
    ...(g.noisy ? [`**NOISY run**: ${g.reasons.join('; ')}. For development only.`, ''] : []),
    `Profile ${r.run.profile} (${r.run.options.rounds} rounds) at ${r.run.options.memoryMb.join(', ')} MB; ${r.environment.cpuModel} × ${r.environment.cores}; limits ${r.environment.limitsEnforced ? 'enforced' : `NOT enforced (${r.environment.limitsReason ?? ''})`}; model: ${modelText(r.environment)}; commit ${r.environment.gitCommit}${r.environment.gitDirty ? ' (with changes)' : ''}; conformance ${r.conformance.status}.`,
    `Strategy ${strategy}; ${sw.config.sloP99Ms === null ? 'no p99 SLO given' : `SLO p99 ≤ ${sw.config.sloP99Ms} ms`}. Mix: ${Object.entries(sw.config.mix).map(([k, v]) => `${k} ${(v * 100).toFixed(0)} %`).join(', ')}. Rate: ${sw.config.rateRule}.`,
    '',
    '## Recommendations',
    '',
    ...recommendationLines(sw).map((l) => `- ${l}`),
    '',
    '## Points',
    '',
    line(SWEEP_HEAD),
    line(SWEEP_HEAD.map(() => '---')),
    ...sweepRows(sw).map(line),
    '',
    `Estimates are means over rounds of each round's value with Student-t 95 % intervals (docs/methodology.md). p50/p99: client side, steady state, coordinated omission corrected. Duration: REPORT Duration of steady-state warm invocations. Cost per 1M requests at the measured steady-state cold-start rate, billed init included; total = compute + Lambda requests + API Gateway + DynamoDB. * = not ranked (conformance).`,
    '',
  ].join('\n');
}
