import { App, Validations } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { loadContract, mountedRoutes } from '../../core/src/routes';
import { discoverRuntimes } from '../../core/src/runtimes';
import { buildBenchmarkApp } from '../lib/app';
import { reservedConcurrencyOf } from '../lib/constructs/runtime-function';
import { itemsTable } from '../../core/src/table-definition';
import { FIXTURE_LAMBDAS, MISSING_LAMBDAS } from './helpers';

/** lambdasDir null: the real lambdas/ folder. */
function build(context: Record<string, unknown> = {}, lambdasDir: string | null = FIXTURE_LAMBDAS) {
  const app = new App({ context: { environment: 'dev', ...context } });
  return { app, built: buildBenchmarkApp(app, { lambdasDir: lambdasDir ?? undefined }) };
}

/** Every acknowledged cdk-nag rule in the app, with its reason and where. */
function acknowledgements(app: App): { id: string; reason: string; path: string }[] {
  return app.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason, path: c.node.path }))),
  );
}

describe('the app, from fixture manifests', () => {
  const { app, built } = build({ alertEmail: 'ops@example.com' });

  test('stacks: data, one per manifest, API, monitoring, all named MultiRuntimeBenchmark-<env>-*', () => {
    expect(app.node.children.map((c) => c.node.id)).toEqual([
      'MultiRuntimeBenchmark-dev-Data',
      'MultiRuntimeBenchmark-dev-RuntimeAlpha',
      'MultiRuntimeBenchmark-dev-RuntimeBeta',
      'MultiRuntimeBenchmark-dev-Api',
      'MultiRuntimeBenchmark-dev-Monitoring',
    ]);
  });

  test('dependencies only point forward: no cycle (functions → table, API → functions, monitoring → all)', () => {
    // Act: cross-stack references become dependencies while synthesizing.
    expect(() => app.synth()).not.toThrow();
    const deps = (s: { dependencies: { stackName: string }[] }) => s.dependencies.map((d) => d.stackName).sort();
    // Assess
    expect(deps(built.data)).toEqual([]);
    for (const r of built.runtimes) expect(deps(r)).toEqual(['MultiRuntimeBenchmark-dev-Data']);
    expect(deps(built.api)).toEqual(['MultiRuntimeBenchmark-dev-Data', 'MultiRuntimeBenchmark-dev-RuntimeAlpha', 'MultiRuntimeBenchmark-dev-RuntimeBeta']);
    expect(deps(built.monitoring)).toEqual(
      ['MultiRuntimeBenchmark-dev-Data', 'MultiRuntimeBenchmark-dev-RuntimeAlpha', 'MultiRuntimeBenchmark-dev-RuntimeBeta'].sort(),
    );
  });

  test('data: the shared table definition, on demand, point-in-time recovery, encrypted, TTL on expiresAt, destroyed with dev', () => {
    const template = Template.fromStack(built.data);
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: false,
        TimeToLiveSpecification: { AttributeName: itemsTable.timeToLiveAttribute, Enabled: true },
      },
      DeletionPolicy: 'Delete',
    });
  });

  test('the API integrates each runtime with the function of its own stack (cross-stack exports)', () => {
    // Prepare
    const api = Template.fromStack(built.api);
    const body = Object.values(api.findResources('AWS::ApiGateway::RestApi'))[0]!.Properties.Body;
    // Act / Assess
    for (const stack of built.runtimes) {
      const name = stack.runtimeFunction.name;
      const exports = Object.values(Template.fromStack(stack).toJSON().Outputs as Record<string, { Export?: { Name: string }; Value: unknown }>)
        .filter((o) => o.Export && JSON.stringify(o.Value).includes('RuntimeLive'))
        .map((o) => o.Export!.Name);
      for (const route of mountedRoutes(loadContract(), [name])) {
        const uri = JSON.stringify(body.paths[route.resource][route.method.toLowerCase()]['x-amazon-apigateway-integration'].uri);
        expect(exports.some((e: string) => uri.includes(e))).toBe(true);
      }
    }
    api.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'dev' });
    api.hasOutput('StageUrl', {});
  });

  test('the bench runner policy: invoke the stage, read and update the functions\' configuration (cold starts), query their REPORT lines', () => {
    // Prepare
    const api = Template.fromStack(built.api).toJSON();
    const policy = Object.values(api.Resources as Record<string, { Type: string; Properties: { PolicyDocument: { Statement: unknown } } }>).find((r) => r.Type === 'AWS::IAM::ManagedPolicy')!;
    const statements = policy.Properties.PolicyDocument.Statement as { Sid: string; Action: string | string[]; Resource: unknown }[];
    // Act
    const coldStarts = statements.find((s) => s.Sid === 'ReadConfigurationForceColdStarts')!;
    // Assess
    expect(statements.map((s) => s.Sid)).toEqual(['InvokeTheStage', 'StampExpiryOnly', 'ReadConfigurationForceColdStarts', 'QueryReportLines', 'ReadQueryResults']);
    expect(coldStarts.Action).toEqual(['lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionConfiguration']);
    // Exactly this app's functions, each by its own stack's export: no wildcard.
    const resources = JSON.stringify(coldStarts.Resource);
    expect(coldStarts.Resource).toHaveLength(built.runtimes.length);
    for (const stack of built.runtimes) expect(resources).toContain(stack.stackName);
    expect(resources).not.toContain('*');
  });

  test('monitoring: dashboard multi-runtime-benchmark-dev, 5 alarms per runtime, encrypted topic with the e-mail subscription', () => {
    const template = Template.fromStack(built.monitoring);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'multi-runtime-benchmark-dev' });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 10);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'multi-runtime-benchmark-dev-alpha-gateway-5xx-rate' });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ PendingWindowInDays: 7 }) });
  });

  test('monitoring: the topic policy lets this account\'s CloudWatch alarms of this app publish, and no one else', () => {
    // Prepare
    const template = Template.fromStack(built.monitoring);
    const statements = new Capture();
    template.hasResourceProperties('AWS::SNS::TopicPolicy', { PolicyDocument: { Statement: statements } });
    const allows = (statements.asArray() as { Effect: string; Principal: unknown; Action: unknown; Condition?: Record<string, Record<string, unknown>> }[]).filter((st) => st.Effect === 'Allow');
    // Assess: one Allow, for CloudWatch, to publish, conditioned on this account and on the app's alarm names.
    expect(allows).toHaveLength(1);
    const [allow] = allows;
    expect(allow!.Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(allow!.Action).toBe('sns:Publish');
    expect(allow!.Condition!.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
    const arn = JSON.stringify(built.monitoring.resolve(allow!.Condition!.ArnLike!['aws:SourceArn']));
    expect(arn).toContain(':cloudwatch:');
    expect(arn).toContain(':alarm:multi-runtime-benchmark-dev-*');
    // Every alarm of the app matches that pattern.
    for (const name of Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.AlarmName as string)) {
      expect(name.startsWith('multi-runtime-benchmark-dev-')).toBe(true);
    }
  });

  test('cdk-nag AwsSolutions: zero unacknowledged findings', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('cdk-nag: every acknowledgement carries a reason, and each one is needed', () => {
    // Prepare: the findings the pack reports when nothing is acknowledged.
    const acks = acknowledgements(app);
    // Stubs a protected method of the pack: its prototype seen as the one member replaced.
    const proto = NagPack.prototype as unknown as { isAcknowledged: () => boolean };
    const original = proto.isAcknowledged;
    proto.isAcknowledged = () => false;
    let findings: string[];
    try {
      // Act
      findings = new AwsSolutionsChecks(app).validateScope(app).violations.map((v) => v.ruleName);
    } finally {
      proto.isAcknowledged = original;
    }
    // Assess
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) expect(a.reason.length).toBeGreaterThan(30);
    const acknowledgedIds = new Set(acks.map((a) => a.id.replace(/^Annotation::/, '')));
    expect([...acknowledgedIds].sort()).toEqual([...new Set(findings)].sort());
  });
});

