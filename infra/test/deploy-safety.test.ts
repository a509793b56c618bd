/**
 * What makes a deploy work on the first try and keep working: cross-stack exports that
 * survive the SnapStart switch, no explicit names on retained resources, the authentication
 * switch visible to cdk-nag, and the other context switches staying nag-clean.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildBenchmarkApp } from '../lib/app';
import { BenchmarkChecks } from '../lib/benchmark-checks';
import { FIXTURE_LAMBDAS } from './helpers';

// CloudFormation JSON navigated by literal keys in assertions; a failed lookup fails the test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type Json = Record<string, any>;

function build(context: Record<string, unknown> = {}) {
  const app = new App({ context: { environment: 'dev', ...context } });
  const built = buildBenchmarkApp(app, { lambdasDir: FIXTURE_LAMBDAS, nag: false });
  const stacks = app.node.children.filter((c): c is Stack => c instanceof Stack);
  return { app, built, stacks };
}

/** Export name → exported value, over every stack of an app. */
function exportsOf(stacks: Stack[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const stack of stacks) {
    for (const output of Object.values((Template.fromStack(stack).toJSON().Outputs ?? {}) as Record<string, Json>)) {
      if (output.Export) out.set(JSON.stringify(output.Export.Name), JSON.stringify(output.Value));
    }
  }
  return out;
}

/** Every Fn::ImportValue name in a template, with the importing stack. */
function importsOf(stacks: Stack[]): { stack: string; name: string }[] {
  const found: { stack: string; name: string }[] = [];
  const walk = (stack: string, node: unknown): void => {
    if (Array.isArray(node)) node.forEach((n) => walk(stack, n));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === 'Fn::ImportValue') found.push({ stack, name: JSON.stringify(v) });
        else walk(stack, v);
      }
    }
  };
  for (const stack of stacks) walk(stack.stackName, Template.fromStack(stack).toJSON());
  return found;
}

describe('SnapStart on and off: no cross-stack deadlock', () => {
  // beta is the Java fixture, so it may have SnapStart.
  const off = build();
  const on = build({ snapStart: 'beta' });
  const before = exportsOf(off.stacks);
  const after = exportsOf(on.stacks);

  test('the switch itself happens: published versions and the alias on one of them', () => {
    const beta = (b: ReturnType<typeof build>) => Template.fromStack(b.built.runtimes.find((r) => r.runtimeFunction.name === 'beta')!);
    beta(off).hasResourceProperties('AWS::Lambda::Alias', { Name: 'live', FunctionVersion: '$LATEST' });
    beta(on).hasResourceProperties('AWS::Lambda::Function', { SnapStart: { ApplyOn: 'PublishedVersions' } });
    beta(on).resourceCountIs('AWS::Lambda::Version', 1);
  });

  test.each([
    ['off → on', () => off, () => on],
    ['on → off', () => on, () => off],
  ])('%s: every export a stack imports still exists after the switch, with the same value', (_name, from, to) => {
    // Prepare: CloudFormation refuses to delete or change an export that another stack imports.
    const exportsFrom = exportsOf(from().stacks);
    const exportsTo = exportsOf(to().stacks);
    const imports = importsOf(from().stacks);
    // Assess
    expect(imports.length).toBeGreaterThan(0);
    for (const { name } of imports) {
      expect(exportsFrom.has(name)).toBe(true);
      expect({ name, value: exportsTo.get(name) }).toEqual({ name, value: exportsFrom.get(name) });
    }
  });

  test('the API stack imports the same things in both states', () => {
    const apiImports = (b: ReturnType<typeof build>) => importsOf([b.built.api]).map((i) => i.name).sort();
    expect(apiImports(on)).toEqual(apiImports(off));
    expect([...before.keys()].sort()).toEqual([...after.keys()].sort());
  });
});

