/**
 * Deployment settings per environment, chosen with `--context environment=dev|prod`.
 * Everything a user may flip at deploy time is a context value, so `npx cdk deploy`
 * works as a CDK user expects and scripts/deploy.sh only passes context through.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ACTIVE_TRACING_BY_DEFAULT } from '../../core/src/tracing';

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
  /**
   * Manifest variants to deploy as well (`--context variants=kotlin-native`; lib/variants.ts), e.g. the
   * Kotlin runtime as a GraalVM native image. A variant's own contextFlag (kotlinNative=true) also turns it on.
   */
  variantNames: string[];
  /** Optional e-mail subscribed to the alarm topic. */
  alertEmail?: string;
  /**
   * The opt-in GitHub OIDC stack (`--context githubOidc=owner/repo`): a role that GitHub Actions
   * runs of that repository's branch assume without stored keys (lib/stacks/github-oidc-stack.ts).
   */
  githubOidc?: GithubOidcSettings;
  /** An existing IAM role (name) the stage's bench runner policy is attached to: the pipeline's role. */
  benchRunnerRole?: string;
  /** Synthesize with a labelled placeholder when an artifact is missing (tests, CI synth); never for deploy. */
  allowMissingArtifacts: boolean;
  /** Alarm evaluation: one datapoint per period; the alarm fires on `datapoints` breaching out of the last `periods`. */
  alarmPeriod: Duration;
  alarmEvaluation: { periods: number; datapoints: number };
  /** How long AWS waits before deleting the alarm topic's KMS key once its stack is gone (7 to 30 days). */
  keyDeletionWindow: Duration;
}

export interface GithubOidcSettings {
  /** `owner/repo` whose workflow runs may assume the role. */
  repository: string;
  /** The branch they must run on (scheduled runs run on the default branch). */
  branch: string;
  /** An existing provider for token.actions.githubusercontent.com (one per account): reused instead of created. */
  providerArn?: string;
}

export type ApiAuth = 'iam' | 'none';
export const API_AUTH_MODES: readonly ApiAuth[] = ['iam', 'none'];

/** The settings only context sets; the rest comes from the environment's base. */
type ContextSettings =
  | 'envName'
  | 'snapStartRuntimes'
  | 'variantNames'
  | 'alertEmail'
  | 'allowMissingArtifacts'
  | 'apiAuth'
  | 'apiGatewayAccountRole'
  | 'reservedConcurrency'
  | 'githubOidc'
  | 'benchRunnerRole';

const BASE: Record<EnvironmentName, Omit<BenchmarkConfig, ContextSettings>> = {
  dev: {
    removalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.ONE_WEEK,
    throttling: { rateLimit: 1000, burstLimit: 2000 },
    tracing: ACTIVE_TRACING_BY_DEFAULT,
    alarmPeriod: Duration.minutes(1),
    alarmEvaluation: { periods: 5, datapoints: 3 },
    keyDeletionWindow: Duration.days(7),
  },
  prod: {
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.ONE_MONTH,
    throttling: { rateLimit: 2000, burstLimit: 4000 },
    tracing: ACTIVE_TRACING_BY_DEFAULT,
    alarmPeriod: Duration.minutes(1),
    alarmEvaluation: { periods: 5, datapoints: 3 },
    keyDeletionWindow: Duration.days(30),
  },
};

/** Reads context through this callback so tests need no App (`app.node.tryGetContext`). */
export type ContextReader = (key: string) => unknown;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const GITHUB_REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/;
/** A branch name without the characters a trust-policy condition would treat as wildcards. */
const GIT_BRANCH = /^[A-Za-z0-9._/-]+$/;
const GITHUB_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

function githubOidcSettings(context: ContextReader): GithubOidcSettings | undefined {
  const repository = context('githubOidc');
  const branch = context('githubOidcBranch') ?? 'main';
  const providerArn = context('githubOidcProviderArn');
  if (repository === undefined || repository === '') {
    if (context('githubOidcBranch') !== undefined || providerArn !== undefined) throw new Error('githubOidcBranch and githubOidcProviderArn need --context githubOidc=owner/repo');
    return undefined;
  }
  if (typeof repository !== 'string' || !GITHUB_REPOSITORY.test(repository)) throw new Error(`githubOidc "${String(repository)}" is not a GitHub repository: use --context githubOidc=owner/repo`);
  if (typeof branch !== 'string' || !GIT_BRANCH.test(branch)) throw new Error(`githubOidcBranch "${String(branch)}" is not a plain branch name (no wildcards)`);
  if (providerArn !== undefined && (typeof providerArn !== 'string' || !GITHUB_PROVIDER_ARN.test(providerArn))) {
    throw new Error(`githubOidcProviderArn "${String(providerArn)}" is not the ARN of a token.actions.githubusercontent.com OIDC provider`);
  }
  return { repository, branch, providerArn: providerArn as string | undefined };
}

export function flag(value: unknown): boolean {
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
 * runtime names, e.g. `kotlin`), variants (comma list of manifest variants to add, e.g.
 * `kotlin-native`; a variant's contextFlag, e.g. kotlinNative=true, works too),
 * apiAuth (iam|none, default iam), apiGatewayAccountRole (true: create the account's logging
 * role), tracing (false: no X-Ray), reservedConcurrency (false: ignore the manifests' value),
 * allowMissingArtifacts (true only for synth without builds), githubOidc (owner/repo: add the
 * GitHub OIDC stack; githubOidcBranch, default main; githubOidcProviderArn to reuse a provider),
 * benchRunnerRole (a role name the stage's bench runner policy is attached to).
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
  const benchRunnerRole = context('benchRunnerRole');
  if (benchRunnerRole !== undefined && (typeof benchRunnerRole !== 'string' || !IAM_ROLE_NAME.test(benchRunnerRole))) {
    throw new Error(`benchRunnerRole "${String(benchRunnerRole)}" is not an IAM role name`);
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
    variantNames: list(context('variants')),
    alertEmail: alertEmail ? (alertEmail as string) : undefined,
    allowMissingArtifacts: flag(context('allowMissingArtifacts')),
    githubOidc: githubOidcSettings(context),
    benchRunnerRole: benchRunnerRole ? (benchRunnerRole as string) : undefined,
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
