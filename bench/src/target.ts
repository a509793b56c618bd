/**
 * `--target URL`: the benchmark against a deployed stage (the StageUrl output), or against the
 * local platform speaking the same AWS APIs (`--aws-endpoint`). Per round, runtimes interleaved
 * as locally: cold starts forced by a configuration update (aws/cold-start.ts) with the local
 * bench's cold requests (a write and a read doing real work, then the probe), warm latency at
 * fixed rates, (--full) machine throughput. Every timed request goes through the load
 * generator's thread, each phase through the load guard, as locally. Memory size, architecture
 * and runtime id come from each function's deployed configuration; every measured request is
 * matched to its REPORT line by request id (aws/correlate.ts) and the unmatched ones are
 * counted. Requests are SigV4-signed unless BENCH_AUTH=none, on this thread and the
 * generator's, with credentials refreshed before each phase; items the bench creates get an
 * expiry when BENCH_TABLE_NAME is set. Whatever stops the run (aws/errors.ts) keeps what was
 * measured and marks the run incomplete.
 */
import type { Runtime } from '../../core/src/runtimes';
import { awsClients, isLoopback, LOCAL_DUMMY_CREDENTIALS, type AwsClients } from './aws/clients';
import { COLD_START_VARIABLE, coldRequestOnTarget, updateEnvironment, type UpdateWait } from './aws/cold-start';
import { correlate, type PendingCold, type PendingWarm } from './aws/correlate';
import { explainAwsError, TargetError } from './aws/errors';
import { readDeployedFunction, type DeployedFunction } from './aws/functions';
import { checkStage } from './aws/preflight';
import type { TargetRaw, TargetResults } from './aws/target-results';
import { request, setRequestSigner } from './http';
import { defaultExpiryWriter, expiryEpochSeconds, itemTtlHours, stampExpiry, type ExpiryWriter } from './item-expiry';
import type { LoadGenerator } from './loadgen/client';
import type { LoadGuard } from './loadguard';
import { seedItems } from './open-model';
import type { BenchOptions } from './options';
import type { Progress } from './progress';
import type { ColdRequest, ColdStartSample, RawRun, WarmSample } from './raw';
import type { ConformanceResult } from './results';
import { StageSigner, stageRegion, type AwsCredentials } from './sigv4';

export type StageAuthMode = 'iam' | 'none';

/** BENCH_AUTH: `iam` (default: the CDK app deploys IAM authorization) or `none` (a stage deployed with --context apiAuth=none). */
export function stageAuthMode(env: NodeJS.ProcessEnv = process.env): StageAuthMode {
  const mode = env.BENCH_AUTH ?? 'iam';
  if (mode !== 'iam' && mode !== 'none') throw new Error(`BENCH_AUTH must be iam or none, got "${mode}"`);
  return mode;
}

/** The AWS SDK's default credential chain (environment, profile, SSO, web identity, container, instance). */
async function defaultCredentials(region: string): Promise<() => Promise<AwsCredentials>> {
  const sdk = await import('@aws-sdk/client-dynamodb');
  const provider = new sdk.DynamoDBClient({ region }).config.credentials;
  return async () => {
    const c = await provider();
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
  };
}

/** The signer for the stage, credentials resolved; undefined with BENCH_AUTH=none. No credentials: a message saying what to do. */
export async function stageSigner(target: string, env: NodeJS.ProcessEnv = process.env, credentials?: () => Promise<AwsCredentials>, region?: string): Promise<StageSigner | undefined> {
  if (stageAuthMode(env) === 'none') return undefined;
  const at = region ?? stageRegion(new URL(target), env);
  const signer = new StageSigner(credentials ?? (await defaultCredentials(at)), at);
  try {
    await signer.refresh();
  } catch (err) {
    throw new TargetError(
      `--target ${target}: the stage requires SigV4-signed requests (IAM authorization, the CDK app's default) and no AWS credentials were found ` +
        `(${(err as Error).message}). Configure credentials for a principal with the Api stack's BenchRunnerPolicyArn attached ` +
        '(AWS_PROFILE, `aws sso login`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), or set BENCH_AUTH=none for a stage deployed with --context apiAuth=none.',
    );
  }
  return signer;
}

/** Timeouts from the environment, in seconds: BENCH_UPDATE_TIMEOUT_S (120), BENCH_LOGS_WAIT_S (120), BENCH_LOGS_QUERY_TIMEOUT_S (60). */
export function targetTimings(env: NodeJS.ProcessEnv = process.env): { updateTimeoutMs: number; logsWaitMs: number; queryTimeoutMs: number } {
  const seconds = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback * 1000;
    const s = Number(raw);
    if (!Number.isFinite(s) || s <= 0) throw new Error(`${name} must be a positive number of seconds, got "${raw}"`);
    return s * 1000;
  };
  return { updateTimeoutMs: seconds('BENCH_UPDATE_TIMEOUT_S', 120), logsWaitMs: seconds('BENCH_LOGS_WAIT_S', 120), queryTimeoutMs: seconds('BENCH_LOGS_QUERY_TIMEOUT_S', 60) };
}

