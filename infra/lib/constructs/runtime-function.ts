/**
 * One runtime's Lambda function, built from its manifest (lambdas/<name>/runtime.json):
 * the artifact the local platform ran, the manifest's runtime id, handler, architecture,
 * memory and timeout; a log group with retention; tracing; and access to the items
 * table limited to the five calls docs/storage-layout.md lists. Metric filters turn the
 * REPORT lines into memory-used and init-duration metrics, which Lambda does not publish.
 */
import { Annotations, Duration, RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Runtime } from '../../../core/src/runtimes';
import { resolveArtifact } from '../artifact';
import { LIVE_ALIAS, logGroupNameFor } from '../../../core/src/resource-names';

/** Exactly the DynamoDB calls of docs/storage-layout.md ("Operations"). */
export const ITEM_TABLE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:GetItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Scan',
] as const;

export const METRIC_NAMESPACE = 'MultiRuntimeBenchmark';

/** The fixed head of a Lambda REPORT line, split on white space as metric filters do. */
const REPORT_HEAD = [
  'report="REPORT"', 'requestIdLabel="RequestId:"', 'requestId',
  'durationLabel="Duration:"', 'duration', 'durationUnit="ms"',
  'billedLabel="Billed"', 'billedLabel2="Duration:"', 'billedDuration', 'billedUnit="ms"',
  'memorySizeLabel="Memory"', 'memorySizeLabel2="Size:"', 'memorySize', 'memorySizeUnit="MB"',
  'maxMemoryLabel="Max"', 'maxMemoryLabel2="Memory"', 'maxMemoryLabel3="Used:"', 'maxMemoryUsed', 'maxMemoryUnit="MB"',
];
/** Every REPORT line: Max Memory Used (MB). */
export const MAX_MEMORY_PATTERN = `[${[...REPORT_HEAD, '...'].join(', ')}]`;
/** Cold-start REPORT lines only: they carry `Init Duration: N ms` after the memory fields. */
export const INIT_DURATION_PATTERN = `[${[...REPORT_HEAD, 'initLabel="Init"', 'initLabel2="Duration:"', 'initDuration', 'initUnit="ms"', '...'].join(', ')}]`;

export interface RuntimeFunctionProps {
  runtime: Runtime;
  table: dynamodb.ITable;
  /** Physical function name; also names the log group. */
  functionName: string;
  logRetention: logs.RetentionDays;
  tracing?: boolean;
  /** SnapStart on published versions; the `live` alias then points at the newest one. Java runtimes only. */
  snapStart?: boolean;
  /** Apply the manifest's `aws.reservedConcurrency` (default true). */
  applyReservedConcurrency?: boolean;
  allowMissingArtifact?: boolean;
}

/** The alias API Gateway invokes, whatever SnapStart says (see `invokeTarget`). */
export { LIVE_ALIAS };

/**
 * `aws.reservedConcurrency` of a manifest (integer ≥ 1, optional in lambdas/runtime.schema.json).
 * Read through this narrow view so that infra follows the schema without restating it.
 */
export function reservedConcurrencyOf(runtime: Pick<Runtime, 'aws'>): number | undefined {
  return (runtime.aws as Runtime['aws'] & { reservedConcurrency?: number }).reservedConcurrency;
}

function lambdaRuntime(id: string): lambda.Runtime {
  const known = lambda.Runtime.ALL.find((r) => r.name === id);
  if (known) return known;
  const family = id.startsWith('nodejs')
    ? lambda.RuntimeFamily.NODEJS
    : id.startsWith('python')
      ? lambda.RuntimeFamily.PYTHON
      : id.startsWith('java')
        ? lambda.RuntimeFamily.JAVA
        : lambda.RuntimeFamily.OTHER;
  return new lambda.Runtime(id, family);
}

