/**
 * Cold starts on a deployed function, forced the way lambda-perf forces them
 * (maxday/lambda-perf, common_lib/src/lambda_manager.rs: an environment variable changed by
 * UpdateFunctionConfiguration): a configuration change makes Lambda serve the next invocation
 * from a fresh execution environment. The bench merges one variable, BENCH_COLD_START, into the
 * function's own (lambda-perf replaces them; ours need TABLE_NAME), waits for
 * LastUpdateStatus Successful, then sends the cold request: the local bench's own
 * (bench/src/phases.ts COLD_REQUESTS: a write, a read of what it wrote, a probe), through the
 * load generator's thread as every timed request. Its Init Duration and first Duration come
 * from the REPORT line with its Lambda-Request-Id (reports.ts).
 */
import type { HttpResult } from '../http';
import { COLD_REQUESTS, coldAnswerFigures } from '../phases';
import type { ColdRequest } from '../raw';
import type { FunctionConfiguration, LambdaConfigApi } from './clients';
import { explainAwsError, TargetError } from './errors';

export const COLD_START_VARIABLE = 'BENCH_COLD_START';

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

/** Sends one timed request (the load generator's thread: LoadGenerator.request). */
export type TimedSend = (url: string, method: string, body?: string) => Promise<HttpResult & { clientMs: number }>;

export interface ColdAnswer {
  kind: ColdRequest;
  result: HttpResult;
  clientMs: number;
  ok: boolean;
  error?: string;
  createdId?: string;
  memoryAfterInitMb?: number;
}

export interface ColdRequestOnTarget {
  lambda: LambdaConfigApi;
  functionName: string;
  /** `${target}/${runtime}` */
  baseUrl: string;
  kind: ColdRequest;
  round: number;
  /** The value BENCH_COLD_START takes: a new one forces a new environment. */
  mark: string;
  wait: UpdateWait;
  send: TimedSend;
  /** The read's item: what the cold write before it created. */
  createdId?: string;
  endpoint?: string;
}

/** One cold request: a fresh environment forced by `mark`, then the local bench's request of `kind`. */
export async function coldRequestOnTarget(c: ColdRequestOnTarget): Promise<ColdAnswer> {
  const spec = COLD_REQUESTS[c.kind];
  await updateEnvironment(c.lambda, c.functionName, { [COLD_START_VARIABLE]: c.mark }, c.wait, c.endpoint);
  const result = await c.send(`${c.baseUrl}${spec.path(c.createdId)}`, spec.method, spec.body?.(c.round));
  const clientMs = Math.round(result.clientMs * 100) / 100;
  if (result.status !== spec.status) return { kind: c.kind, result, clientMs, ok: false, error: `${result.status} ${result.error ?? result.body.slice(0, 200)}` };
  return { kind: c.kind, result, clientMs, ok: true, ...coldAnswerFigures(c.kind, result.body) };
}
