/**
 * Lambda's control-plane calls the bench makes, over the platform's functions, named as the CDK
 * app names them (`multi-runtime-benchmark-<env>-<runtime>`): GetFunctionConfiguration,
 * GetFunction and UpdateFunctionConfiguration (Environment and Description). An update retires
 * every instance of the function, as AWS does when a configuration changes: the next request is
 * a cold start under the new environment. REST-JSON, API version 2015-03-31.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { ACCOUNT_ID } from '../apigw-event';
import { LOCAL_REGION } from '../dynamo';
import type { FunctionPool } from '../function-pool';
import type { Runtime } from '../../../core/src/runtimes';
import { DEFAULT_EPHEMERAL_STORAGE_MB } from '../sandbox';
import { functionNameFor, LIVE_ALIAS, logGroupNameFor } from '../../../core/src/resource-names';
import { AwsError, invalidParameter, notFound } from './errors';

/**
 * Variables Lambda defines itself and refuses in an update ("reserved keys", Lambda developer
 * guide, "Defined runtime environment variables"); PATH, LANG, TZ and the X-Ray ones are Lambda's
 * too but may be set (LAMBDA_SET).
 */
export const RESERVED_VARIABLES = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);
/** Defined by Lambda too, though a function may set them: not part of its configuration's Environment. */
const LAMBDA_SET = new Set(['PATH', 'LANG', 'TZ', 'AWS_XRAY_CONTEXT_MISSING', 'AWS_XRAY_DAEMON_ADDRESS', '_AWS_XRAY_DAEMON_ADDRESS', '_AWS_XRAY_DAEMON_PORT']);
const VARIABLE_NAME = /^[a-zA-Z]([a-zA-Z0-9_])+$/;

type UpdateStatus = { status: 'Successful' | 'InProgress' | 'Failed'; reason?: string; reasonCode?: string };

interface LocalFunction {
  runtime: Runtime;
  name: string;
  arn: string;
  logGroup: string;
  memoryMb: number;
  pool: FunctionPool;
  description: string;
  revisionId: string;
  lastModified: string;
  update: UpdateStatus;
  code: { sha256: string; size: number };
}

/** `2026-01-31T12:00:00.000+0000`, as Lambda prints LastModified. */
const lastModified = (at = new Date()) => at.toISOString().replace('Z', '+0000');

function codeOf(runtime: Runtime): { sha256: string; size: number } {
  if (!fs.existsSync(runtime.artifactPath)) return { sha256: '', size: 0 };
  const bytes = fs.readFileSync(runtime.artifactPath);
  return { sha256: createHash('sha256').update(bytes).digest('base64'), size: bytes.length };
}

export interface LambdaApiOptions {
  runtimes: Runtime[];
  pools: Map<string, FunctionPool>;
  memoryMb: Record<string, number>;
  /** The CDK environment whose names are served (`dev` → multi-runtime-benchmark-dev-go). */
  environment: string;
  /** Least time an update stays InProgress (AWS takes seconds; a client must poll either way). */
  updateDelayMs: number;
}

export class LambdaApi {
  private readonly functions = new Map<string, LocalFunction>();

  constructor(private readonly o: LambdaApiOptions) {
    for (const runtime of o.runtimes) {
      const name = functionNameFor(o.environment, runtime.name);
      this.functions.set(name, {
        runtime,
        name,
        arn: `arn:aws:lambda:${LOCAL_REGION}:${ACCOUNT_ID}:function:${name}`,
        logGroup: logGroupNameFor(name),
        memoryMb: o.memoryMb[runtime.name]!,
        pool: o.pools.get(runtime.name)!,
        description: `${runtime.language}, ${runtime.framework}`,
        revisionId: randomUUID(),
        lastModified: lastModified(),
        update: { status: 'Successful' },
        code: codeOf(runtime),
      });
    }
  }

  /** The log group each runtime's REPORT lines go to. */
  logGroupOf(runtime: string): string {
    return logGroupNameFor(functionNameFor(this.o.environment, runtime));
  }

  names(): string[] {
    return [...this.functions.keys()];
  }

