/**
 * REPORT lines from CloudWatch Logs Insights, matched to measured requests by request id:
 * every answer of a runtime carries its invocation's Lambda-Request-Id (the contract), and the
 * REPORT line of that invocation carries the same RequestId. The figures are parsed from the
 * line itself (@message, in the units Lambda prints: ms and MB), not from Insights' discovered
 * numeric fields, whose memory unit the public examples disagree on.
 */
import { explainAwsError, TargetError } from './errors';
import type { LogsInsights } from './clients';

export interface ReportRow {
  requestId: string;
  /** Epoch ms of the log event (the invocation's end). */
  at: number;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb?: number;
  maxMemoryUsedMb?: number;
  /** Cold starts only. */
  initDurationMs?: number;
  /** SnapStart restores report this instead of Init Duration. */
  restoreDurationMs?: number;
}

/** Insights' row limit per query. */
export const INSIGHTS_MAX_ROWS = 10_000;
/** Ids per `in [...]` query: 100 × 39 characters stays well inside Insights' 10,000-character query limit. */
export const IDS_PER_QUERY = 100;

const number = (line: string, label: string): number | undefined => {
  const m = new RegExp(`${label}: ([\\d.]+) (?:ms|MB)`).exec(line);
  return m ? Number(m[1]) : undefined;
};

/** `REPORT RequestId: …\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\tInit Duration: 150.2 ms`. */
export function parseReportLine(message: string, at: number): ReportRow | undefined {
  const id = /^REPORT RequestId: ([^\s]+)/.exec(message)?.[1];
  const durationMs = number(message, '(?<!Init |Billed |Restore )Duration');
  const billedDurationMs = number(message, 'Billed Duration');
  if (!id || durationMs === undefined || billedDurationMs === undefined) return undefined;
  const optional = (key: keyof ReportRow, label: string) => {
    const v = number(message, label);
    return v === undefined ? {} : { [key]: v };
  };
  return {
    requestId: id,
    at,
    durationMs,
    billedDurationMs,
    ...optional('memorySizeMb', 'Memory Size'),
    ...optional('maxMemoryUsedMb', 'Max Memory Used'),
    ...optional('initDurationMs', 'Init Duration'),
    ...optional('restoreDurationMs', 'Restore Duration'),
  };
}

/** The REPORT lines of a window, or of the given request ids only. */
export function reportQuery(ids?: readonly string[]): string {
  const only = ids ? ` and @requestId in [${ids.map((id) => JSON.stringify(id)).join(', ')}]` : '';
  return `filter @type = "REPORT"${only} | fields @timestamp, @requestId, @message | limit ${INSIGHTS_MAX_ROWS}`;
}

export interface QueryTiming {
  /** A query still running after this long is stopped: a TargetError. */
  queryTimeoutMs: number;
  /** First poll interval; it doubles up to 1 s. */
  pollMs: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Logs Insights prints @timestamp as `2026-01-31 12:00:00.000` (UTC). */
const stampOf = (text: string | undefined) => (text ? Date.parse(`${text.replace(' ', 'T')}Z`) : NaN);

/** Runs one query over [fromMs, toMs] of a log group and parses its REPORT rows. */
export async function queryReports(client: LogsInsights, logGroup: string, fromMs: number, toMs: number, queryString: string, t: QueryTiming, endpoint?: string): Promise<{ rows: ReportRow[]; truncated: boolean }> {
  const sleep = t.sleep ?? defaultSleep;
  let queryId: string | undefined;
  try {
    queryId = (await client.startQuery({ logGroupNames: [logGroup], startTime: Math.floor(fromMs / 1000), endTime: Math.ceil(toMs / 1000), queryString })).queryId;
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') {
      throw new TargetError(`log group ${logGroup} does not exist: the function has not logged yet, or BENCH_LOG_GROUPS names the wrong group (${(err as Error).message}).`);
    }
    throw explainAwsError(err, `starting a Logs Insights query on ${logGroup}`, endpoint);
  }
  if (!queryId) throw new TargetError(`Logs Insights returned no query id for ${logGroup}`);
  const deadline = Date.now() + t.queryTimeoutMs;
  let pause = t.pollMs;
  for (;;) {
    let r: Awaited<ReturnType<LogsInsights['getQueryResults']>>;
    try {
      r = await client.getQueryResults({ queryId });
    } catch (err) {
      throw explainAwsError(err, `reading Logs Insights results on ${logGroup}`, endpoint);
    }
    if (r.status === 'Complete') {
      const rows = (r.results ?? []).flatMap((row) => {
        const get = (f: string) => row.find((c) => c.field === f)?.value;
        const parsed = parseReportLine(get('@message') ?? '', stampOf(get('@timestamp')));
        return parsed ? [parsed] : [];
      });
      return { rows, truncated: (r.results ?? []).length >= INSIGHTS_MAX_ROWS };
    }
    if (r.status === 'Failed' || r.status === 'Cancelled' || r.status === 'Timeout' || r.status === 'Unknown') {
      throw new TargetError(`the Logs Insights query on ${logGroup} ended ${r.status}: server-side figures for it are missing; run again later (CloudWatch may be throttling queries).`);
    }
    if (Date.now() >= deadline) {
      await client.stopQuery?.({ queryId }).catch(() => undefined);
      throw new TargetError(
        `the Logs Insights query on ${logGroup} did not complete within ${t.queryTimeoutMs / 1000} s (status ${r.status ?? 'unknown'}): server-side figures for it are missing; raise BENCH_LOGS_QUERY_TIMEOUT_S or run again later.`,
      );
    }
    await sleep(pause);
    pause = Math.min(1000, pause * 2);
  }
}

export interface FindOptions extends QueryTiming {
  /** How long to keep asking for REPORT lines not found yet (CloudWatch delivers logs with a delay). */
  waitMs: number;
  /** Pause between rounds of asking. */
  retryMs: number;
}

export interface FoundReports {
  found: Map<string, ReportRow>;
  /** Ids with no REPORT line by the end of the wait: reported, never dropped silently. */
  missing: string[];
  queries: number;
}

/**
 * The REPORT line of every id: first one query over the whole window, then, for ids still
 * missing (late delivery, or a window over Insights' row limit), queries by id, until all
 * are found or `waitMs` has passed.
 */
export async function findReports(client: LogsInsights, logGroup: string, fromMs: number, toMs: number, ids: readonly string[], o: FindOptions, endpoint?: string): Promise<FoundReports> {
  const sleep = o.sleep ?? defaultSleep;
  const found = new Map<string, ReportRow>();
  const pending = new Set(ids);
  const deadline = Date.now() + o.waitMs;
  let queries = 0;
  let byId = false;
  while (pending.size) {
    const end = Math.max(toMs, Date.now());
    const batches = byId ? chunk([...pending], IDS_PER_QUERY) : [undefined];
    for (const batch of batches) {
      const { rows, truncated } = await queryReports(client, logGroup, fromMs, end, reportQuery(batch), o, endpoint);
      queries++;
      for (const row of rows) {
        if (pending.delete(row.requestId)) found.set(row.requestId, row);
      }
      if (truncated && !batch) byId = true;
    }
    if (!pending.size || Date.now() >= deadline) break;
    // Few left: ask for them by id (a window query would scan and return everything again).
    byId = byId || pending.size <= IDS_PER_QUERY * 3;
    await sleep(o.retryMs);
  }
  return { found, missing: [...pending], queries };
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