describe('retained resources carry no explicit name a redeploy could collide with', () => {
  const NAME_PROPERTIES = ['LogGroupName', 'TableName', 'RoleName', 'FunctionName', 'TopicName', 'AliasName', 'DashboardName', 'AlarmName', 'ManagedPolicyName', 'PolicyName', 'Name', 'KeyAlias'];

  test.each([
    ['prod', { environment: 'prod' }],
    ['prod with the account logging role', { environment: 'prod', apiGatewayAccountRole: 'true' }],
    ['prod with SnapStart and a public API', { environment: 'prod', snapStart: 'beta', apiAuth: 'none' }],
  ])('%s', (_name, context) => {
    // Prepare
    const { stacks } = build(context);
    const retained: string[] = [];
    // Act
    for (const stack of stacks) {
      for (const [id, resource] of Object.entries(Template.fromStack(stack).toJSON().Resources as Record<string, Json>)) {
        const kept = [resource.DeletionPolicy, resource.UpdateReplacePolicy].some((p) => p === 'Retain' || p === 'RetainExceptOnCreate');
        if (!kept) continue;
        retained.push(`${stack.stackName}/${id}`);
        // Assess
        const named = NAME_PROPERTIES.filter((p) => resource.Properties?.[p] !== undefined);
        expect({ resource: `${stack.stackName}/${id} (${resource.Type})`, named }).toEqual({ resource: `${stack.stackName}/${id} (${resource.Type})`, named: [] });
      }
    }
    expect(retained.length).toBeGreaterThan(0);
  });
});

describe('authentication: on by default, and visible to cdk-nag when off', () => {
  test('default: the Benchmark pack finds nothing', () => {
    const { app } = build();
    expect(new BenchmarkChecks(app).validateScope(app).violations).toEqual([]);
  });

  test('apiAuth=none: a Benchmark-ApiAuthorization warning on the REST API, which does not fail synthesis', () => {
    // Act
    const { app } = build({ apiAuth: 'none' });
    const report = new BenchmarkChecks(app).validateScope(app);
    // Assess
    expect(report.violations.map((v) => [v.ruleName, v.severity])).toEqual([['Benchmark-ApiAuthorization', 'warning']]);
    expect(report.violations[0]!.violatingResources.map((r) => r.constructPath)).toEqual(['MultiRuntimeBenchmark-dev-Api/Contract/Api/Resource']);
    expect(report.success).toBe(true);
  });

  test('the stage URL output says which mode was deployed', () => {
    Template.fromStack(build().built.api).hasOutput('StageAuth', { Value: 'iam' });
    Template.fromStack(build({ apiAuth: 'none' }).built.api).hasOutput('StageAuth', { Value: 'none' });
  });
});

describe('the other switches stay cdk-nag clean', () => {
  test.each([
    ['tracing off', { tracing: 'false' }],
    ['account logging role', { apiGatewayAccountRole: 'true' }],
    ['no reserved concurrency', { reservedConcurrency: 'false' }],
    ['prod, SnapStart, public demo', { environment: 'prod', snapStart: 'beta', apiAuth: 'none' }],
  ])('%s: zero unacknowledged AwsSolutions findings', (_name, context) => {
    const { app } = build(context);
    expect(new AwsSolutionsChecks(app).validateScope(app).violations).toEqual([]);
  });

  test('tracing off: no X-Ray on the stage or the functions', () => {
    const { built } = build({ tracing: 'false' });
    Template.fromStack(built.api).hasResourceProperties('AWS::ApiGateway::Stage', { TracingEnabled: false });
    for (const r of built.runtimes) expect(JSON.stringify(Template.fromStack(r).toJSON())).not.toContain('xray:');
  });

  test('the account logging role: AWS::ApiGateway::Account in the API stack, only when asked', () => {
    Template.fromStack(build().built.api).resourceCountIs('AWS::ApiGateway::Account', 0);
    Template.fromStack(build({ apiGatewayAccountRole: 'true' }).built.api).resourceCountIs('AWS::ApiGateway::Account', 1);
  });

  test('reservedConcurrency=false: no function reserves concurrency, whatever the manifests say', () => {
    const { built } = build({ reservedConcurrency: 'false' });
    for (const r of built.runtimes) expect(JSON.stringify(Template.fromStack(r).toJSON())).not.toContain('ReservedConcurrentExecutions');
    const alpha = build().built.runtimes.find((r) => r.runtimeFunction.name === 'alpha')!;
    Template.fromStack(alpha).hasResourceProperties('AWS::Lambda::Function', { ReservedConcurrentExecutions: 10 });
  });
});
