import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadContract, mountedRoutes } from '../../core/src/routes';
import { discoverRuntimes, type Runtime } from '../../core/src/runtimes';
import { buildBenchmarkApp } from '../lib/app';
import { ITEM_TABLE_ACTIONS } from '../lib/constructs/runtime-function';
import { checkVariantArtifact, selectVariants, variantRuntime } from '../lib/variants';
import { FIXTURE_LAMBDAS } from './helpers';

/** The one variant lambdas/ declares today: lambdas/kotlin's GraalVM native image. */
const KOTLIN_NATIVE = 'kotlin-native';

/** The app from the real lambdas/ discovery (variants derive from their manifests), artifacts not required. */
function build(context: Record<string, unknown>) {
  const app = new App({ context: { environment: 'dev', allowMissingArtifacts: 'true', ...context } });
  return { app, built: buildBenchmarkApp(app) };
}

/** Go is on provided.al2023 with bootstrap too: the native Kotlin function is known by its name. */
const isKotlinNative = (fn: { Properties?: { FunctionName?: unknown } }) => fn.Properties?.FunctionName === 'multi-runtime-benchmark-dev-kotlin-native';

/** A made-up runtime with one variant: the derivation knows no runtime by name. */
function fixtureRuntime(): Runtime {
  const dir = '/repo/lambdas/zig';
  return {
    name: 'zig',
    language: 'Zig 0.15',
    framework: 'none',
    build: { command: ['zig', 'build'], inputs: ['src/**/*.zig'], artifact: 'dist/zig.zip' },
    aws: { runtime: 'provided.al2023', handler: 'bootstrap', architecture: 'x86_64', memoryMb: 256, timeoutSeconds: 5, environment: { KEEP: '1', DROP: '2' }, reservedConcurrency: 3 },
    local: { taskRoot: 'dist/lambda', command: ['{taskRoot}/bootstrap'] },
    variants: [
      {
        name: 'zig-arm',
        contextFlag: 'zigArm',
        build: { command: ['zig', 'build', '-Dtarget=aarch64'], inputs: ['arm/**'], artifact: 'dist/zig-arm.zip' },
        aws: { architecture: 'arm64', environment: { EXTRA: '3' }, removeEnvironment: ['DROP'] },
        local: { taskRoot: 'dist/arm', command: ['{taskRoot}/bootstrap'] },
      },
    ],
    dir,
    artifactPath: path.join(dir, 'dist/zig.zip'),
    taskRootPath: path.join(dir, 'dist/lambda'),
  };
}

describe('variantRuntime', () => {
  test("the runtime with the variant's build, aws overrides and local; inputs added; RUNTIME_NAME set; dropped variables gone", () => {
    // Prepare
    const zig = fixtureRuntime();
    // Act
    const variant = variantRuntime(zig, zig.variants![0]!);
    // Assess
    expect(variant.name).toBe('zig-arm');
    expect(variant.variantOf).toBe('zig');
    expect(variant.language).toBe('Zig 0.15');
    expect(variant.build).toEqual({ command: ['zig', 'build', '-Dtarget=aarch64'], inputs: ['src/**/*.zig', 'arm/**'], artifact: 'dist/zig-arm.zip' });
    expect(variant.aws).toEqual({
      runtime: 'provided.al2023',
      handler: 'bootstrap',
      architecture: 'arm64',
      memoryMb: 256,
      timeoutSeconds: 5,
      reservedConcurrency: 3,
      environment: { KEEP: '1', EXTRA: '3', RUNTIME_NAME: 'zig-arm' },
    });
    expect(variant.artifactPath).toBe('/repo/lambdas/zig/dist/zig-arm.zip');
    expect(variant.taskRootPath).toBe('/repo/lambdas/zig/dist/arm');
    expect(variant.dir).toBe(zig.dir);
  });

  test('lambdas/kotlin declares kotlin-native: provided.al2023 with bootstrap, x86_64, the native zip, no JVM flags', () => {
    // Prepare
    const kotlin = discoverRuntimes().find((r) => r.name === 'kotlin')!;
    // Act
    const [variant] = selectVariants(discoverRuntimes(), [KOTLIN_NATIVE], () => false);
    // Assess
    expect(variant!.name).toBe(KOTLIN_NATIVE);
    expect(variant!.aws).toEqual({
      runtime: 'provided.al2023',
      handler: 'bootstrap',
      architecture: 'x86_64',
      memoryMb: kotlin.aws.memoryMb,
      timeoutSeconds: kotlin.aws.timeoutSeconds,
      reservedConcurrency: kotlin.aws.reservedConcurrency,
      environment: { RUNTIME_NAME: KOTLIN_NATIVE },
    });
    expect(variant!.artifactPath).toBe(path.join(kotlin.dir, 'target', 'native', 'kotlin-native.zip'));
    expect(variant!.build.command).toEqual(['mvn', '-B', '-ntp', '-P', 'native', 'package', '-DskipTests']);
    expect(variant!.language).toMatch(/^Kotlin .*\(GraalVM native image, provided\.al2023\)$/);
  });
});

