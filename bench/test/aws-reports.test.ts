/**
 * REPORT lines from Logs Insights (stubbed client): parsing, one query's life (running,
 * complete, failed, timed out), and finding every request id's line with retries and the
 * count of those never found.
 */
import type { LogsInsights } from '../src/aws/clients';
import { TargetError } from '../src/aws/errors';
import { findReports, IDS_PER_QUERY, parseReportLine, queryReports, reportQuery } from '../src/aws/reports';

const noSleep = async () => undefined;
const timing = { queryTimeoutMs: 1000, pollMs: 1, sleep: noSleep };
const line = (id: string, extra = '') => `REPORT RequestId: ${id}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 81 MB\t${extra}`;
const row = (id: string, extra = '', at = '2026-01-31 12:00:00.250') => [
  { field: '@timestamp', value: at },
  { field: '@requestId', value: id },
  { field: '@message', value: line(id, extra) },
];

/** Answers each query with the rows of the ids it names (all known rows for a window query), after one Running poll. */
function logs(known: Record<string, string>, opts: { deliverAfterQueries?: Record<string, number> } = {}) {
  const queries: { queryString: string; startTime: number; endTime: number }[] = [];
  const pending = new Map<string, { rows: ReturnType<typeof row>[]; polls: number }>();
  const client: LogsInsights = {
    startQuery: async (input) => {
      queries.push(input);
      const named = /in \[(.*)\]/.exec(input.queryString)?.[1];
      const ids = named ? (JSON.parse(`[${named}]`) as string[]) : Object.keys(known);
      const visible = ids.filter((id) => id in known && queries.length > (opts.deliverAfterQueries?.[id] ?? 0));
      const id = `q${queries.length}`;
      pending.set(id, { rows: visible.map((x) => row(x, known[x])), polls: 0 });
      return { queryId: id };
    },
    getQueryResults: async ({ queryId }) => {
      const q = pending.get(queryId)!;
      return q.polls++ === 0 ? { status: 'Running' } : { status: 'Complete', results: q.rows };
    },
  };
  return { client, queries };
}

describe('a REPORT line', () => {
  test.each([
    ['warm', line('a'), { requestId: 'a', durationMs: 12.34, billedDurationMs: 13, memorySizeMb: 512, maxMemoryUsedMb: 81 }],
    ['cold', line('b', 'Init Duration: 150.25 ms\t'), { requestId: 'b', durationMs: 12.34, initDurationMs: 150.25 }],
    ['a SnapStart restore', line('c', 'Restore Duration: 310.5 ms\tBilled Restore Duration: 100 ms\t'), { requestId: 'c', durationMs: 12.34, restoreDurationMs: 310.5 }],
    ['with X-Ray fields', `${line('d')}\nXRAY TraceId: 1-abc\tSegmentId: 1\tSampled: true`, { requestId: 'd', durationMs: 12.34 }],
  ])('%s is parsed in the units Lambda prints', (_what, message, expected) => {
    expect(parseReportLine(message, 1)).toMatchObject({ at: 1, ...expected });
  });

  test('a line that is not a REPORT line is no row', () => {
    expect(parseReportLine('START RequestId: a Version: $LATEST', 1)).toBeUndefined();
  });

  test('the query: every REPORT line of the window, or of named ids only', () => {
    expect(reportQuery()).toBe('filter @type = "REPORT" | fields @timestamp, @requestId, @message | limit 10000');
    expect(reportQuery(['a', 'b'])).toBe('filter @type = "REPORT" and @requestId in ["a", "b"] | fields @timestamp, @requestId, @message | limit 10000');
  });
});

