import { itemsTable } from '../../infra/lib/table-definition';
import { expiryEpochSeconds, itemTtlHours, stampExpiry, type ExpiryWriter } from '../src/item-expiry';
import { logGroupFor, REPORT_QUERY, serverFiguresFromInsights, splitRows, stageAuthMode, stageSigner, type LogsInsights } from '../src/target';

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

describe('--target: authentication (the stage\'s IAM authorization)', () => {
  const creds = async () => ({ accessKeyId: 'AKID', secretAccessKey: 'secret' });
  const stage = 'https://abc123.execute-api.eu-west-1.amazonaws.com/dev';

  test('BENCH_AUTH: iam by default, none on request, anything else refused', () => {
    expect(stageAuthMode({})).toBe('iam');
    expect(stageAuthMode({ BENCH_AUTH: 'none' })).toBe('none');
    expect(() => stageAuthMode({ BENCH_AUTH: 'apikey' })).toThrow(/BENCH_AUTH must be iam or none/);
  });

  test('iam: a signer for the stage region, credentials resolved up front', async () => {
    // Act
    const signer = await stageSigner(stage, {}, creds);
    // Assess
    expect(signer!.region).toBe('eu-west-1');
    expect(signer!.sign({ method: 'GET', url: new URL(`${stage}/go/health`) }).authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-1\/execute-api\/aws4_request, /);
  });

  test('none: no signer', async () => {
    expect(await stageSigner(stage, { BENCH_AUTH: 'none' }, creds)).toBeUndefined();
  });

  test('no credentials: a message that says what to configure, or how to opt out', async () => {
    const missing = async () => {
      throw new Error('Could not load credentials from any providers');
    };
    await expect(stageSigner(stage, {}, missing)).rejects.toThrow(/requires SigV4-signed requests.*Could not load credentials.*BenchRunnerPolicyArn.*BENCH_AUTH=none/);
  });
});

describe('--target: item expiry (the table\'s TTL attribute, written out of band)', () => {
  function writer(failFor: Record<string, string> = {}) {
    const calls: Parameters<ExpiryWriter['updateItem']>[0][] = [];
    const w: ExpiryWriter = {
      updateItem: async (input) => {
        calls.push(input);
        const name = failFor[input.Key.id!.S];
        if (name) throw Object.assign(new Error(`${name} happened`), { name });
      },
    };
    return { w, calls };
  }

  test('sets expiresAt (N, epoch seconds) on each id once, only where the item still exists', async () => {
    // Prepare
    const { w, calls } = writer();
    // Act
    const r = await stampExpiry(w, 'items-table', ['a', 'b', 'a'], 1_800_000_000);
    // Assess
    expect(r).toEqual({ stamped: 2, gone: 0, failed: [] });
    expect(calls[0]).toEqual({
      TableName: 'items-table',
      Key: { id: { S: 'a' } },
      UpdateExpression: 'SET #ttl = :expiresAt',
      ConditionExpression: 'attribute_exists(#key)',
      ExpressionAttributeNames: { '#ttl': itemsTable.timeToLiveAttribute, '#key': 'id' },
      ExpressionAttributeValues: { ':expiresAt': { N: '1800000000' } },
    });
    expect(itemsTable.timeToLiveAttribute).toBe('expiresAt');
  });

  test('an item deleted meanwhile is skipped, any other failure reported', async () => {
    const { w } = writer({ gone: 'ConditionalCheckFailedException', denied: 'AccessDeniedException' });
    const r = await stampExpiry(w, 't', ['ok', 'gone', 'denied'], 1);
    expect(r.stamped).toBe(1);
    expect(r.gone).toBe(1);
    expect(r.failed).toEqual(['denied: AccessDeniedException happened']);
  });

  test('BENCH_ITEM_TTL_HOURS: 24 by default, a positive number of hours otherwise', () => {
    expect(itemTtlHours({})).toBe(24);
    expect(itemTtlHours({ BENCH_ITEM_TTL_HOURS: '1.5' })).toBe(1.5);
    expect(() => itemTtlHours({ BENCH_ITEM_TTL_HOURS: '0' })).toThrow(/positive number of hours/);
    expect(() => itemTtlHours({ BENCH_ITEM_TTL_HOURS: 'soon' })).toThrow(/positive number of hours/);
    expect(expiryEpochSeconds(1_700_000_000_999, 1)).toBe(1_700_003_600);
  });
});
