import * as fs from 'node:fs';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { discoverRuntimes } from '../../core/src/runtimes';
import { ITEM_TABLE_ACTIONS, INIT_DURATION_PATTERN, MAX_MEMORY_PATTERN, reservedConcurrencyOf, RuntimeFunction, type RuntimeFunctionProps } from '../lib/constructs/runtime-function';
import { fixtureRuntime, fixtureRuntimes, MISSING_LAMBDAS, stackWithTable } from './helpers';

function build(runtimeName: string, extra: Partial<RuntimeFunctionProps> = {}) {
  const { app, stack, table } = stackWithTable();
  const fn = new RuntimeFunction(stack, 'Fn', {
    runtime: fixtureRuntime(runtimeName),
    table,
    functionName: `bench-test-${runtimeName}`,
    logRetention: RetentionDays.ONE_WEEK,
    ...extra,
  });
  return { app, stack, table, fn, template: Template.fromStack(stack) };
}

describe('RuntimeFunction: the function is what the manifest says', () => {
  test.each(fixtureRuntimes().map((r) => [r.name, r] as const))('%s: runtime, handler, architecture, memory, timeout, environment', (name, runtime) => {
    // Act
    const { template } = build(name);
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `bench-test-${name}`,
      Runtime: runtime.aws.runtime,
      Handler: runtime.aws.handler,
      Architectures: [runtime.aws.architecture],
      MemorySize: runtime.aws.memoryMb,
      Timeout: runtime.aws.timeoutSeconds,
      ReservedConcurrentExecutions: reservedConcurrencyOf(runtime) ?? Match.absent(),
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: { ...(runtime.aws.environment ?? {}), TABLE_NAME: { Ref: Match.stringLikeRegexp('^Items') } } },
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^FnLogs') } },
    });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { LogGroupName: `/aws/lambda/bench-test-${name}`, RetentionInDays: 7 }, DeletionPolicy: 'Delete' });
  });

  test('reserved concurrency: the manifest value (alpha: 10), none when the manifest has none (beta) or the deployment opts out', () => {
    // Act / Assess
    expect(reservedConcurrencyOf(fixtureRuntime('alpha'))).toBe(10);
    expect(reservedConcurrencyOf(fixtureRuntime('beta'))).toBeUndefined();
    build('alpha').template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 10 });
    build('beta').template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: Match.absent() });
    build('alpha', { applyReservedConcurrency: false }).template.hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: Match.absent() });
  });

  test('deploys the very bytes of the manifest artifact', () => {
    // Prepare
    const runtime = fixtureRuntime('beta');
    const { app, template } = build('beta');
    // Act
    const assembly = app.synth();
    const s3Key = template.findResources('AWS::Lambda::Function');
    const key = (Object.values(s3Key)[0] as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key;
    const staged = path.join(assembly.directory, `asset.${key}`);
    // Assess
    expect(key).toMatch(/^[0-9a-f]{64}\.zip$/);
    expect(fs.readFileSync(staged)).toEqual(fs.readFileSync(runtime.artifactPath));
  });

  test('IAM: the table for exactly the five storage-layout calls, its own log group, X-Ray; nothing else', () => {
    // Prepare
    const statements = new Capture();
    const { template } = build('alpha');
    // Act
    template.hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: statements } });
    const byAction = new Map<string, { Resource?: unknown }>();
    for (const s of statements.asArray()) for (const a of [s.Action].flat()) byAction.set(a, s);
    // Assess
    expect([...byAction.keys()].sort()).toEqual(
      [...ITEM_TABLE_ACTIONS, 'logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort(),
    );
    for (const action of ITEM_TABLE_ACTIONS) {
      // The table's ARN only: no index, no other table, no wildcard.
      expect([byAction.get(action)?.Resource].flat()).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^Items/), 'Arn'] }]);
    }
    expect(byAction.get('logs:PutLogEvents')?.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^FnLogs/), 'Arn'] });
    expect(byAction.get('xray:PutTraceSegments')?.Resource).toBe('*');
    for (const s of statements.asArray()) expect(s.Effect).toBe('Allow');
    // No managed policies (AWSLambdaBasicExecutionRole would allow every log group).
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    template.resourceCountIs('AWS::IAM::Policy', 1);
  });

  test('turns REPORT lines into memory-used and init-duration metrics', () => {
    const { template, fn } = build('alpha');
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: MAX_MEMORY_PATTERN,
      MetricTransformations: [{ MetricNamespace: 'MultiRuntimeBenchmark', MetricName: 'MaxMemoryUsedMB/bench-test-alpha', MetricValue: '$maxMemoryUsed', Unit: 'Megabytes' }],
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: INIT_DURATION_PATTERN,
      MetricTransformations: [{ MetricNamespace: 'MultiRuntimeBenchmark', MetricName: 'InitDurationMs/bench-test-alpha', MetricValue: '$initDuration', Unit: 'Milliseconds' }],
    });
    expect(fn.metricMaxMemoryUsed().metricName).toBe('MaxMemoryUsedMB/bench-test-alpha');
    expect(fn.metricInitDuration().metricName).toBe('InitDurationMs/bench-test-alpha');
    expect(fn.memoryMb).toBe(512);
    expect(fn.name).toBe('alpha');
  });

  test('the REPORT patterns name the fields Lambda writes, in order', () => {
    // Assess: the memory value is the 18th white-space-separated field of a REPORT line.
    const line = 'REPORT RequestId: 3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f Duration: 12.34 ms Billed Duration: 13 ms Memory Size: 512 MB Max Memory Used: 71 MB Init Duration: 250.12 ms';
    const fields = line.split(/\s+/);
    const names = MAX_MEMORY_PATTERN.slice(1, -1).split(', ');
    names.forEach((field, i) => {
      const literal = /="(.*)"$/.exec(field)?.[1];
      if (literal) expect(fields[i]).toBe(literal);
    });
    expect(fields[names.indexOf('maxMemoryUsed')]).toBe('71');
    const initNames = INIT_DURATION_PATTERN.slice(1, -1).split(', ');
    expect(fields[initNames.indexOf('initDuration')]).toBe('250.12');
  });

  test('SnapStart off: the API invokes the live alias, which follows $LATEST (no version published)', () => {
    const { fn, template, stack } = build('beta');
    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', FunctionVersion: '$LATEST' });
    template.resourceCountIs('AWS::Lambda::Version', 0);
    template.hasResourceProperties('AWS::Lambda::Function', { SnapStart: Match.absent() });
    expect(stack.resolve(fn.invokeTarget.functionArn)).toEqual({ Ref: expect.stringMatching(/^FnLive/) });
  });

  test('SnapStart (Java): published versions, the live alias on the newest one, under the same ARN', () => {
    // Act
    const { fn, template, stack } = build('beta', { snapStart: true });
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', { SnapStart: { ApplyOn: 'PublishedVersions' } });
    template.hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', FunctionVersion: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FnFunctionCurrentVersion'), 'Version'] } });
    expect(stack.resolve(fn.invokeTarget.functionArn)).toEqual({ Ref: expect.stringMatching(/^FnLive/) });
  });

  test('SnapStart on a non-Java runtime is refused', () => {
    expect(() => build('alpha', { snapStart: true })).toThrow(/SnapStart needs a Java runtime, not nodejs22.x/);
  });

  test('tracing can be turned off, and the role then has no X-Ray permission', () => {
    const { template } = build('alpha', { tracing: false });
    template.hasResourceProperties('AWS::Lambda::Function', { TracingConfig: Match.absent() });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('xray:');
  });
});

