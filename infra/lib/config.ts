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
  /** X-Ray active tracing on functions and the stage. */
  tracing: boolean;
  /** Runtimes (by manifest name) deployed with SnapStart; only Java runtimes qualify. Off by default. */
  snapStartRuntimes: string[];
  /** Also deploy the Kotlin runtime as a GraalVM native image on provided.al2023 (lib/kotlin-native.ts). Off by default. */
  kotlinNative: boolean;
  /** Optional e-mail subscribed to the alarm topic. */
  alertEmail?: string;
  /** Synthesize with a labelled placeholder when an artifact is missing (tests, CI synth); never for deploy. */
  allowMissingArtifacts: boolean;
  /** Alarm evaluation window. */
  alarmPeriod: Duration;
}

const BASE: Record<EnvironmentName, Omit<BenchmarkConfig, 'envName' | 'snapStartRuntimes' | 'kotlinNative' | 'alertEmail' | 'allowMissingArtifacts'>> = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    throttling: { rateLimit: 1000, burstLimit: 2000 },
    tracing: true,
    alarmPeriod: Duration.minutes(5),
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.ONE_MONTH,
    throttling: { rateLimit: 2000, burstLimit: 4000 },
    tracing: true,
    alarmPeriod: Duration.minutes(5),
  },
};

/** Reads context through this callback so tests need no App (`app.node.tryGetContext`). */
export type ContextReader = (key: string) => unknown;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function flag(value: unknown): boolean {
  return value === true || value === 'true' || value === '1';
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Context keys: environment (dev|prod, default dev), alertEmail, snapStart (comma list of
 * runtime names, e.g. `kotlin`), kotlinNative (true: add the native-image Kotlin function),
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
  return {
    envName: envName as EnvironmentName,
    ...BASE[envName as EnvironmentName],
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
