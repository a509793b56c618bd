/**
 * The `--actual` report: Cost Explorer's costs per runtime tag and service beside the model's
 * estimate for the same invocations, the difference, and its known causes. Days are kept apart
 * by what they can say: complete, possibly incomplete (Cost Explorer lags up to a day), or
 * before the tags were active (their costs carry no tag). Only complete days are compared, so
 * a lagging day never shows as a fact, let alone as $0.
 */
import type { CostItem, DailyCosts, ServiceKey, TagActivation } from './cost-explorer';
import { SERVICES } from './cost-explorer';
import type { ModelBasis, ModelLine } from './model';
import { daysOf, mayLag, type CostWindow } from './window';

export type DayStatus = 'complete' | 'may-lag' | 'before-tag-activation';

export interface ReportDay extends DailyCosts {
  status: DayStatus;
  totalUsd: number;
}

export interface CostLine {
  /** A runtime's name, "shared", or "untagged" (no runtime tag: Cost Explorer's "runtime$"). */
  runtime: string;
  service: ServiceKey;
  usd: number;
}

export interface ComparisonRow {
  runtime: string;
  service: ServiceKey;
  actualUsd: number;
  modelUsd: number | null;
  differenceUsd: number | null;
  causes: string[];
}

export interface ActualCostReport {
  kind: 'multi-runtime-benchmark/actual-cost';
  version: 1;
  generatedAt: string;
  environment: string;
  window: { since: string; until: string };
  /** false while any day of the window may lag or predates the tags' activation. */
  complete: boolean;
  tagActivation: TagActivation[];
  costExplorerPages: number;
  days: ReportDay[];
  /** Over the complete days only. */
  actual: { days: string[]; lines: CostLine[]; totalUsd: number };
  provisional: { days: string[]; lines: CostLine[]; totalUsd: number };
  model: { basis: ModelBasis; invocations: Record<string, number>; lines: ModelLine[]; totalUsd: number; notes: string[] } | null;
  modelAbsent?: string;
  comparison: ComparisonRow[];
  notes: string[];
}

export const SERVICE_LABEL: Record<ServiceKey, string> = { lambda: 'Lambda', apiGateway: 'API Gateway', dynamoDb: 'DynamoDB', cloudWatch: 'CloudWatch' };

/** Why the bill and the model differ, per service: what the model leaves out or cannot know. */
export const KNOWN_CAUSES: Record<ServiceKey, string[]> = {
  lambda: [
    "free tier: 1M requests and 400,000 GB-s a month for the whole account, applied before any cost reaches Cost Explorer (the model's figures are without it)",
    "the model prices every invocation at the bench run's mean Billed Duration and cold-start rate; the conformance gate, forced cold starts and the Artillery scenario differ from the bench's mix",
    'rounding: Cost Explorer sums line items rounded to its precision; the model multiplies exact per-request figures',
  ],
  apiGateway: [
    "requests API Gateway answers without a function (the root /health mock, unknown routes, refused or throttled calls) are not in Lambda's invocation count the model uses",
    "API Gateway's 12-month free tier for new accounts (1M REST calls a month) is not in the model",
    'data transfer out is not modelled (Cost Explorer may book it under another service, outside this report)',
  ],
  dynamoDb: [
    "the model's request units are an estimate from item sizes for the bench's CRUD mix; conformance cases, seeds and the bench's expiry stamps differ",
    'storage and point-in-time recovery are not modelled',
  ],
  cloudWatch: [
    'not modelled at all: log ingestion and storage (REPORT lines, access logs), alarms, the dashboard, Logs Insights queries by the bench (per GB scanned)',
    'custom metrics from the metric filters and GetMetricData calls carry no tag: they are outside this report entirely',
  ],
};

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Each window day with its status; days Cost Explorer did not return have no items. */
export function classifyDays(window: CostWindow, days: DailyCosts[], tags: TagActivation[], now: Date): ReportDay[] {
  const byDate = new Map(days.map((d) => [d.date, d]));
  // Costs are tagged from the latest activation on; earlier days' costs carry no tag.
  const activeFrom = tags.map((t) => t.activatedAt?.slice(0, 10) ?? '').sort().pop() ?? '';
  return daysOf(window).map((date) => {
    const day = byDate.get(date) ?? { date, estimated: false, items: [] };
    const status: DayStatus = date < activeFrom ? 'before-tag-activation' : mayLag(date, now) ? 'may-lag' : 'complete';
    return { ...day, status, totalUsd: sum(day.items.map((i) => i.usd)) };
  });
}

/** Costs of the given days, summed per runtime label and service. */
export function costLines(days: ReportDay[]): CostLine[] {
  const lines = new Map<string, CostLine>();
  for (const item of days.flatMap((d) => d.items)) {
    const runtime = label(item);
    const key = `${runtime}\u0000${item.service}`;
    const line = lines.get(key) ?? { runtime, service: item.service, usd: 0 };
    line.usd += item.usd;
    lines.set(key, line);
  }
  return [...lines.values()].sort(byRuntimeThenService);
}

const label = (item: CostItem): string => item.runtime ?? 'untagged';
const SERVICE_ORDER = Object.keys(SERVICES) as ServiceKey[];
function byRuntimeThenService(a: { runtime: string; service: ServiceKey }, b: { runtime: string; service: ServiceKey }): number {
  const rank = (r: string) => (r === 'shared' ? 1 : r === 'untagged' ? 2 : 0);
  return rank(a.runtime) - rank(b.runtime) || a.runtime.localeCompare(b.runtime) || SERVICE_ORDER.indexOf(a.service) - SERVICE_ORDER.indexOf(b.service);
}