describe('RuntimeFunction: missing artifacts', () => {
  const [gamma] = discoverRuntimes(MISSING_LAMBDAS);
  const props = (allowMissingArtifact: boolean) => {
    const { stack, table } = stackWithTable();
    return { stack, props: { runtime: gamma!, table, functionName: 'bench-test-gamma', logRetention: RetentionDays.ONE_DAY, allowMissingArtifact } };
  };

  test('without the flag: fails, naming the artifact and the build command', () => {
    const { stack, props: p } = props(false);
    expect(() => new RuntimeFunction(stack, 'Fn', p)).toThrow(
      /runtime "gamma": artifact .*test\/fixtures\/missing\/gamma\/artifact\/gamma\.zip does not exist\. Build it first \(`npm run build`.*`go build` in lambdas\/gamma\)/,
    );
  });

  test('with allowMissingArtifacts: a labelled placeholder and a warning, never silent', () => {
    // Prepare
    const { stack, props: p } = props(true);
    // Act
    const fn = new RuntimeFunction(stack, 'Fn', p);
    // Assess
    expect(fn.placeholderArtifact).toBe(true);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { Description: Match.stringLikeRegexp('^PLACEHOLDER artifact') });
    Annotations.fromStack(stack).hasWarning('/TestStack/Fn', Match.stringLikeRegexp('gamma: artifact missing, a placeholder was packed'));
  });

  test('an unknown runtime id still deploys, as a runtime of its family', () => {
    // Prepare
    const { stack, table } = stackWithTable();
    // CloudFormation's own schema does not know these ids yet; that is the point of the test.
    Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::W3030', reason: 'runtime ids from the future, on purpose' });
    const runtime = { ...fixtureRuntime('alpha'), name: 'future', aws: { ...fixtureRuntime('alpha').aws, runtime: 'nodejs99.x' } };
    const others = ['python9.9', 'java99', 'provided.al2099'].map((id) => ({ ...runtime, aws: { ...runtime.aws, runtime: id } }));
    // Act
    new RuntimeFunction(stack, 'Fn', { runtime, table, functionName: 'future', logRetention: RetentionDays.ONE_DAY });
    others.forEach((r, i) => new RuntimeFunction(stack, `Other${i}`, { runtime: r, table, functionName: `other-${i}`, logRetention: RetentionDays.ONE_DAY }));
    // Assess
    const template = Template.fromStack(stack);
    for (const id of ['nodejs99.x', 'python9.9', 'java99', 'provided.al2099']) template.hasResourceProperties('AWS::Lambda::Function', { Runtime: id });
  });
});
