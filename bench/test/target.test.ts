import { logGroupFor, REPORT_QUERY, serverFiguresFromInsights, splitRows, type LogsInsights } from '../src/target';

/** A stubbed Logs Insights: "Running" once, then two REPORT rows. */
function stub(): LogsInsights & { queries: { logGroupNames: string[]; queryString: string; startTime: number; endTime: number }[] } {
  let polls = 0;
  const queries: { logGroupNames: string[]; queryString: string; startTime: number; endTime: number }[] = [];
  return {
    queries,
    startQuery: async (input) => {
      queries.push(input);
      return { queryId: 'q-1' };
    },
    getQueryResults: async () => {
      polls++;
      if (polls === 1) return { status: 'Running' };
      return {
        status: 'Complete',
        results: [
          [{ field: '@timestamp', value: '2023-11-14 22:13:20.300' }, { field: '@duration', value: '12.5' }, { field: '@billedDuration', value: '223' }, { field: 'maxMemoryUsedMb', value: '80.2' }, { field: '@initDuration', value: '210.4' }],
          [{ field: '@timestamp', value: '2023-11-14 22:13:21.000' }, { field: '@duration', value: '3.1' }, { field: '@billedDuration', value: '4' }, { field: 'maxMemoryUsedMb', value: '81' }],
        ],
      };
    },
  };
}

describe('--target: server-side figures from CloudWatch Logs Insights (stubbed client)', () => {
  test('the REPORT query runs over the phase window and its rows become figures', async () => {
    // Prepare
    const client = stub();
    // Act
    const figures = await serverFiguresFromInsights(client, '/aws/lambda/go', 1_700_000_000_000, 1_700_000_060_500, 1);
    // Assess
    expect(client.queries[0]).toEqual({ logGroupNames: ['/aws/lambda/go'], startTime: 1_700_000_000, endTime: 1_700_000_061, queryString: REPORT_QUERY });
    expect(figures.rows).toEqual([
      { at: 1_700_000_000_300, durationMs: 12.5, billedDurationMs: 223, maxMemoryUsedMb: 80, initDurationMs: 210.4 },
      { at: 1_700_000_001_000, durationMs: 3.1, billedDurationMs: 4, maxMemoryUsedMb: 81 },
    ]);
  });

  test('REPORT rows are split as on the local platform: warm ones in the window, cold billed apart, steady counts', () => {
    // Prepare: a cold invocation arriving before the window, warm ones inside, one cold one inside.
    const rows = [
      { at: 1300, durationMs: 10, billedDurationMs: 260, initDurationMs: 250 },
      { at: 2010, durationMs: 5, billedDurationMs: 5 },
      { at: 2610, durationMs: 6, billedDurationMs: 6 },
      { at: 2900, durationMs: 7, billedDurationMs: 307, initDurationMs: 300 },
    ];
    // Act
    const split = splitRows(rows, 2000, 3000);
    // Assess
    expect(split.serverDurationMs).toEqual([5, 6]);
    expect(split.billedDurationMs).toEqual([5, 6]);
    expect(split.coldBilledDurationMs).toEqual([260, 307]);
    expect(split.steady).toEqual({ invocations: 3, coldStarts: 1, firstHalfInvocations: 1, firstHalfColdStarts: 0 });
  });

  test('a failed query is an error, not empty figures', async () => {
    // Prepare
    const client: LogsInsights = { startQuery: async () => ({ queryId: 'q' }), getQueryResults: async () => ({ status: 'Failed' }) };
    // Act / Assess
    await expect(serverFiguresFromInsights(client, 'g', 0, 1, 1)).rejects.toThrow(/Failed/);
  });

  test('log groups default to /aws/lambda/<runtime> and can be mapped', () => {
    expect(logGroupFor('go', {})).toBe('/aws/lambda/multi-runtime-benchmark-dev-go');
    expect(logGroupFor('go', { BENCH_ENVIRONMENT: 'prod' })).toBe('/aws/lambda/multi-runtime-benchmark-prod-go');
    expect(logGroupFor('go', { BENCH_LOG_GROUPS: '{"go":"/aws/lambda/mrb-dev-go"}' })).toBe('/aws/lambda/mrb-dev-go');
  });
});