/** Actual beside model for every (runtime, service) either has. */
export function compare(actual: CostLine[], model: ModelLine[] | null): ComparisonRow[] {
  const keys = new Map<string, { runtime: string; service: ServiceKey }>();
  for (const l of [...actual, ...(model ?? [])]) keys.set(`${l.runtime}\u0000${l.service}`, { runtime: l.runtime, service: l.service });
  return [...keys.values()].sort(byRuntimeThenService).map(({ runtime, service }) => {
    const actualUsd = sum(actual.filter((l) => l.runtime === runtime && l.service === service).map((l) => l.usd));
    const m = model?.find((l) => l.runtime === runtime && l.service === service);
    const modelUsd = m ? m.usd : null;
    const causes = runtime === 'untagged' ? ['resources without a runtime tag: deployed before the tags existed, or costs Cost Explorer could not attribute to a tagged resource'] : KNOWN_CAUSES[service];
    return { runtime, service, actualUsd, modelUsd, differenceUsd: modelUsd === null ? null : actualUsd - modelUsd, causes };
  });
}

/** Dollars: cents above $1, four decimals below, six below a cent (a bench day can cost fractions of one). */
export const usd = (n: number): string => {
  const a = Math.abs(n);
  return `${n < 0 ? '-' : ''}$${a.toFixed(a >= 1 ? 2 : a >= 0.01 || a === 0 ? 4 : 6)}`;
};
const range = (days: string[]) => (days.length === 0 ? 'none' : days.length === 1 ? days[0]! : `${days[0]} … ${days[days.length - 1]} (${days.length} days)`);

/** The report as printed. */
export function formatReport(r: ActualCostReport): string[] {
  const out = [
    `Actual cost (Cost Explorer, UnblendedCost, usage only) of project=multi-runtime-benchmark, environment=${r.environment}, ${r.window.since} … ${r.window.until} (UTC days)`,
  ];
  const lagging = r.days.filter((d) => d.status === 'may-lag').map((d) => d.date);
  const before = r.days.filter((d) => d.status === 'before-tag-activation').map((d) => d.date);
  out.push(`Complete days: ${range(r.actual.days)}`);
  if (before.length) out.push(`Before the tags were activated (their costs carry no tag and are missing here): ${range(before)}`);
  if (lagging.length) out.push(`May still be incomplete (Cost Explorer lags up to a day), shown apart as provisional: ${range(lagging)}`);
  out.push('', 'day          cost       status');
  for (const d of r.days) {
    const cost = d.status === 'complete' ? usd(d.totalUsd) : d.items.length ? `${usd(d.totalUsd)}?` : 'n/a';
    const status = d.status === 'complete' ? (d.estimated ? 'complete (month not final: estimated)' : 'complete') : d.status === 'may-lag' ? 'may lag: not a final figure' : 'before tag activation: not allocated';
    out.push(`${d.date}   ${cost.padStart(9)}  ${status}`);
  }
  if (!r.actual.days.length) {
    out.push('', 'No complete day in this window yet: nothing to compare. Rerun once a full day has passed since its last day.');
  } else if (!r.actual.lines.length) {
    out.push('', `No cost recorded on the complete days: nothing tagged environment=${r.environment} was billed then (no stage deployed, or deployed before these tags existed).`);
  }
  out.push('', r.model ? `Model: ${r.model.basis.run} (${r.model.basis.target ?? 'local platform'}, started ${r.model.basis.startedAt}) × CloudWatch invocations over the complete days` : `Model: none — ${r.modelAbsent ?? 'not computed'}`);
  if (r.model) out.push(`Invocations: ${Object.entries(r.model.invocations).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);
  const row = (runtime: string, service: string, actual: string, model: string, difference: string) =>
    [runtime.padEnd(12), service.padEnd(12), actual.padStart(10), model.padStart(10), difference.padStart(11)].join(' ');
  const money = (n: number | null) => (n === null ? '–' : usd(n));
  out.push('', row('runtime', 'service', 'actual', 'model', 'difference'));
  for (const c of r.comparison) out.push(row(c.runtime, SERVICE_LABEL[c.service], usd(c.actualUsd), money(c.modelUsd), money(c.differenceUsd)));
  out.push(row('total', '', usd(r.actual.totalUsd), money(r.model?.totalUsd ?? null), money(r.model ? r.actual.totalUsd - r.model.totalUsd : null)));
  if (r.provisional.days.length) {
    const soFar = r.provisional.lines.length ? `${usd(r.provisional.totalUsd)} so far` : 'no data yet';
    out.push(`provisional (may lag, not in the total): ${soFar} on ${range(r.provisional.days)}`);
  }
  out.push('', 'Known causes of the difference:');
  const services = [...new Set(r.comparison.map((c) => c.service))];
  for (const s of services) for (const cause of KNOWN_CAUSES[s]) out.push(`  ${SERVICE_LABEL[s]}: ${cause}`);
  if (r.comparison.some((c) => c.runtime === 'untagged')) out.push('  untagged: resources without a runtime tag (deployed before the tags existed, or costs Cost Explorer could not attribute)');
  for (const note of [...r.notes, ...(r.model?.notes ?? [])]) out.push(`Note: ${note}`);
  return out;
}