describe('the app, other settings', () => {
  test('prod: the table survives the stack and is protected from deletion', () => {
    const { built } = build({ environment: 'prod' });
    Template.fromStack(built.data).hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
      DeletionPolicy: 'Retain',
    });
    expect(built.api.stackName).toBe('MultiRuntimeBenchmark-prod-Api');
    Template.fromStack(built.monitoring).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'multi-runtime-benchmark-prod' });
    // The alarm topic's key is scheduled for deletion with its stack, as docs/aws.md says, after 30 days in prod.
    Template.fromStack(built.monitoring).hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ PendingWindowInDays: 30 }) });
  });

  test('no alert e-mail: the topic exists, without subscription', () => {
    const { built } = build();
    const template = Template.fromStack(built.monitoring);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('SnapStart by context, for the named Java runtime only', () => {
    const { built } = build({ snapStart: 'beta' });
    const [alpha, beta] = built.runtimes.map((s) => Template.fromStack(s));
    beta!.hasResourceProperties('AWS::Lambda::Function', { SnapStart: { ApplyOn: 'PublishedVersions' } });
    alpha!.hasResourceProperties('AWS::Lambda::Function', { SnapStart: Match.absent() });
  });

  test('SnapStart naming a runtime that does not exist is refused', () => {
    expect(() => build({ snapStart: 'kotlin-typo' })).toThrow(/snapStart names unknown runtime\(s\): kotlin-typo/);
  });

  test('a missing artifact stops synthesis unless placeholders are allowed', () => {
    expect(() => build({}, MISSING_LAMBDAS)).toThrow(/artifact .*gamma\.zip does not exist\. Build it first \(`npm run build`/);
    const { built } = build({ allowMissingArtifacts: 'true' }, MISSING_LAMBDAS);
    expect(built.runtimes[0]!.runtimeFunction.placeholderArtifact).toBe(true);
  });

  test('a folder without manifests is an error, not an empty API', () => {
    expect(() => build({}, __dirname)).toThrow(/no runtime manifests under/);
  });
});

describe('the app, from the real lambdas/ discovery', () => {
  test('a stack per lambdas/*/runtime.json, each function exactly as its manifest says, every route mounted', () => {
    // Prepare
    const runtimes = discoverRuntimes();
    // Act
    const { app, built } = build({ allowMissingArtifacts: 'true' }, null);
    // Assess: this fails as soon as a manifest and its function disagree on any of these.
    expect(built.runtimes.map((s) => s.runtimeFunction.name)).toEqual(runtimes.map((r) => r.name));
    for (const [i, runtime] of runtimes.entries()) {
      const functions = Object.values(Template.fromStack(built.runtimes[i]!).findResources('AWS::Lambda::Function'));
      expect(functions).toHaveLength(1);
      const p = functions[0]!.Properties;
      expect({
        FunctionName: p.FunctionName,
        Runtime: p.Runtime,
        Handler: p.Handler,
        Architectures: p.Architectures,
        MemorySize: p.MemorySize,
        Timeout: p.Timeout,
        EphemeralStorage: p.EphemeralStorage,
        ReservedConcurrentExecutions: p.ReservedConcurrentExecutions,
        Environment: Object.keys(p.Environment.Variables).filter((k) => k !== 'TABLE_NAME').sort(),
      }).toEqual({
        FunctionName: `multi-runtime-benchmark-dev-${runtime.name}`,
        Runtime: runtime.aws.runtime,
        Handler: runtime.aws.handler,
        Architectures: [runtime.aws.architecture],
        MemorySize: runtime.aws.memoryMb,
        Timeout: runtime.aws.timeoutSeconds,
        EphemeralStorage: { Size: runtime.aws.ephemeralStorageMb ?? 512 },
        ReservedConcurrentExecutions: reservedConcurrencyOf(runtime),
        Environment: Object.keys(runtime.aws.environment ?? {}).sort(),
      });
      for (const [k, v] of Object.entries(runtime.aws.environment ?? {})) expect(p.Environment.Variables[k]).toBe(v);
    }
    const body = Object.values(Template.fromStack(built.api).findResources('AWS::ApiGateway::RestApi'))[0]!.Properties.Body;
    for (const route of mountedRoutes(loadContract(), runtimes.map((r) => r.name))) {
      expect(body.paths[route.resource][route.method.toLowerCase()]['x-amazon-apigateway-integration'].type).toBe('aws_proxy');
    }
    expect(new AwsSolutionsChecks(app).validateScope(app).violations).toEqual([]);
  });
});
