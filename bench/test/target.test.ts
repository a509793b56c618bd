import { itemsTable } from '../../core/src/table-definition';
import { expiryEpochSeconds, itemTtlHours, stampExpiry, type ExpiryWriter } from '../src/item-expiry';
import { lastAnswersOk } from '../src/open-model';
import { stageAuthMode, stageSigner, steadyAnswersFor, targetTimings } from '../src/target';

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

  test('a custom domain takes its region from AWS_REGION, or says it needs one', async () => {
    expect((await stageSigner('https://api.example.com/dev', { AWS_REGION: 'eu-central-1' }, creds))!.region).toBe('eu-central-1');
    await expect(stageSigner('https://api.example.com/dev', {}, creds)).rejects.toThrow(/region is unknown; set AWS_REGION/);
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

describe('--target: how long it waits for AWS', () => {
  test('defaults, overrides in seconds, and nonsense refused', () => {
    expect(targetTimings({})).toEqual({ updateTimeoutMs: 120_000, logsWaitMs: 120_000, queryTimeoutMs: 60_000 });
    expect(targetTimings({ BENCH_UPDATE_TIMEOUT_S: '5', BENCH_LOGS_WAIT_S: '0.5', BENCH_LOGS_QUERY_TIMEOUT_S: '30' })).toEqual({ updateTimeoutMs: 5000, logsWaitMs: 500, queryTimeoutMs: 30_000 });
    expect(() => targetTimings({ BENCH_LOGS_WAIT_S: 'soon' })).toThrow(/BENCH_LOGS_WAIT_S must be a positive number of seconds/);
  });
});

describe('--target: the warm-up of a warm phase lasts until the answers are steady', () => {
  test('ready once the last n answers all succeeded, not before, and not after a failure among them', () => {
    // Prepare
    const s = lastAnswersOk(3);
    // Act / Assess
    s.record(false);
    s.record(true);
    s.record(true);
    expect(s.ready()).toBe(false);
    s.record(true);
    expect(s.ready()).toBe(true);
    s.record(false);
    expect(s.ready()).toBe(false);
  });

  test('n is one second of answers at the phase\'s rate, at least 5', () => {
    expect([steadyAnswersFor(1), steadyAnswersFor(10), steadyAnswersFor(40.4)]).toEqual([5, 10, 40]);
  });
});