export interface TargetDeps {
  /** Stubs for the AWS calls (tests); default the SDK clients. */
  clients?: AwsClients;
  credentials?: () => Promise<AwsCredentials>;
  expiryWriter?: ExpiryWriter;
  /** The conformance verdict for this checkout (run.ts); the target adds whether each deployed artifact is this checkout's build. */
  gate?: (names: string[]) => Promise<ConformanceResult>;
  sleep?: (ms: number) => Promise<void>;
  env?: NodeJS.ProcessEnv;
}

export interface TargetOutcome {
  conformance: ConformanceResult;
  limits: { enforced: boolean; reason?: string; cgroupVersion: string };
  deployed: DeployedFunction[];
  target: TargetResults;
  /** Why the run stopped early or lacks figures; empty when complete. */
  incomplete: string[];
  raw: TargetRaw;
}

export const COLD_START_METHOD = `UpdateFunctionConfiguration merging ${COLD_START_VARIABLE}=<run>-<n> into the function's environment, LastUpdateStatus Successful awaited, then the local bench's cold request (lambda-perf's method)`;

/** Answers in a row that must all succeed before a warm phase's measured window starts on a stage (at least 5, one second's worth). */
export const steadyAnswersFor = (rate: number): number => Math.max(5, Math.round(rate));