describe('selectVariants', () => {
  test('none unless named or flagged; by name or by its contextFlag', () => {
    // Prepare
    const runtimes = [fixtureRuntime()];
    // Act / Assess
    expect(selectVariants(runtimes, [], () => false)).toEqual([]);
    expect(selectVariants(runtimes, ['zig-arm'], () => false).map((v) => v.name)).toEqual(['zig-arm']);
    expect(selectVariants(runtimes, [], (flag) => flag === 'zigArm').map((v) => v.name)).toEqual(['zig-arm']);
  });

  test('an unknown name is refused with the declared ones', () => {
    expect(() => selectVariants([fixtureRuntime()], ['kotlin-native'], () => false)).toThrow(/unknown variant\(s\): kotlin-native; declared in lambdas\/\*\/runtime.json: zig-arm \(of zig\)/);
    expect(() => selectVariants(discoverRuntimes(FIXTURE_LAMBDAS), ['kotlin-native'], () => false)).toThrow(/declared in lambdas\/\*\/runtime.json: none/);
  });

  test("a variant may not take a runtime's name", () => {
    // Prepare
    const zig = fixtureRuntime();
    const clash = { ...zig, variants: [{ ...zig.variants![0]!, name: 'zig' }] };
    // Act / Assess
    expect(() => selectVariants([clash], [], () => false)).toThrow(/variant "zig" of zig has the name of a runtime/);
  });
});

describe('checkVariantArtifact', () => {
  test('a missing artifact stops synthesis with its build command and hint, unless placeholders are allowed', () => {
    // Prepare
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'variant-'));
    const missing = { name: 'kotlin-native', dir, artifactPath: path.join(dir, 'kotlin-native.zip'), build: { command: ['mvn', '-P', 'native', 'package'], inputs: [], artifact: 'x' }, missingHint: 'it needs GraalVM' };
    try {
      // Act / Assess
      expect(() => checkVariantArtifact(missing, false)).toThrow(/variant kotlin-native: .*kotlin-native\.zip does not exist\. Build it with `mvn -P native package` in .* \(it needs GraalVM\)/);
      expect(() => checkVariantArtifact(missing, true)).not.toThrow();
      fs.writeFileSync(missing.artifactPath, 'zip');
      expect(() => checkVariantArtifact(missing, false)).not.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the app with --context variants=kotlin-native', () => {
  const { app, built } = build({ variants: KOTLIN_NATIVE });
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
    expect(nativeStack.runtimeFunction.placeholderArtifact).toBe(!fs.existsSync(selectVariants(discoverRuntimes(), [KOTLIN_NATIVE], () => false)[0]!.artifactPath));
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

describe('the app by default (no variants)', () => {
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

  test('the old flag --context kotlinNative=true (the variant\'s contextFlag) adds the same stack', () => {
    // Act
    const { built } = build({ kotlinNative: 'true' });
    // Assess
    expect(built.runtimes.map((s) => s.runtimeFunction.name)).toEqual([...discoverRuntimes().map((r) => r.name), KOTLIN_NATIVE]);
  });

  test('an undeclared variant name stops synthesis', () => {
    expect(() => build({ variants: 'nope' })).toThrow(/unknown variant\(s\): nope/);
  });

  test('SnapStart cannot be asked for the native variant: it is not a Java runtime', () => {
    expect(() => build({ kotlinNative: 'true', snapStart: 'kotlin-native' })).toThrow(/SnapStart needs a Java runtime, not provided\.al2023/);
  });
});
