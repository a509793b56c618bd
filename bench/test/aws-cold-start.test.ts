/**
 * Forcing cold starts on a deployed function and reading its configuration, against a stubbed
 * Lambda: the environment is merged, never replaced; an update that fails or never completes,
 * a function that does not exist, credentials missing, expired or not allowed, and a target
 * that is not the stage each stop the run with a message naming the fix.
 */
import type { FunctionConfiguration, LambdaConfigApi } from '../src/aws/clients';
import { COLD_START_VARIABLE, coldRequestOnTarget, updateEnvironment, waitUntilUpdated, type TimedSend } from '../src/aws/cold-start';
import { explainAwsError, TargetError } from '../src/aws/errors';
import { functionNameOf, readDeployedFunction } from '../src/aws/functions';
import { checkStage, explainStageAnswer } from '../src/aws/preflight';
import type { HttpResult } from '../src/http';
import { COLD_REQUESTS } from '../src/phases';
import type { Runtime } from '../../core/src/runtimes';

const wait = { timeoutMs: 1000, pollMs: 1, sleep: async () => undefined };
const runtime = { name: 'go', artifactPath: '/nonexistent/go.zip', aws: { memoryMb: 512 } } as unknown as Runtime;

/** A function whose updates go InProgress for `inProgressPolls` polls, then end as `ends`. */
function lambdaStub(opts: { inProgressPolls?: number; ends?: 'Successful' | 'Failed'; variables?: Record<string, string>; missing?: boolean } = {}) {
  let config: FunctionConfiguration = {
    FunctionName: 'multi-runtime-benchmark-dev-go',
    MemorySize: 1024,
    Architectures: ['arm64'],
    Runtime: 'provided.al2023',
    CodeSha256: 'abc=',
    RevisionId: 'r0',
    LastUpdateStatus: 'Successful',
    Environment: { Variables: opts.variables ?? { TABLE_NAME: 'items-table' } },
    LoggingConfig: { LogFormat: 'Text', LogGroup: '/aws/lambda/multi-runtime-benchmark-dev-go' },
  };
  const updates: Parameters<LambdaConfigApi['updateFunctionConfiguration']>[0][] = [];
  let polls = 0;
  const api: LambdaConfigApi = {
    getFunctionConfiguration: async () => {
      if (opts.missing) throw Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException' });
      if (config.LastUpdateStatus === 'InProgress' && ++polls > (opts.inProgressPolls ?? 1)) {
        config = { ...config, LastUpdateStatus: opts.ends ?? 'Successful', ...(opts.ends === 'Failed' ? { LastUpdateStatusReason: 'KMS key is disabled', LastUpdateStatusReasonCode: 'KMSKeyAccessDenied' } : {}) };
      }
      return config;
    },
    updateFunctionConfiguration: async (input) => {
      updates.push(input);
      polls = 0;
      config = { ...config, Environment: input.Environment, RevisionId: `r${updates.length}`, LastUpdateStatus: 'InProgress' };
      return config;
    },
  };
  return { api, updates };
}

describe('a forced cold start: UpdateFunctionConfiguration, then wait', () => {
  test('merges its variable into the function\'s own environment and waits for Successful', async () => {
    // Prepare
    const { api, updates } = lambdaStub({ variables: { TABLE_NAME: 'items-table', JAVA_TOOL_OPTIONS: '-XX:+TieredCompilation' }, inProgressPolls: 3 });
    // Act
    const after = await updateEnvironment(api, 'f', { [COLD_START_VARIABLE]: 'run-1' }, wait);
    // Assess
    expect(updates).toEqual([{ FunctionName: 'f', RevisionId: 'r0', Environment: { Variables: { TABLE_NAME: 'items-table', JAVA_TOOL_OPTIONS: '-XX:+TieredCompilation', [COLD_START_VARIABLE]: 'run-1' } } }]);
    expect(after.LastUpdateStatus).toBe('Successful');
  });

  test('restoring removes only its own variable', async () => {
    const { api, updates } = lambdaStub({ variables: { TABLE_NAME: 't', [COLD_START_VARIABLE]: 'run-9' } });
    await updateEnvironment(api, 'f', { [COLD_START_VARIABLE]: undefined }, wait);
    expect(updates[0]!.Environment.Variables).toEqual({ TABLE_NAME: 't' });
  });

  test('an update that fails names the reason and where to look', async () => {
    const { api } = lambdaStub({ ends: 'Failed' });
    await expect(updateEnvironment(api, 'f', { X: '1' }, wait)).rejects.toThrow(/configuration update of f failed \(KMSKeyAccessDenied: KMS key is disabled\).*Lambda console/);
  });

  test('an update that never completes times out with the setting to raise', async () => {
    const { api } = lambdaStub({ inProgressPolls: Number.MAX_SAFE_INTEGER });
    await expect(updateEnvironment(api, 'f', { X: '1' }, { ...wait, timeoutMs: 0 })).rejects.toThrow(/did not complete within 0 s \(LastUpdateStatus still InProgress\).*BENCH_UPDATE_TIMEOUT_S/);
  });

  test('someone else changing the function meanwhile is named as such', async () => {
    const { api } = lambdaStub();
    api.updateFunctionConfiguration = async () => {
      throw Object.assign(new Error('The Revision Id provided does not match'), { name: 'PreconditionFailedException' });
    };
    await expect(updateEnvironment(api, 'f', { X: '1' }, wait)).rejects.toThrow(/changed by someone else while the bench updated it/);
  });

  test('an update already in progress (someone else\'s) is waited for first', async () => {
    const { api, updates } = lambdaStub();
    await api.updateFunctionConfiguration({ FunctionName: 'f', Environment: { Variables: { TABLE_NAME: 'items-table' } } });
    await waitUntilUpdated(api, 'f', wait);
    expect(updates).toHaveLength(1);
  });
});

