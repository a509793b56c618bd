/**
 * Deployment settings per environment, chosen with `--context environment=dev|prod`.
 * Everything a user may flip at deploy time is a context value, so `npx cdk deploy`
 * works as a CDK user expects and scripts/deploy.sh only passes context through.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export type EnvironmentName = 'dev' | 'prod';
export const ENVIRONMENTS: readonly EnvironmentName[] = ['dev', 'prod'];

export interface BenchmarkConfig {
  envName: EnvironmentName;
  /** dev tears down with its data; prod keeps the table when the stack goes. */
  removalPolicy: RemovalPolicy;
  deletionProtection: boolean;
  logRetention: RetentionDays;
  /** Stage throttling; set above the bench's highest arrival rate so the bench measures Lambda, not the limit. */
  throttling: { rateLimit: number; burstLimit: number };
  /** X-Ray active tracing on functions and the stage (`--context tracing=false` turns it off). */
  tracing: boolean;
  /**
   * Who may call the stage. `iam` (default): every method needs a SigV4-signed request from an
   * IAM principal allowed `execute-api:Invoke` (docs/aws.md, "Authentication"). `none`: a public
   * demo; a cdk-nag warning (Benchmark-ApiAuthorization) says so on every synth.
   */
  apiAuth: ApiAuth;
  /**
   * Create the account's API Gateway CloudWatch Logs role (`AWS::ApiGateway::Account`, retained:
   * one per account and region). Off by default: scripts/deploy.sh checks whether one is set.
   */
  apiGatewayAccountRole: boolean;
  /** Apply each manifest's `aws.reservedConcurrency` (default); `--context reservedConcurrency=false` skips it. */
  reservedConcurrency: boolean;
  /** Runtimes (by manifest name) deployed with SnapStart; only Java runtimes qualify. Off by default. */
  snapStartRuntimes: string[];
  /** Also deploy the Kotlin runtime as a GraalVM native image on provided.al2023 (lib/kotlin-native.ts). Off by default. */
  kotlinNative: boolean;
  /** Optional e-mail subscribed to the alarm topic. */
  alertEmail?: string;
  /** Synthesize with a labelled placeholder when an artifact is missing (tests, CI synth); never for deploy. */
  allowMissingArtifacts: boolean;
  /** Alarm evaluation: one datapoint per period; the alarm fires on `datapoints` breaching out of the last `periods`. */
  alarmPeriod: Duration;
  alarmEvaluation: { periods: number; datapoints: number };
  /** How long AWS waits before deleting the alarm topic's KMS key once its stack is gone (7 to 30 days). */
  keyDeletionWindow: Duration;
}

export type ApiAuth = 'iam' | 'none';
export const API_AUTH_MODES: readonly ApiAuth[] = ['iam', 'none'];

/** The settings only context sets; the rest comes from the environment's base. */
type ContextSettings = 'envName' | 'snapStartRuntimes' | 'kotlinNative' | 'alertEmail' | 'allowMissingArtifacts' | 'apiAuth' | 'apiGatewayAccountRole' | 'reservedConcurrency';

const BASE: Record<EnvironmentName, Omit<BenchmarkConfig, ContextSettings>> = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    throttling: { rateLimit: 1000, burstLimit: 2000 },
    tracing: true,
    alarmPeriod: Duration.minutes(1),
    alarmEvaluation: { periods: 5, datapoints: 3 },
    keyDeletionWindow: Duration.days(7),
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.ONE_MONTH,
    throttling: { rateLimit: 2000, burstLimit: 4000 },
    tracing: true,
    alarmPeriod: Duration.minutes(1),
    alarmEvaluation: { periods: 5, datapoints: 3 },
    keyDeletionWindow: Duration.days(30),
  },
};

/** Reads context through this callback so tests need no App (`app.node.tryGetContext`). */
export type ContextReader = (key: string) => unknown;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}

/** An on-by-default switch: only an explicit false turns it off. */
function flagDefaultOn(value: unknown): boolean {
  return !(value === false || value === 'false' || value === '0');
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Context keys: environment (dev|prod, default dev), alertEmail, snapStart (comma list of
 * runtime names, e.g. `kotlin`), kotlinNative (true: add the native-image Kotlin function),
 * apiAuth (iam|none, default iam), apiGatewayAccountRole (true: create the account's logging
 * role), tracing (false: no X-Ray), reservedConcurrency (false: ignore the manifests' value),
 * allowMissingArtifacts (true only for synth without builds).
 */
export function loadConfig(context: ContextReader): BenchmarkConfig {
  const envName = (context('environment') ?? 'dev') as string;
  if (!ENVIRONMENTS.includes(envName as EnvironmentName)) {
    throw new Error(`unknown environment "${envName}": use --context environment=${ENVIRONMENTS.join('|')}`);
  }
  const alertEmail = context('alertEmail');
  if (alertEmail !== undefined && alertEmail !== '' && (typeof alertEmail !== 'string' || !EMAIL.test(alertEmail))) {
    throw new Error(`alertEmail "${String(alertEmail)}" is not an e-mail address`);
  }
  const apiAuth = context('apiAuth') ?? 'iam';
  if (!API_AUTH_MODES.includes(apiAuth as ApiAuth)) {
    throw new Error(`unknown apiAuth "${String(apiAuth)}": use --context apiAuth=${API_AUTH_MODES.join('|')}`);
  }
  const base = BASE[envName as EnvironmentName];
  return {
    envName: envName as EnvironmentName,
    ...base,
    tracing: base.tracing && flagDefaultOn(context('tracing')),
    apiAuth: apiAuth as ApiAuth,
    apiGatewayAccountRole: flag(context('apiGatewayAccountRole')),
    reservedConcurrency: flagDefaultOn(context('reservedConcurrency')),
    snapStartRuntimes: list(context('snapStart')),
    kotlinNative: flag(context('kotlinNative')),
    alertEmail: alertEmail ? (alertEmail as string) : undefined,
    allowMissingArtifacts: flag(context('allowMissingArtifacts')),
  };
}

/** `MultiRuntimeBenchmark-dev-Api` and friends. */
export function stackName(config: Pick<BenchmarkConfig, 'envName'>, part: string): string {
  return `MultiRuntimeBenchmark-${config.envName}-${part}`;
}

/** `typescript` → `Typescript`, `my-rt` → `MyRt`: construct ids and stack name parts. */
export function pascal(name: string): string {
  return name
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}
