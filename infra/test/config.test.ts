import { RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { flag, loadConfig, pascal, stackName } from '../lib/config';

const from = (context: Record<string, unknown>) => (key: string) => context[key];

describe('loadConfig', () => {
  test('defaults to dev: data destroyed with the stack, short log retention, nothing optional on', () => {
    // Prepare / Act
    const config = loadConfig(from({}));
    // Assess
    expect(config.envName).toBe('dev');
    expect(config.removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(config.deletionProtection).toBe(false);
    expect(config.logRetention).toBe(RetentionDays.ONE_WEEK);
    expect(config.snapStartRuntimes).toEqual([]);
    expect(config.variantNames).toEqual([]);
    expect(config.alertEmail).toBeUndefined();
    expect(config.allowMissingArtifacts).toBe(false);
  });

  test('safe by default: IAM auth, tracing, reserved concurrency from the manifests, no account role created', () => {
    // Act
    const config = loadConfig(from({}));
    // Assess
    expect(config.apiAuth).toBe('iam');
    expect(config.tracing).toBe(true);
    expect(config.reservedConcurrency).toBe(true);
    expect(config.apiGatewayAccountRole).toBe(false);
  });

  test('alarms: one-minute datapoints, 3 of the last 5 must breach', () => {
    const config = loadConfig(from({}));
    expect(config.alarmPeriod.toSeconds()).toBe(60);
    expect(config.alarmEvaluation).toEqual({ periods: 5, datapoints: 3 });
  });

  test('the alarm topic key waits 7 days before deletion in dev, 30 in prod', () => {
    expect(loadConfig(from({})).keyDeletionWindow.toDays()).toBe(7);
    expect(loadConfig(from({ environment: 'prod' })).keyDeletionWindow.toDays()).toBe(30);
  });

  test('context switches: apiAuth=none, apiGatewayAccountRole, tracing=false, reservedConcurrency=false', () => {
    // Act
    const config = loadConfig(from({ apiAuth: 'none', apiGatewayAccountRole: 'true', tracing: 'false', reservedConcurrency: false }));
    // Assess
    expect(config.apiAuth).toBe('none');
    expect(config.apiGatewayAccountRole).toBe(true);
    expect(config.tracing).toBe(false);
    expect(config.reservedConcurrency).toBe(false);
  });

  test('rejects an unknown apiAuth, naming the valid ones', () => {
    expect(() => loadConfig(from({ apiAuth: 'apikey' }))).toThrow(/unknown apiAuth "apikey".*iam\|none/);
  });

  test('prod keeps its data and logs longer', () => {
    // Act
    const config = loadConfig(from({ environment: 'prod' }));
    // Assess
    expect(config.envName).toBe('prod');
    expect(config.removalPolicy).toBe(RemovalPolicy.RETAIN);
    expect(config.deletionProtection).toBe(true);
    expect(config.logRetention).toBe(RetentionDays.ONE_MONTH);
    expect(config.throttling.rateLimit).toBeGreaterThan(0);
    expect(config.throttling.burstLimit).toBeGreaterThanOrEqual(config.throttling.rateLimit);
  });

  test('reads alert e-mail, SnapStart runtimes and the placeholder flag from context', () => {
    // Act
    const config = loadConfig(from({ alertEmail: 'ops@example.com', snapStart: 'kotlin, java-x', allowMissingArtifacts: 'true' }));
    // Assess
    expect(config.alertEmail).toBe('ops@example.com');
    expect(config.snapStartRuntimes).toEqual(['kotlin', 'java-x']);
    expect(config.allowMissingArtifacts).toBe(true);
  });

  test('accepts context given as JSON values (cdk.json) too', () => {
    // Act
    const config = loadConfig(from({ snapStart: ['kotlin'], allowMissingArtifacts: true, alertEmail: '' }));
    // Assess
    expect(config.snapStartRuntimes).toEqual(['kotlin']);
    expect(config.allowMissingArtifacts).toBe(true);
    expect(config.alertEmail).toBeUndefined();
  });

  test('variants from context: a comma list of manifest variant names (lib/variants.ts checks they exist)', () => {
    expect(loadConfig(from({ variants: 'kotlin-native' })).variantNames).toEqual(['kotlin-native']);
    expect(loadConfig(from({ variants: 'a, b' })).variantNames).toEqual(['a', 'b']);
    expect(loadConfig(from({ variants: '' })).variantNames).toEqual([]);
  });

  test('a flag is on for "true" or true only (a variant\'s contextFlag, e.g. kotlinNative)', () => {
    expect(flag('true')).toBe(true);
    expect(flag(true)).toBe(true);
    expect(flag('false')).toBe(false);
    expect(flag(undefined)).toBe(false);
  });

  test('anything but "true" leaves placeholders off', () => {
    expect(loadConfig(from({ allowMissingArtifacts: 'yes' })).allowMissingArtifacts).toBe(false);
    expect(loadConfig(from({ snapStart: 42 })).snapStartRuntimes).toEqual([]);
  });

  test('rejects an unknown environment, naming the valid ones', () => {
    expect(() => loadConfig(from({ environment: 'staging' }))).toThrow(/unknown environment "staging".*dev\|prod/);
  });

  test('rejects an alert e-mail that is not one', () => {
    expect(() => loadConfig(from({ alertEmail: 'not-an-address' }))).toThrow(/not an e-mail address/);
    expect(() => loadConfig(from({ alertEmail: 7 }))).toThrow(/not an e-mail address/);
  });
});

describe('names', () => {
  test('stack names start with MultiRuntimeBenchmark and carry the environment', () => {
    expect(stackName({ envName: 'prod' }, 'Api')).toBe('MultiRuntimeBenchmark-prod-Api');
  });

  test('pascal turns runtime names into id parts', () => {
    expect(pascal('typescript')).toBe('Typescript');
    expect(pascal('my-rt')).toBe('MyRt');
  });
});