  /** A name, `name:qualifier`, or a full or partial ARN, plus the Qualifier parameter. */
  private resolve(raw: string, qualifierParam: string | null): { fn: LocalFunction; qualifier: string | null } {
    const arn = /^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:)?(?:\d{12}:)?(?:function:)?([A-Za-z0-9_-]+)(?::([$A-Za-z0-9_-]+))?$/.exec(raw);
    const fn = arn ? this.functions.get(arn[1]!) : undefined;
    if (!fn) throw notFound(`Function not found: arn:aws:lambda:${LOCAL_REGION}:${ACCOUNT_ID}:function:${arn?.[1] ?? raw}`);
    const qualifier = qualifierParam ?? arn![2] ?? null;
    if (qualifier !== null && qualifier !== '$LATEST' && qualifier !== LIVE_ALIAS) throw notFound(`Function not found: ${fn.arn}:${qualifier}`);
    return { fn, qualifier };
  }

  private variables(fn: LocalFunction): Record<string, string> {
    return Object.fromEntries(Object.entries(fn.pool.options.env).filter(([k]) => !RESERVED_VARIABLES.has(k) && !LAMBDA_SET.has(k)));
  }

  private configuration(fn: LocalFunction, qualifier: string | null): object {
    const r = fn.runtime;
    return {
      FunctionName: fn.name,
      FunctionArn: qualifier ? `${fn.arn}:${qualifier}` : fn.arn,
      Runtime: r.aws.runtime,
      Role: `arn:aws:iam::${ACCOUNT_ID}:role/multi-runtime-benchmark-local`,
      Handler: r.aws.handler,
      CodeSize: fn.code.size,
      Description: fn.description,
      Timeout: r.aws.timeoutSeconds,
      MemorySize: fn.memoryMb,
      LastModified: fn.lastModified,
      CodeSha256: fn.code.sha256,
      Version: '$LATEST',
      Environment: { Variables: this.variables(fn) },
      TracingConfig: { Mode: 'PassThrough' },
      RevisionId: fn.revisionId,
      State: 'Active',
      LastUpdateStatus: fn.update.status,
      ...(fn.update.reason ? { LastUpdateStatusReason: fn.update.reason, LastUpdateStatusReasonCode: fn.update.reasonCode } : {}),
      PackageType: 'Zip',
      Architectures: [r.aws.architecture],
      EphemeralStorage: { Size: r.aws.ephemeralStorageMb ?? DEFAULT_EPHEMERAL_STORAGE_MB },
      SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
      LoggingConfig: { LogFormat: 'Text', LogGroup: fn.logGroup },
    };
  }

  /** GET /2015-03-31/functions/{name}[/configuration], PUT .../configuration. */
  async handle(method: string, url: URL, body: string): Promise<object> {
    const m = /^\/2015-03-31\/functions\/([^/]+)(\/configuration)?\/?$/.exec(url.pathname);
    if (!m) throw new AwsError(404, 'UnknownOperationException', `the local Lambda endpoint answers GetFunction, GetFunctionConfiguration and UpdateFunctionConfiguration only, not ${method} ${url.pathname}`);
    const { fn, qualifier } = this.resolve(decodeURIComponent(m[1]!), url.searchParams.get('Qualifier'));
    if (method === 'GET' && m[2]) return this.configuration(fn, qualifier);
    if (method === 'GET') return { Configuration: this.configuration(fn, qualifier), Code: { RepositoryType: 'S3', Location: `file://${fn.runtime.artifactPath}` } };
    if (method === 'PUT' && m[2]) {
      if (qualifier) throw invalidParameter('UpdateFunctionConfiguration takes the unqualified function; a version or alias cannot be changed.');
      return this.update(fn, body);
    }
    throw new AwsError(404, 'UnknownOperationException', `the local Lambda endpoint does not answer ${method} ${url.pathname}`);
  }

  private update(fn: LocalFunction, text: string): object {
    let input: { Environment?: { Variables?: Record<string, unknown> }; Description?: unknown; RevisionId?: unknown; [k: string]: unknown };
    try {
      input = JSON.parse(text || '{}') as typeof input;
    } catch {
      throw invalidParameter('the request body is not JSON');
    }
    const unsupported = Object.keys(input).filter((k) => !['Environment', 'Description', 'RevisionId'].includes(k));
    if (unsupported.length) throw invalidParameter(`the local platform's UpdateFunctionConfiguration changes Environment and Description only, not ${unsupported.join(', ')}`);
    if (fn.update.status === 'InProgress') throw new AwsError(409, 'ResourceConflictException', `The operation cannot be performed at this time. An update is in progress for resource: ${fn.arn}`);
    if (input.RevisionId !== undefined && input.RevisionId !== fn.revisionId) {
      throw new AwsError(412, 'PreconditionFailedException', 'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id');
    }
    const variables = input.Environment?.Variables;
    if (input.Environment !== undefined) {
      if (typeof variables !== 'object' || variables === null || Object.values(variables).some((v) => typeof v !== 'string')) throw invalidParameter('Environment.Variables must map names to strings');
      const reserved = Object.keys(variables).filter((k) => RESERVED_VARIABLES.has(k));
      if (reserved.length) throw invalidParameter(`Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: ${reserved.join(', ')}`);
      const badName = Object.keys(variables).find((k) => !VARIABLE_NAME.test(k));
      if (badName) throw invalidParameter(`environment variable name "${badName}" must match [a-zA-Z]([a-zA-Z0-9_])+`);
    }
    if (input.Description !== undefined) {
      if (typeof input.Description !== 'string') throw invalidParameter('Description must be a string');
      fn.description = input.Description;
    }
    fn.revisionId = randomUUID();
    fn.lastModified = lastModified();
    fn.update = { status: 'InProgress', reason: 'The function is being updated.', reasonCode: 'Creating' };
    const answer = this.configuration(fn, null);
    void this.apply(fn, variables as Record<string, string> | undefined);
    return answer;
  }

  /**
   * The new environment for new instances first, then every instance retired (idle ones at once,
   * busy ones after their invocation): nothing started under the old configuration serves again.
   */
  private async apply(fn: LocalFunction, variables: Record<string, string> | undefined): Promise<void> {
    const started = Date.now();
    try {
      if (variables) {
        const env = fn.pool.options.env;
        for (const key of Object.keys(this.variables(fn))) delete env[key];
        Object.assign(env, variables);
      }
      await fn.pool.drain();
      await new Promise((r) => setTimeout(r, Math.max(0, this.o.updateDelayMs - (Date.now() - started))));
      fn.update = { status: 'Successful' };
    } catch (err) {
      fn.update = { status: 'Failed', reason: `the local platform could not retire the old instances: ${(err as Error).message}`, reasonCode: 'InternalError' };
    }
  }
}