describe('one Logs Insights query', () => {
  test('polls until Complete and parses the rows, timestamps as UTC', async () => {
    // Prepare
    const { client, queries } = logs({ a: '' });
    // Act
    const r = await queryReports(client, '/aws/lambda/f', 1_700_000_000_400, 1_700_000_060_100, reportQuery(), timing);
    // Assess
    expect(queries[0]).toMatchObject({ startTime: 1_700_000_000, endTime: 1_700_000_061 });
    expect(r).toEqual({ rows: [expect.objectContaining({ requestId: 'a', at: Date.parse('2026-01-31T12:00:00.250Z') })], truncated: false });
  });

  test.each(['Failed', 'Cancelled', 'Timeout'])('a query that ends %s is a TargetError saying what is missing', async (status) => {
    const client: LogsInsights = { startQuery: async () => ({ queryId: 'q' }), getQueryResults: async () => ({ status }) };
    await expect(queryReports(client, 'g', 0, 1, reportQuery(), timing)).rejects.toThrow(new RegExp(`query on g ended ${status}: server-side figures for it are missing`));
  });

  test('a query still running at the deadline is stopped and reported as timed out', async () => {
    // Prepare
    const stopped: string[] = [];
    const client: LogsInsights = {
      startQuery: async () => ({ queryId: 'slow' }),
      getQueryResults: async () => ({ status: 'Running' }),
      stopQuery: async ({ queryId }) => stopped.push(queryId),
    };
    // Act / Assess
    await expect(queryReports(client, 'g', 0, 1, reportQuery(), { ...timing, queryTimeoutMs: 0 })).rejects.toThrow(/did not complete within 0 s.*BENCH_LOGS_QUERY_TIMEOUT_S/);
    expect(stopped).toEqual(['slow']);
  });

  test('a log group that does not exist names BENCH_LOG_GROUPS', async () => {
    const client: LogsInsights = {
      startQuery: async () => {
        throw Object.assign(new Error('Log group does not exist'), { name: 'ResourceNotFoundException' });
      },
      getQueryResults: async () => ({}),
    };
    await expect(queryReports(client, '/aws/lambda/nope', 0, 1, reportQuery(), timing)).rejects.toThrow(/log group \/aws\/lambda\/nope does not exist.*BENCH_LOG_GROUPS/);
  });
});

describe('finding the REPORT line of every request id', () => {
  const find = { waitMs: 10_000, retryMs: 0, ...timing };

  test('one window query when every line is there', async () => {
    const { client, queries } = logs({ a: '', b: 'Init Duration: 100 ms\t' });
    const r = await findReports(client, 'g', 0, 1000, ['a', 'b'], find);
    expect([...r.found.keys()].sort()).toEqual(['a', 'b']);
    expect(r.missing).toEqual([]);
    expect(queries).toHaveLength(1);
  });

  test('lines delivered late are asked for again, by id', async () => {
    // Prepare: b appears only from the second query on
    const { client, queries } = logs({ a: '', b: '' }, { deliverAfterQueries: { b: 1 } });
    // Act
    const r = await findReports(client, 'g', 0, 1000, ['a', 'b'], find);
    // Assess
    expect(r.missing).toEqual([]);
    expect(queries[1]!.queryString).toContain('@requestId in ["b"]');
  });

  test('ids never found are returned as missing once the wait is over, not dropped', async () => {
    const { client } = logs({ a: '' });
    const r = await findReports(client, 'g', 0, 1000, ['a', 'ghost'], { ...find, waitMs: 0 });
    expect(r.found.has('a')).toBe(true);
    expect(r.missing).toEqual(['ghost']);
  });

  test('missing ids are asked for in batches small enough for one query each', async () => {
    // Prepare: none visible to the first (window) query
    const ids = Array.from({ length: IDS_PER_QUERY + 1 }, (_, i) => `id-${i}`);
    const { client, queries } = logs(Object.fromEntries(ids.map((id) => [id, ''])), { deliverAfterQueries: Object.fromEntries(ids.map((id) => [id, 1])) });
    // Act
    const r = await findReports(client, 'g', 0, 1000, ids, find);
    // Assess
    expect(r.missing).toEqual([]);
    expect(queries.slice(1).map((q) => (q.queryString.match(/"id-/g) ?? []).length)).toEqual([IDS_PER_QUERY, 1]);
  });

  test('a failing query stops the search with a TargetError', async () => {
    const client: LogsInsights = { startQuery: async () => ({ queryId: 'q' }), getQueryResults: async () => ({ status: 'Failed' }) };
    await expect(findReports(client, 'g', 0, 1, ['a'], find)).rejects.toBeInstanceOf(TargetError);
  });
});
