import { logGroupFor, REPORT_QUERY, serverFiguresFromInsights, type LogsInsights } from '../src/target';

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
          [{ field: '@duration', value: '12.5' }, { field: '@billedDuration', value: '13' }, { field: 'maxMemoryUsedMb', value: '80.2' }, { field: '@initDuration', value: '210.4' }],
          [{ field: '@duration', value: '3.1' }, { field: '@billedDuration', value: '4' }, { field: 'maxMemoryUsedMb', value: '81' }],
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
    expect(figures).toEqual({ durationMs: [12.5, 3.1], billedDurationMs: [13, 4], maxMemoryUsedMb: [80, 81], initDurationMs: [210.4] });
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