describe('the cold request on a target is the local bench\'s (phases.ts COLD_REQUESTS)', () => {
  /** A timed send that records what it was asked and answers as a runtime would. */
  function sender(answers: Record<string, { status: number; body: string }>) {
    const sent: { url: string; method: string; body?: string }[] = [];
    const send: TimedSend = async (url, method, body) => {
      sent.push({ url, method, ...(body !== undefined ? { body } : {}) });
      const a = answers[method] ?? { status: 500, body: '' };
      return { ...a, sentAt: 0, doneAt: 12.345, clientMs: 12.345, lambdaRequestId: `id-${sent.length}` };
    };
    return { send, sent };
  }

  test('a write on a fresh environment (POST /items, the item body), then a read of what it created on another', async () => {
    // Prepare
    const { api, updates } = lambdaStub();
    const { send, sent } = sender({ POST: { status: 201, body: '{"id":"3f1c"}' }, GET: { status: 200, body: '{"id":"3f1c"}' } });
    const base = { lambda: api, functionName: 'multi-runtime-benchmark-dev-go', baseUrl: 'https://stage/dev/go', round: 2, wait, send };
    // Act
    const write = await coldRequestOnTarget({ ...base, kind: 'write', mark: 'run-1' });
    const read = await coldRequestOnTarget({ ...base, kind: 'read', mark: 'run-2', createdId: write.createdId });
    // Assess
    expect(updates.map((u) => u.Environment.Variables[COLD_START_VARIABLE])).toEqual(['run-1', 'run-2']);
    expect(sent).toEqual([
      { url: 'https://stage/dev/go/items', method: 'POST', body: COLD_REQUESTS.write.body!(2) },
      { url: 'https://stage/dev/go/items/3f1c', method: 'GET' },
    ]);
    expect(write).toMatchObject({ kind: 'write', ok: true, createdId: '3f1c', clientMs: 12.35 });
    expect(read).toMatchObject({ kind: 'read', ok: true, result: { lambdaRequestId: 'id-2' } });
  });

  test('the probe (GET /metrics) reports memory after init; a wrong status is a failed sample with the answer', async () => {
    // Prepare
    const { api } = lambdaStub();
    const ok = sender({ GET: { status: 200, body: JSON.stringify({ memory: { rssBytes: 52_428_800 } }) } });
    const failing = sender({ GET: { status: 502, body: '{"message":"Internal server error"}' } });
    const base = { lambda: api, functionName: 'multi-runtime-benchmark-dev-go', baseUrl: 'https://stage/dev/go', kind: 'probe' as const, round: 0, wait };
    // Act
    const probe = await coldRequestOnTarget({ ...base, mark: 'a', send: ok.send });
    const failed = await coldRequestOnTarget({ ...base, mark: 'b', send: failing.send });
    // Assess
    expect(ok.sent[0]!.url).toBe('https://stage/dev/go/metrics');
    expect(probe).toMatchObject({ ok: true, memoryAfterInitMb: 50 });
    expect(failed).toMatchObject({ ok: false, error: '502 {"message":"Internal server error"}' });
  });
});