export async function runAgainstTarget(
  o: BenchOptions,
  runtimes: Runtime[],
  raw: RawRun,
  progress: Progress,
  log: (s: string) => void,
  generator: LoadGenerator,
  guard: LoadGuard,
  deps: TargetDeps = {},
): Promise<TargetOutcome> {
  const env = deps.env ?? process.env;
  const target = o.target!;
  const endpoint = o.awsEndpoint ?? undefined;
  const names = runtimes.map((r) => r.name);
  // Settings that are wrong stop the run before anything starts (a message, exit 1).
  const timings = targetTimings(env);
  const wait: UpdateWait = { timeoutMs: timings.updateTimeoutMs, pollMs: 100, ...(deps.sleep ? { sleep: deps.sleep } : {}) };
  // The local platform's URL says no region: the one the AWS calls use then.
  const region = endpoint && !/\.execute-api\./.test(new URL(target).hostname) ? (env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1') : stageRegion(new URL(target), env);
  const outcome: TargetOutcome = {
    conformance: { status: 'unavailable', source: 'the run stopped before the conformance gate', runtimes: {} },
    limits: { enforced: true, reason: endpoint ? `the service behind --aws-endpoint ${endpoint} enforces its own limits` : 'AWS Lambda enforces its own limits', cgroupVersion: 'aws' },
    deployed: [],
    target: { url: target, awsEndpoint: endpoint ?? null, region, auth: stageAuthMode(env), coldStartMethod: COLD_START_METHOD, functions: {}, correlation: {} },
    incomplete: [],
    raw: { cold: [], warm: [], reports: {} },
  };
  const cold: PendingCold[] = [];
  const warm: PendingWarm[] = [];
  const started = Date.now();
  let clients = deps.clients;
  let signer: StageSigner | undefined;
  /** Functions whose environment the bench changed: restored at the end. */
  const forced = new Set<DeployedFunction>();
  // Whatever stops the run keeps what was measured: an unforeseen error too (its stack goes to raw/bench.log).
  const stop = (err: unknown) => {
    const message = err instanceof TargetError ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
    if (!(err instanceof TargetError)) log(`${message}\n${(err as Error)?.stack ?? ''}`);
    outcome.incomplete.push(message);
    progress.note(`stopped: ${message}`);
  };
  // Fresh credentials before each phase, on this thread (preflight, seeding) and the generator's (everything timed).
  const refresh = async () => {
    if (!signer) return;
    await signer.refresh();
    setRequestSigner(signer.sign);
    await generator.setSigning({ credentials: signer.current(), region: signer.region, service: signer.service });
  };
  try {
    const credentials = deps.credentials ?? (endpoint && isLoopback(endpoint) ? async () => LOCAL_DUMMY_CREDENTIALS : undefined);
    signer = await stageSigner(target, env, credentials, region);
    progress.note(signer ? `signing every request (SigV4, execute-api, ${region}${credentials && !deps.credentials ? ', dummy credentials for the loopback endpoint' : ''})` : 'BENCH_AUTH=none: requests are not signed');
    await refresh();
    await checkStage(target, names, (url) => request(url), !!signer);
    clients ??= await awsClients(region, endpoint);
    for (const rt of runtimes) outcome.deployed.push(await readDeployedFunction(clients.lambda, rt, env, endpoint));
    for (const d of outcome.deployed) {
      outcome.target.functions[d.runtime] = { ...d, coldStarts: d.snapStart ? 'not measured: SnapStart is on, so the live alias runs a published version that a configuration update does not reach' : 'measured' };
      progress.note(`${d.runtime}: ${d.functionName}, ${d.memoryMb} MB, ${d.architecture}, ${d.awsRuntime}, logs in ${d.logGroup}${d.codeMatchesCheckout === false ? " (NOT this checkout's build)" : ''}`);
    }
    outcome.conformance = codeGate(deps.gate ? await deps.gate(names) : { status: 'skipped', source: 'no gate', runtimes: {} }, outcome.deployed);
    progress.note(`conformance: ${outcome.conformance.status} (${outcome.conformance.source})`);
    const expire = await expiry(env, region, endpoint, deps.expiryWriter, progress, log);
    const seeds = new Map<string, string[]>();
    for (const rt of names) {
      await refresh();
      seeds.set(
        rt,
        await seedItems(`${target}/${rt}`, 20).catch((err: Error) => {
          throw new TargetError(`${rt}: seeding 20 items failed (${err.message}): the runtime answers its health but cannot write; look at its logs (${outcome.target.functions[rt]?.logGroup ?? 'its log group'}).`);
        }),
      );
      await expire(rt, seeds.get(rt)!);
    }
    const byName = new Map(outcome.deployed.map((d) => [d.runtime, d]));
    const step = <T>(phase: string, d: DeployedFunction, round: number, fn: () => Promise<T>) =>
      progress.step(phase, d.runtime, d.memoryMb, round, () => guard.phase({ phase, runtime: d.runtime, memoryMb: d.memoryMb, round }, fn));
    const runId = Date.now().toString(36);
    let seq = 0;
    /** One cold request of `kind` on a fresh environment: its sample recorded, its request id kept for the REPORT line. */
    const coldOne = async (d: DeployedFunction, round: number, kind: ColdRequest, createdId?: string) => {
      await refresh();
      await generator.reset();
      forced.add(d);
      const a = await coldRequestOnTarget({ lambda: clients!.lambda, functionName: d.functionName, baseUrl: `${target}/${d.runtime}`, kind, round, mark: `${runId}-${++seq}`, wait, send: (url, method, body) => generator.request(url, method, body), createdId, endpoint });
      if (a.createdId) await expire(d.runtime, [a.createdId]);
      const sample: ColdStartSample = { runtime: d.runtime, memoryMb: d.memoryMb, round, request: kind, ok: a.ok, clientMs: a.clientMs, ...(a.error ? { error: a.error } : {}), ...(a.memoryAfterInitMb !== undefined ? { memoryAfterInitMb: a.memoryAfterInitMb } : {}) };
      raw.coldStarts.push(sample);
      cold.push({ sample, kind, requestId: a.result.lambdaRequestId ?? null });
      return a.createdId;
    };
    for (let round = 0; round < o.rounds; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (const rt of order) {
        const d = byName.get(rt)!;
        if (d.snapStart) continue;
        // As locally (bench/src/run.ts): write/read pairs doing real work, then the probe.
        for (let k = 0; k < o.coldStarts; k++) {
          await step('cold start: write, read', d, round, async () => {
            const createdId = await coldOne(d, round, 'write');
            if (createdId) await coldOne(d, round, 'read', createdId);
            else raw.coldStarts.push({ runtime: rt, memoryMb: d.memoryMb, round, request: 'read', ok: false, error: 'no item: the cold write failed' });
          });
        }
        await step('cold start: probe', d, round, () => coldOne(d, round, 'probe'));
      }
      for (const rt of order) {
        const d = byName.get(rt)!;
        for (const rate of o.rates) {
          await step(`warm ${rate} req/s`, d, round, async () => {
            await refresh();
            await generator.reset();
            // No instance list to watch on a stage: the measured window starts once the answers are steady.
            const r = await generator.openModel({ baseUrl: `${target}/${rt}`, rate, durationS: o.warmSeconds, warmupS: o.warmupSeconds, maxWarmupS: o.maxRampSeconds, steadyAnswers: steadyAnswersFor(rate), seed: o.seed + round, seedIds: seeds.get(rt)! });
            if (r.errorSamples.length) log(`${rt} at ${rate} req/s: ${r.errors} errors, e.g. ${r.errorSamples.join('; ')}`);
            const sample: WarmSample = {
              runtime: rt, memoryMb: d.memoryMb, rate, round, durationS: o.warmSeconds, requests: r.requests, errors: r.errors,
              measuredRequests: r.measuredRequests, measuredErrors: r.measuredErrors, latencyMs: r.latencyMs, uncorrectedMs: r.uncorrectedMs,
              serverDurationMs: [], billedDurationMs: [], coldBilledDurationMs: [], maxMemoryUsedMb: [], cpuTimeMs: [], coldStarts: 0, invocations: 0, peakInstances: 0,
            };
            raw.warm.push(sample);
            warm.push({ sample, requestIds: r.requestIds, requestDueAt: r.requestDueAt, phaseStart: r.phaseStart, windowStart: r.windowStart, windowEnd: r.windowEnd, reachedReady: r.reachedReady });
            await expire(rt, r.createdIds);
          });
        }
      }
      for (const rt of order) {
        const d = byName.get(rt)!;
        for (const c of o.concurrency) {
          await step(`machine throughput c=${c}`, d, round, async () => {
            await refresh();
            await generator.reset();
            const r = await generator.closed(target, [`${new URL(target).pathname.replace(/\/$/, '')}/${rt}/items?limit=20`], c, o.throughputSeconds);
            raw.throughput.push({ runtime: rt, memoryMb: d.memoryMb, round, ...r });
          });
        }
      }
    }
  } catch (err) {
    stop(err);
  } finally {
    setRequestSigner(undefined);
    if (signer) await generator.setSigning(undefined).catch(() => undefined);
  }
  if (clients && (cold.length || warm.length)) {
    try {
      await correlate(clients, outcome, cold, warm, started, timings, deps.sleep, endpoint, progress);
    } catch (err) {
      stop(err);
      // A cold sample without its REPORT line has no Init Duration: not a measured cold start.
      for (const c of cold) if (c.sample.ok && c.sample.initDurationMs === undefined) Object.assign(c.sample, { ok: false, error: 'its REPORT line could not be read (see incomplete)' });
    }
  }
  if (clients) await restore(clients, [...forced], wait, endpoint, progress, log);
  if (!deps.clients) clients?.close();
  return outcome;
}

/** The verdict is for this checkout: a runtime whose deployed zip is another build is not ranked. */
function codeGate(c: ConformanceResult, deployed: DeployedFunction[]): ConformanceResult {
  const runtimes = { ...c.runtimes };
  for (const d of deployed) {
    const v = runtimes[d.runtime];
    if (!v?.passed || d.codeMatchesCheckout === true) continue;
    runtimes[d.runtime] = {
      passed: false,
      reason: d.codeMatchesCheckout === null ? 'no local build to compare the deployed code with (npm run build)' : `the deployed code (CodeSha256 ${d.codeSha256}) is not this checkout's build: redeploy, or check out what was deployed`,
    };
  }
  const names = Object.keys(runtimes);
  const status = c.status === 'passed' && names.some((n) => !runtimes[n]!.passed) ? 'failed' : c.status;
  return { ...c, status, source: `${c.source}; deployed code compared with this checkout's build (CodeSha256)`, runtimes };
}

async function expiry(env: NodeJS.ProcessEnv, region: string, endpoint: string | undefined, writer: ExpiryWriter | undefined, progress: Progress, log: (s: string) => void) {
  const tableName = env.BENCH_TABLE_NAME;
  if (tableName && endpoint && !writer) progress.note(`BENCH_TABLE_NAME ignored with --aws-endpoint: the items the bench creates get no expiry there`);
  const w = tableName && !(endpoint && !writer) ? (writer ?? (await defaultExpiryWriter(region))) : undefined;
  if (!tableName) progress.note('BENCH_TABLE_NAME unset: the items the bench creates get no expiry (scripts/deploy.sh prints the table name)');
  const ttlHours = itemTtlHours(env);
  // Outside the measured windows: after seeding, a cold write and each phase.
  return async (rt: string, ids: readonly string[]) => {
    if (!w || !tableName || ids.length === 0) return;
    const r = await stampExpiry(w, tableName, ids, expiryEpochSeconds(Date.now(), ttlHours));
    if (r.failed.length) log(`${rt}: ${r.failed.length} item(s) got no expiry, e.g. ${r.failed[0]}`);
  };
}

/** Takes the bench's variable out of every function it updated: their environments end as they began. */
async function restore(clients: AwsClients, functions: DeployedFunction[], wait: UpdateWait, endpoint: string | undefined, progress: Progress, log: (s: string) => void): Promise<void> {
  for (const d of functions) {
    try {
      await updateEnvironment(clients.lambda, d.functionName, { [COLD_START_VARIABLE]: undefined }, wait, endpoint);
    } catch (err) {
      const message = explainAwsError(err, `removing ${COLD_START_VARIABLE} from ${d.functionName}`, endpoint).message;
      progress.note(`${message} (harmless; the next deploy resets it)`);
      log(message);
    }
  }
}
