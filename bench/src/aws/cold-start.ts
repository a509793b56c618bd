/**
 * Cold starts on a deployed function, forced the way lambda-perf forces them
 * (maxday/lambda-perf, common_lib/src/lambda_manager.rs: an environment variable changed by
 * UpdateFunctionConfiguration): a configuration change makes Lambda serve the next invocation
 * from a fresh execution environment. The bench merges one variable, BENCH_COLD_START, into the
 * function's own (lambda-perf replaces them; ours need TABLE_NAME), waits for
 * LastUpdateStatus Successful, then sends the cold request. Its Init Duration and first
 * Duration come from the REPORT line with its Lambda-Request-Id (reports.ts).
 */
import { request, type HttpResult } from '../http';
import type { FunctionConfiguration, LambdaConfigApi } from './clients';
import { explainAwsError, TargetError } from './errors';

export const COLD_START_VARIABLE = 'BENCH_COLD_START';

/**
 * The request that meets a fresh environment. A sequence of them runs one fresh environment
 * each; `path` gets the item id the previous one created, if any (a write then a read).
 * Align with the local bench's cold request (bench/src/phases.ts) so both measure the same.
 */
export interface ColdRequestSpec {
  kind: string;
  method: string;
  path: (createdId?: string) => string;
  body?: () => string;
  status: number;
}

/** As the local bench's cold start (phases.ts): GET /metrics, which also reports memory after init. */
export const TARGET_COLD_REQUESTS: readonly ColdRequestSpec[] = [{ kind: 'probe', method: 'GET', path: () => '/metrics', status: 200 }];

export interface UpdateWait {
  timeoutMs: number;
  /** First poll interval; it doubles up to 1 s. */
  pollMs: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until LastUpdateStatus is Successful; Failed or a timeout is a TargetError naming the function. */
export async function waitUntilUpdated(lambda: LambdaConfigApi, name: string, w: UpdateWait, endpoint?: string): Promise<FunctionConfiguration> {
  const sleep = w.sleep ?? defaultSleep;
  const deadline = Date.now() + w.timeoutMs;
  let pause = w.pollMs;
  for (;;) {
    let c: FunctionConfiguration;
    try {
      c = await lambda.getFunctionConfiguration({ FunctionName: name });
    } catch (err) {
      throw explainAwsError(err, `waiting for the configuration update of ${name}`, endpoint);
    }
    if (c.LastUpdateStatus === 'Successful' || c.LastUpdateStatus === undefined) return c;
    if (c.LastUpdateStatus === 'Failed') {
      throw new TargetError(
        `the configuration update of ${name} failed (${c.LastUpdateStatusReasonCode ?? 'no reason code'}: ${c.LastUpdateStatusReason ?? 'no reason given'}): ` +
          'its last good configuration stays in place; look at the function in the Lambda console (or `aws lambda get-function-configuration`) before running again.',
      );
    }
    if (Date.now() >= deadline) {
      throw new TargetError(
        `the configuration update of ${name} did not complete within ${w.timeoutMs / 1000} s (LastUpdateStatus still ${c.LastUpdateStatus}): ` +
          'look at the function in the Lambda console; raise BENCH_UPDATE_TIMEOUT_S if updates are slow in this account.',
      );
    }
    await sleep(pause);
    pause = Math.min(1000, pause * 2);
  }
}

/** Merges `variables` (undefined value: removed) into the function's environment and waits for the update. */
export async function updateEnvironment(lambda: LambdaConfigApi, name: string, variables: Record<string, string | undefined>, w: UpdateWait, endpoint?: string): Promise<FunctionConfiguration> {
  const current = await waitUntilUpdated(lambda, name, w, endpoint);
  const merged: Record<string, string> = { ...(current.Environment?.Variables ?? {}) };
  for (const [k, v] of Object.entries(variables)) {
    if (v === undefined) delete merged[k];
    else merged[k] = v;
  }
  try {
    await lambda.updateFunctionConfiguration({ FunctionName: name, Environment: { Variables: merged }, ...(current.RevisionId ? { RevisionId: current.RevisionId } : {}) });
  } catch (err) {
    if ((err as { name?: string }).name === 'PreconditionFailedException' || (err as { name?: string }).name === 'ResourceConflictException') {
      throw new TargetError(`${name} was changed by someone else while the bench updated it (${(err as Error).message}): make sure nothing else deploys or updates it during the run.`);
    }
    throw explainAwsError(err, `updating the configuration of ${name}`, endpoint);
  }
  return waitUntilUpdated(lambda, name, w, endpoint);
}

export interface ColdAnswer {
  kind: string;
  result: HttpResult;
  clientMs: number;
  ok: boolean;
  error?: string;
  createdId?: string;
  memoryAfterInitMb?: number;
}

/** One cold request: a fresh environment forced by `mark`, then the request. */
export async function coldRequestOnTarget(
  lambda: LambdaConfigApi,
  name: string,
  baseUrl: string,
  spec: ColdRequestSpec,
  mark: string,
  w: UpdateWait,
  createdId?: string,
  endpoint?: string,
): Promise<ColdAnswer> {
  await updateEnvironment(lambda, name, { [COLD_START_VARIABLE]: mark }, w, endpoint);
  const result = await request(`${baseUrl}${spec.path(createdId)}`, spec.method, spec.body?.());
  const clientMs = Math.round((result.doneAt - result.sentAt) * 100) / 100;
  if (result.status !== spec.status) return { kind: spec.kind, result, clientMs, ok: false, error: `${result.status} ${result.error ?? result.body.slice(0, 200)}` };
  let body: { id?: unknown; memory?: { rssBytes?: unknown } } = {};
  try {
    body = JSON.parse(result.body) as typeof body;
  } catch {
    // Only the figures below come from the body.
  }
  const rss = body.memory?.rssBytes;
  return {
    kind: spec.kind,
    result,
    clientMs,
    ok: true,
    ...(typeof body.id === 'string' ? { createdId: body.id } : {}),
    ...(typeof rss === 'number' ? { memoryAfterInitMb: Math.round((rss / 1048576) * 10) / 10 } : {}),
  };
}
