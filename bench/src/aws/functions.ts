/**
 * Which function serves each runtime on the stage, and its deployed configuration: memory
 * size, architecture, runtime id and log group are read from GetFunctionConfiguration, not
 * from the manifests (a deployment may differ from them), and recorded in results.json.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { functionNameFor, logGroupNameFor } from '../../../core/src/resource-names';
import type { Runtime } from '../../../core/src/runtimes';
import type { FunctionConfiguration, LambdaConfigApi } from './clients';
import { explainAwsError, TargetError } from './errors';

export interface DeployedFunction {
  runtime: string;
  functionName: string;
  memoryMb: number;
  architecture: 'x86_64' | 'arm64';
  awsRuntime: string;
  logGroup: string;
  /** Base64 SHA-256 of the deployed zip, as Lambda reports it. */
  codeSha256: string;
  /** Whether it is this checkout's build (lambdas/<runtime>/<build.artifact>); null without a local build. */
  codeMatchesCheckout: boolean | null;
  lastModified: string;
  /** SnapStart on published versions: the `live` alias then runs a version a configuration update does not reach. */
  snapStart: boolean;
}

const parseJson = (name: string, text: string | undefined): Record<string, string> => {
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    throw new TargetError(`${name} is not JSON: ${text}`);
  }
};

/**
 * The function of a runtime: BENCH_FUNCTIONS='{"go":"name"}' if it names one, else the CDK app's
 * `multi-runtime-benchmark-<BENCH_ENVIRONMENT>-<runtime>` (BENCH_ENVIRONMENT default dev).
 */
export function functionNameOf(runtime: string, env: NodeJS.ProcessEnv = process.env): string {
  return parseJson('BENCH_FUNCTIONS', env.BENCH_FUNCTIONS)[runtime] ?? functionNameFor(env.BENCH_ENVIRONMENT ?? 'dev', runtime);
}

/** BENCH_LOG_GROUPS='{"go":"/aws/lambda/…"}' first, then the function's own LoggingConfig, then Lambda's default. */
export function logGroupOf(runtime: string, config: FunctionConfiguration, env: NodeJS.ProcessEnv = process.env): string {
  return parseJson('BENCH_LOG_GROUPS', env.BENCH_LOG_GROUPS)[runtime] ?? config.LoggingConfig?.LogGroup ?? logGroupNameFor(config.FunctionName ?? functionNameOf(runtime, env));
}

/** Base64 SHA-256 of a local artifact, the form Lambda's CodeSha256 takes; undefined when not built. */
export function artifactSha256(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  return createHash('sha256').update(fs.readFileSync(file)).digest('base64');
}

/** Reads a runtime's deployed configuration; a missing function or an unusable setting stops the run with the fix. */
export async function readDeployedFunction(lambda: LambdaConfigApi, runtime: Runtime, env: NodeJS.ProcessEnv = process.env, endpoint?: string): Promise<DeployedFunction> {
  const name = functionNameOf(runtime.name, env);
  let c: FunctionConfiguration;
  try {
    c = await lambda.getFunctionConfiguration({ FunctionName: name });
  } catch (err) {
    if ((err as { name?: string }).name === 'ResourceNotFoundException') {
      throw new TargetError(
        `function ${name} (runtime ${runtime.name}) does not exist${endpoint ? ` at ${endpoint}` : ' in this account and region'}: deploy the stack (scripts/deploy.sh), ` +
          `or name the deployment: BENCH_ENVIRONMENT=<env> (functions multi-runtime-benchmark-<env>-<runtime>), BENCH_FUNCTIONS='{"${runtime.name}":"<function name>"}', ` +
          `or leave the runtime out with --runtime${endpoint ? '' : '; check AWS_REGION and the account of your credentials'}.`,
      );
    }
    throw explainAwsError(err, `reading the configuration of ${name}`, endpoint);
  }
  if (c.LoggingConfig?.LogFormat === 'JSON') {
    throw new TargetError(`function ${name} logs in JSON format; the bench reads Lambda's plain-text REPORT lines: set its log format to Text (the CDK app's default) and run again.`);
  }
  const local = artifactSha256(runtime.artifactPath);
  return {
    runtime: runtime.name,
    functionName: c.FunctionName ?? name,
    memoryMb: c.MemorySize ?? runtime.aws.memoryMb,
    architecture: c.Architectures?.[0] === 'arm64' ? 'arm64' : 'x86_64',
    awsRuntime: c.Runtime ?? 'unknown',
    logGroup: logGroupOf(runtime.name, c, env),
    codeSha256: c.CodeSha256 ?? '',
    codeMatchesCheckout: local === undefined ? null : local === c.CodeSha256,
    lastModified: c.LastModified ?? '',
    snapStart: c.SnapStart?.ApplyOn === 'PublishedVersions',
  };
}
