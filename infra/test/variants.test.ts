import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadContract, mountedRoutes } from '../../core/src/routes';
import { discoverRuntimes } from '../../core/src/runtimes';
import { buildBenchmarkApp } from '../lib/app';
import { ITEM_TABLE_ACTIONS } from '../lib/constructs/runtime-function';
import { checkNativeArtifact, KOTLIN_NATIVE, kotlinNativeVariant } from '../lib/kotlin-native';
import { FIXTURE_LAMBDAS } from './helpers';

/** The app from the real lambdas/ discovery (the variant derives from lambdas/kotlin), artifacts not required. */
function build(context: Record<string, unknown>) {
  const app = new App({ context: { environment: 'dev', allowMissingArtifacts: 'true', ...context } });
  return { app, built: buildBenchmarkApp(app) };
}

/** Go is on provided.al2023 with bootstrap too: the native Kotlin function is known by its name. */
const isKotlinNative = (fn: { Properties?: { FunctionName?: unknown } }) => fn.Properties?.FunctionName === 'multi-runtime-benchmark-dev-kotlin-native';

describe('kotlinNativeVariant', () => {
  test('the kotlin manifest, as provided.al2023 with bootstrap, x86_64, the native zip, no JVM flags', () => {
    // Prepare
    const kotlin = discoverRuntimes().find((r) => r.name === 'kotlin')!;
    // Act
    const variant = kotlinNativeVariant(discoverRuntimes());
    // Assess
    expect(variant.name).toBe('kotlin-native');
    expect(variant.aws).toEqual({
      runtime: 'provided.al2023',
      handler: 'bootstrap',
      architecture: 'x86_64',
      memoryMb: kotlin.aws.memoryMb,
      timeoutSeconds: kotlin.aws.timeoutSeconds,
      reservedConcurrency: kotlin.aws.reservedConcurrency,
      environment: { RUNTIME_NAME: 'kotlin-native' },
    });
    expect(variant.artifactPath).toBe(path.join(kotlin.dir, 'target', 'native', 'kotlin-native.zip'));
    expect(variant.build.command).toEqual(['mvn', '-B', '-ntp', '-P', 'native', 'package', '-DskipTests']);
    expect(variant.language).toMatch(/^Kotlin .*\(GraalVM native image, provided\.al2023\)$/);
    expect(variant.dir).toBe(kotlin.dir);
  });

  test('without a kotlin runtime there is nothing to derive it from', () => {
    expect(() => kotlinNativeVariant(discoverRuntimes(FIXTURE_LAMBDAS))).toThrow(/kotlinNative needs the kotlin runtime/);
  });

  test('a missing native zip stops synthesis with the GraalVM hint, unless placeholders are allowed', () => {
    // Prepare
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kotlin-native-'));
    const missing = { dir, artifactPath: path.join(dir, 'kotlin-native.zip') };
    try {
      // Act / Assess
      expect(() => checkNativeArtifact(missing, false)).toThrow(/kotlin-native\.zip does not exist\. It needs GraalVM: run `mvn -B -ntp -P native package -DskipTests`/);
      expect(() => checkNativeArtifact(missing, true)).not.toThrow();
      fs.writeFileSync(missing.artifactPath, 'zip');
      expect(() => checkNativeArtifact(missing, false)).not.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the app with --context kotlinNative=true', () => {
  const { app, built } = build({ kotlinNative: 'true' });
  const nativeStack = built.runtimes.find((s) => s.runtimeFunction.name === KOTLIN_NATIVE)!;

  test('one more runtime stack, RuntimeKotlinNative, holding a provided.al2023 function with handler bootstrap', () => {
    // Assess
    expect(nativeStack.stackName).toBe('MultiRuntimeBenchmark-dev-RuntimeKotlinNative');
    expect(built.runtimes).toHaveLength(discoverRuntimes().length + 1);
    Template.fromStack(nativeStack).hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'multi-runtime-benchmark-dev-kotlin-native',
      Runtime: 'provided.al2023',
      Handler: 'bootstrap',
      Architectures: ['x86_64'],
      MemorySize: discoverRuntimes().find((r) => r.name === 'kotlin')!.aws.memoryMb,
      Environment: { Variables: { RUNTIME_NAME: 'kotlin-native', TABLE_NAME: Match.anyValue() } },
      TracingConfig: { Mode: 'Active' },
    });
    // Not built here (no GraalVM): a labelled placeholder, as for any missing artifact.
    expect(nativeStack.runtimeFunction.placeholderArtifact).toBe(!fs.existsSync(kotlinNativeVariant(discoverRuntimes()).artifactPath));
  });

  test('the same table access as every runtime: the five calls of the storage layout', () => {
    Template.fromStack(nativeStack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: [...ITEM_TABLE_ACTIONS] })]) },
    });
  });

  test('mounted under /kotlin-native by the same route derivation, beside /kotlin', () => {
    // Prepare
    const body = Object.values(Template.fromStack(built.api).findResources('AWS::ApiGateway::RestApi'))[0]!.Properties.Body;
    // Act
    const routes = mountedRoutes(loadContract(), [KOTLIN_NATIVE]);
    // Assess
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      expect(route.resource.startsWith('/kotlin-native/')).toBe(true);
      expect(body.paths[route.resource][route.method.toLowerCase()]['x-amazon-apigateway-integration'].type).toBe('aws_proxy');
    }
    expect(Object.keys(body.paths).some((p) => p.startsWith('/kotlin/'))).toBe(true);
  });

  test('on the dashboard and with its five alarms, like the others', () => {
    const monitoring = Template.fromStack(built.monitoring);
    monitoring.resourceCountIs('AWS::CloudWatch::Alarm', 5 * built.runtimes.length);
    monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'multi-runtime-benchmark-dev-kotlin-native-gateway-5xx-rate' });
    monitoring.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'multi-runtime-benchmark-dev-kotlin-native-error-rate' });
    const dashboard = JSON.stringify(Object.values(monitoring.findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);
    expect(dashboard).toContain('**kotlin-native**');
  });

  test('cdk-nag AwsSolutions: zero unacknowledged findings', () => {
    expect(new AwsSolutionsChecks(app).validateScope(app).violations).toEqual([]);
  });
});

describe('the app by default (kotlinNative off)', () => {
  test('no kotlin-native function or stack and no /kotlin-native routes', () => {
    // Act
    const { built } = build({});
    // Assess
    expect(built.runtimes.map((s) => s.runtimeFunction.name)).toEqual(discoverRuntimes().map((r) => r.name));
    for (const stack of built.runtimes) {
      const functions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
      expect(functions.filter(isKotlinNative)).toEqual([]);
    }
    const body = Object.values(Template.fromStack(built.api).findResources('AWS::ApiGateway::RestApi'))[0]!.Properties.Body;
    expect(Object.keys(body.paths).filter((p) => p.startsWith('/kotlin-native'))).toEqual([]);
  });

  test('SnapStart cannot be asked for the native variant: it is not a Java runtime', () => {
    expect(() => build({ kotlinNative: 'true', snapStart: 'kotlin-native' })).toThrow(/SnapStart needs a Java runtime, not provided\.al2023/);
  });
});