describe('the deployed configuration', () => {
  test('memory, architecture, runtime id and log group come from Lambda, not the manifest', async () => {
    const { api } = lambdaStub();
    expect(await readDeployedFunction(api, runtime, {})).toMatchObject({
      runtime: 'go',
      functionName: 'multi-runtime-benchmark-dev-go',
      memoryMb: 1024,
      architecture: 'arm64',
      awsRuntime: 'provided.al2023',
      logGroup: '/aws/lambda/multi-runtime-benchmark-dev-go',
      codeMatchesCheckout: null,
      snapStart: false,
    });
  });

  test('function names follow the CDK app, per BENCH_ENVIRONMENT or BENCH_FUNCTIONS', () => {
    expect(functionNameOf('go', {})).toBe('multi-runtime-benchmark-dev-go');
    expect(functionNameOf('go', { BENCH_ENVIRONMENT: 'prod' })).toBe('multi-runtime-benchmark-prod-go');
    expect(functionNameOf('go', { BENCH_FUNCTIONS: '{"go":"my-go"}' })).toBe('my-go');
    expect(() => functionNameOf('go', { BENCH_FUNCTIONS: '{go}' })).toThrow(/BENCH_FUNCTIONS is not JSON/);
  });

  test('a function that does not exist names the ways to point at the right one', async () => {
    const { api } = lambdaStub({ missing: true });
    await expect(readDeployedFunction(api, runtime, {})).rejects.toThrow(/function multi-runtime-benchmark-dev-go \(runtime go\) does not exist.*deploy the stack.*BENCH_ENVIRONMENT=<env>.*BENCH_FUNCTIONS.*--runtime/);
  });

  test('a function logging JSON is refused with the setting to change', async () => {
    const { api } = lambdaStub();
    const get = api.getFunctionConfiguration;
    api.getFunctionConfiguration = async (i) => ({ ...(await get(i)), LoggingConfig: { LogFormat: 'JSON' } });
    await expect(readDeployedFunction(api, runtime, {})).rejects.toThrow(/logs in JSON format.*set its log format to Text/);
  });
});

describe('AWS errors say what to fix', () => {
  test.each([
    ['missing credentials', { name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' }, /No AWS credentials were found: configure credentials.*BenchRunnerPolicyArn/],
    ['expired credentials', { name: 'ExpiredTokenException', message: 'The security token included in the request is expired' }, /credentials have expired: refresh them/],
    ['rejected credentials', { name: 'UnrecognizedClientException', message: 'The security token included in the request is invalid' }, /AWS does not accept these credentials/],
    ['not allowed', { name: 'AccessDeniedException', message: 'User is not authorized to perform: lambda:UpdateFunctionConfiguration', $metadata: { httpStatusCode: 403 } }, /not allowed to do this: attach the Api stack's BenchRunnerPolicyArn/],
    ['an endpoint that does not answer', { name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED' }, /Nothing answers at --aws-endpoint http:\/\/127.0.0.1:9: start the platform with `npm start -- --aws-endpoint-port/],
    ['the same, wrapped by the SDK', { name: 'Error', message: 'AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:9' }, /Nothing answers at --aws-endpoint http:\/\/127.0.0.1:9: start the platform with `npm start -- --aws-endpoint-port/],
  ])('%s', (_what, err, message) => {
    const e = explainAwsError(Object.assign(new Error(err.message), err), 'reading the configuration of f', 'http://127.0.0.1:9');
    expect(e).toBeInstanceOf(TargetError);
    expect(e.message).toMatch(/^reading the configuration of f: /);
    expect(e.message).toMatch(message);
  });
});

describe('a target that is not the stage', () => {
  const answer = (status: number, body: string, error?: string): HttpResult => ({ status, body, sentAt: 0, doneAt: 1, ...(error ? { error } : {}) });

  test.each([
    [answer(403, '{"message":"Missing Authentication Token"}'), true, /no such route here; is --target the StageUrl output including the stage/],
    [answer(403, '{"message":"Missing Authentication Token"}'), false, /unsigned request was refused \(BENCH_AUTH=none/],
    [answer(403, '{"message":"The security token included in the request is expired"}'), true, /credentials have expired/],
    [answer(403, '{"Message":"User: arn:aws:iam::1:user/x is not authorized to perform: execute-api:Invoke on resource"}'), true, /attach the Api stack's BenchRunnerPolicyArn/],
    [answer(0, '', 'connect ECONNREFUSED'), true, /no answer \(connect ECONNREFUSED\)/],
    [answer(200, '<html>hello</html>'), true, /not as this runtime's GET \/health/],
    [answer(404, 'Not Found'), true, /404 "Not Found": not the runtime's health/],
  ])('%j (signed: %s)', (r, signed, message) => {
    expect(explainStageAnswer(r, signed)).toMatch(message);
  });

  test('every runtime that does not answer its health is listed', async () => {
    const get = async (url: string) => (url.endsWith('/go/health') ? answer(200, '{"status":"ok","runtime":"go"}') : answer(403, '{"message":"Missing Authentication Token"}'));
    await expect(checkStage('https://x.execute-api.eu-west-1.amazonaws.com', ['go', 'python', 'kotlin'], get, true)).rejects.toThrow(
      /does not answer as the stage for 2 of 3 runtime\(s\) \(.*StageUrl output.*\):\n {2}GET .*\/python\/health → 403.*\n {2}GET .*\/kotlin\/health/,
    );
    await expect(checkStage('https://x', ['go'], get, true)).resolves.toBeUndefined();
  });
});