export class RuntimeFunction extends Construct {
  readonly runtime: Runtime;
  readonly function: lambda.Function;
  /**
   * What API Gateway invokes: always the `live` alias, on `$LATEST` without SnapStart and on the
   * newest published version with it. Its ARN is the same in both cases, so turning SnapStart on
   * or off never removes or changes the export the API stack imports (no cross-stack deadlock).
   */
  readonly invokeTarget: lambda.Alias;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
  readonly placeholderArtifact: boolean;
  /** The physical name as a plain string (no token), used in custom metric names. */
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: RuntimeFunctionProps) {
    super(scope, id);
    const { runtime } = props;
    this.runtime = runtime;
    this.functionName = props.functionName;
    const artifact = resolveArtifact(runtime, props.allowMissingArtifact ?? false);
    this.placeholderArtifact = artifact.placeholder;

    // The predictable name is what the bench and the docs query. Because it is explicit, the
    // group goes with its stack in every environment: a retained group with this name would make
    // the next deploy after a destroy fail ("already exists").
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: logGroupNameFor(props.functionName),
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // An own role instead of the managed AWSLambdaBasicExecutionRole: it may write to its one log group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${runtime.name}: its log group, X-Ray, and the items table's five calls`,
    });
    this.logGroup.grantWrite(this.role);
    props.table.grant(this.role, ...ITEM_TABLE_ACTIONS);

    const lambdaRt = lambdaRuntime(runtime.aws.runtime);
    if (props.snapStart && lambdaRt.family !== lambda.RuntimeFamily.JAVA) {
      throw new Error(`runtime "${runtime.name}": SnapStart needs a Java runtime, not ${runtime.aws.runtime}`);
    }

    this.function = new lambda.Function(this, 'Function', {
      functionName: props.functionName,
      description: artifact.placeholder
        ? `PLACEHOLDER artifact (allowMissingArtifacts): ${runtime.name} was not built; do not deploy`
        : `${runtime.language}, ${runtime.framework}`,
      runtime: lambdaRt,
      handler: runtime.aws.handler,
      architecture: runtime.aws.architecture === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64,
      memorySize: runtime.aws.memoryMb,
      timeout: Duration.seconds(runtime.aws.timeoutSeconds),
      // Lambda's default is 512 MB; the local platform gives each instance's /tmp the same figure.
      ephemeralStorageSize: Size.mebibytes(runtime.aws.ephemeralStorageMb ?? 512),
      code: artifact.code,
      environment: { ...(runtime.aws.environment ?? {}), TABLE_NAME: props.table.tableName },
      role: this.role,
      logGroup: this.logGroup,
      tracing: props.tracing === false ? lambda.Tracing.DISABLED : lambda.Tracing.ACTIVE,
      snapStart: props.snapStart ? lambda.SnapStartConf.ON_PUBLISHED_VERSIONS : undefined,
      // Null (not set) when the manifest has none or the deployment opts out (fresh accounts, docs/aws.md).
      reservedConcurrentExecutions: props.applyReservedConcurrency === false ? undefined : reservedConcurrencyOf(runtime),
    });
    this.invokeTarget = new lambda.Alias(this, 'Live', {
      aliasName: LIVE_ALIAS,
      // SnapStart applies to published versions only; without it the alias follows $LATEST, so a
      // configuration update reaches the invoked code at once (fresh instances, as the docs say).
      version: props.snapStart ? this.function.currentVersion : this.function.latestVersion,
    });

    if (artifact.placeholder) {
      Annotations.of(this).addWarningV2(
        'multi-runtime-benchmark:placeholder-artifact',
        `${runtime.name}: artifact missing, a placeholder was packed (allowMissingArtifacts). Do not deploy this assembly.`,
      );
    }

    new logs.MetricFilter(this, 'MaxMemoryUsedFilter', {
      logGroup: this.logGroup,
      filterPattern: logs.FilterPattern.literal(MAX_MEMORY_PATTERN),
      metricNamespace: METRIC_NAMESPACE,
      metricName: this.metricName('MaxMemoryUsedMB'),
      metricValue: '$maxMemoryUsed',
      unit: cloudwatch.Unit.MEGABYTES,
    });
    new logs.MetricFilter(this, 'InitDurationFilter', {
      logGroup: this.logGroup,
      filterPattern: logs.FilterPattern.literal(INIT_DURATION_PATTERN),
      metricNamespace: METRIC_NAMESPACE,
      metricName: this.metricName('InitDurationMs'),
      metricValue: '$initDuration',
      unit: cloudwatch.Unit.MILLISECONDS,
    });

    // cdk-nag findings acknowledged here, each with its reason.
    if (props.tracing !== false) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions, so Resource "*" is the only option.',
      });
    }
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: `The runtime id (${runtime.aws.runtime}) is the one runtime "${runtime.name}" declares (its manifest in lambdas/, or one of its variants): the benchmark measures exactly that runtime.`,
    });
  }

  get name(): string {
    return this.runtime.name;
  }

  get memoryMb(): number {
    return this.runtime.aws.memoryMb;
  }

  /** Custom metric names carry the function name: metric filters cannot set a constant dimension. */
  private metricName(base: string): string {
    return `${base}/${this.functionName}`;
  }

  metricMaxMemoryUsed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: METRIC_NAMESPACE, metricName: this.metricName('MaxMemoryUsedMB'), statistic: 'Maximum', label: this.runtime.name, ...props });
  }

  metricInitDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({ namespace: METRIC_NAMESPACE, metricName: this.metricName('InitDurationMs'), statistic: 'Average', label: this.runtime.name, ...props });
  }
}
