/**
 * The observability contract (observability.ts): one JSON "cold start" line with the Lambda
 * context's fields and one ColdStart EMF line at an instance's first invocation, nothing after.
 */
import type { Context } from 'aws-lambda';
import { InstanceInfo } from '../src/instance';
import { createObservability, METRICS_NAMESPACE, SERVICE } from '../src/observability';

const context = {
  functionName: 'typescript',
  functionVersion: '$LATEST',
  memoryLimitInMB: '512',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:typescript',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
} as Context;

const TRACE_HEADER = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1';

describe('the observability contract', () => {
  let written: string[];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    written = [];
    process.env._X_AMZN_TRACE_ID = TRACE_HEADER;
    // Powertools counts a cold start only in an on-demand environment, as Lambda (and the platform) sets it.
    process.env.AWS_LAMBDA_INITIALIZATION_TYPE = 'on-demand';
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    spy.mockRestore();
    delete process.env._X_AMZN_TRACE_ID;
    delete process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  });

  function twoInvocations(): Record<string, unknown>[] {
    const observability = createObservability();
    const instance = new InstanceInfo();
    instance.initialised();
    for (let i = 0; i < 2; i++) {
      instance.invoked();
      observability.invocationStarted(context, instance);
    }
    return written.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  it('logs one "cold start" line with the Lambda context, the trace id and the init figures', () => {
    // Prepare / Act
    const lines = twoInvocations().filter((l) => !('_aws' in l));
    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'cold start',
      service: SERVICE,
      cold_start: true,
      function_name: 'typescript',
      function_memory_size: expect.anything(),
      function_arn: context.invokedFunctionArn,
      function_request_id: context.awsRequestId,
      xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      initDurationMs: expect.any(Number),
      instanceId: expect.any(String),
    });
    expect(lines[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('prints one ColdStart EMF metric with the function_name and service dimensions', () => {
    // Prepare / Act
    const emf = twoInvocations().filter((l) => '_aws' in l);
    // Assess
    expect(emf).toHaveLength(1);
    expect(emf[0]).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [expect.arrayContaining(['service', 'function_name'])], Metrics: [{ Name: 'ColdStart', Unit: 'Count' }] }] },
      service: SERVICE,
      function_name: 'typescript',
      ColdStart: 1,
    });
  });
});
