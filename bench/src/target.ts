/**
 * `--target URL`: the benchmark against a deployed stage (the StageUrl output), or against the
 * local platform speaking the same AWS APIs (`--aws-endpoint`). Per round, runtimes interleaved
 * as locally: cold starts forced by a configuration update (aws/cold-start.ts), warm latency at
 * fixed rates, throughput. Memory size, architecture and runtime id come from each function's
 * deployed configuration; every measured request is matched to its REPORT line by request id
 * (aws/reports.ts) and the unmatched ones are counted. Requests are SigV4-signed unless
 * BENCH_AUTH=none; items the bench creates get an expiry when BENCH_TABLE_NAME is set.
 * Whatever stops the run (aws/errors.ts) keeps what was measured and marks the run incomplete.
 */
import type { Runtime } from '../../platform/src/runtimes';
import { awsClients, isLoopback, LOCAL_DUMMY_CREDENTIALS, type AwsClients } from './aws/clients';
import { COLD_START_VARIABLE, coldRequestOnTarget, TARGET_COLD_REQUESTS, updateEnvironment, type ColdRequestSpec } from './aws/cold-start';
import { explainAwsError, TargetError } from './aws/errors';
import { readDeployedFunction, type DeployedFunction } from './aws/functions';
import { checkStage } from './aws/preflight';
import { findReports, type ReportRow } from './aws/reports';
import type { Correlation, TargetRaw, TargetResults } from './aws/target-results';
import { runClosedModel } from './closed-model';
import { request, setRequestSigner } from './http';
import { defaultExpiryWriter, expiryEpochSeconds, itemTtlHours, stampExpiry, type ExpiryWriter } from './item-expiry';
import { runOpenModel, seedItems } from './open-model';
import type { BenchOptions } from './options';
import type { Progress } from './progress';
import type { ColdStartSample, RawRun, WarmSample } from './raw';
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
export async function stageSigner(target: string, env: NodeJS.ProcessEnv = process.env, credentials?: () => Promise<AwsCredentials>, region = stageRegion(new URL(target), env)): Promise<StageSigner | undefined> {
  if (stageAuthMode(env) === 'none') return undefined;
  const signer = new StageSigner(credentials ?? (await defaultCredentials(region)), region);
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
  /** The cold request(s): the local bench's, so both measure the same thing. */
  coldRequests?: readonly ColdRequestSpec[];
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

export const COLD_START_METHOD = `UpdateFunctionConfiguration merging ${COLD_START_VARIABLE}=<run>-<n> into the function's environment, LastUpdateStatus Successful awaited, then the cold request (lambda-perf's method)`;

interface PendingCold {
  sample: ColdStartSample;
  kind: string;
  requestId: string | null;
}

interface PendingWarm {
  sample: WarmSample;
  requestIds: string[];
  measuredRequestIds: string[];
}

export async function runAgainstTarget(o: BenchOptions, runtimes: Runtime[], raw: RawRun, progress: Progress, log: (s: string) => void, deps: TargetDeps = {}): Promise<TargetOutcome> {
  const env = deps.env ?? process.env;
  const target = o.target!;
  const endpoint = o.awsEndpoint ?? undefined;
  const names = runtimes.map((r) => r.name);
  const region = endpoint && !/\.execute-api\./.test(new URL(target).hostname) ? (env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1') : stageRegion(new URL(target), env);
  const outcome: TargetOutcome = {
    conformance: { status: 'unavailable', source: 'the run stopped before the conformance gate', runtimes: {} },
    limits: { enforced: true, reason: endpoint ? `the service behind --aws-endpoint ${endpoint} enforces its own limits` : 'AWS Lambda enforces its own limits', cgroupVersion: 'aws' },
    deployed: [],
    target: { url: target, awsEndpoint: endpoint ?? null, region, auth: stageAuthMode(env), coldStartMethod: COLD_START_METHOD, functions: {}, correlation: {} },
    incomplete: [],
    raw: { cold: [], warm: [], reports: {} },
  };
  const timings = targetTimings(env);
  const wait = { timeoutMs: timings.updateTimeoutMs, pollMs: 100, ...(deps.sleep ? { sleep: deps.sleep } : {}) };
  const cold: PendingCold[] = [];
  const warm: PendingWarm[] = [];
  const runId = `${Date.now().toString(36)}`;
  const started = Date.now();
  let clients = deps.clients;
  /** Functions whose environment the bench changed: restored at the end. */
  const forced = new Set<DeployedFunction>();
  // Whatever stops the run keeps what was measured: an unforeseen error too (its stack goes to raw/bench.log).
  const stop = (err: unknown) => {
    const message = err instanceof TargetError ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
    if (!(err instanceof TargetError)) log(`${message}\n${(err as Error)?.stack ?? ''}`);
    outcome.incomplete.push(message);
    progress.note(`stopped: ${message}`);
  };
  try {
    const credentials = deps.credentials ?? (endpoint && isLoopback(endpoint) ? async () => LOCAL_DUMMY_CREDENTIALS : undefined);
    const signer = await stageSigner(target, env, credentials, region);
    progress.note(signer ? `signing every request (SigV4, execute-api, ${region}${credentials && !deps.credentials ? ', dummy credentials for the loopback endpoint' : ''})` : 'BENCH_AUTH=none: requests are not signed');
    setRequestSigner(signer?.sign);
    await checkStage(target, names, (url) => request(url), !!signer);
    clients ??= await awsClients(region, endpoint);
    for (const rt of runtimes) outcome.deployed.push(await readDeployedFunction(clients.lambda, rt, env, endpoint));
    for (const d of outcome.deployed) {
      outcome.target.functions[d.runtime] = { ...d, coldStarts: d.snapStart ? 'not measured: SnapStart is on, so the live alias runs a published version that a configuration update does not reach' : 'measured' };
      progress.note(`${d.runtime}: ${d.functionName}, ${d.memoryMb} MB, ${d.architecture}, ${d.awsRuntime}, logs in ${d.logGroup}${d.codeMatchesCheckout === false ? ' (NOT this checkout\'s build)' : ''}`);
    }
    outcome.conformance = codeGate(deps.gate ? await deps.gate(names) : { status: 'skipped', source: 'no gate', runtimes: {} }, outcome.deployed);
    progress.note(`conformance: ${outcome.conformance.status} (${outcome.conformance.source})`);
    const expire = await expiry(env, region, endpoint, deps.expiryWriter, progress, log);
    const seeds = new Map<string, string[]>();
    for (const rt of names) {
      await signer?.refresh();
      seeds.set(
        rt,
        await seedItems(`${target}/${rt}`, 20).catch((err: Error) => {
          throw new TargetError(`${rt}: seeding 20 items failed (${err.message}): the runtime answers its health but cannot write; look at its logs (${byNameLog(outcome.deployed, rt)}).`);
        }),
      );
      await expire(rt, seeds.get(rt)!);
    }
    const byName = new Map(outcome.deployed.map((d) => [d.runtime, d]));
    let seq = 0;
    for (let round = 0; round < o.rounds; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      for (let k = 0; k < o.coldStarts; k++) {
        for (const rt of order) {
          const d = byName.get(rt)!;
          if (d.snapStart) continue;
          await progress.step('cold start', rt, d.memoryMb, round, async () => {
            await signer?.refresh();
            let createdId: string | undefined;
            for (const spec of deps.coldRequests ?? TARGET_COLD_REQUESTS) {
              forced.add(d);
              const a = await coldRequestOnTarget(clients!.lambda, d.functionName, `${target}/${rt}`, spec, `${runId}-${++seq}`, wait, createdId, endpoint);
              createdId = a.createdId;
              if (a.createdId) await expire(rt, [a.createdId]);
              const sample: ColdStartSample = { runtime: rt, memoryMb: d.memoryMb, round, ok: a.ok, clientMs: a.clientMs, ...(a.error ? { error: a.error } : {}), ...(a.memoryAfterInitMb !== undefined ? { memoryAfterInitMb: a.memoryAfterInitMb } : {}) };
              raw.coldStarts.push(sample);
              cold.push({ sample, kind: spec.kind, requestId: a.result.lambdaRequestId ?? null });
            }
          });
        }
      }
      for (const rate of o.rates) {
        for (const rt of order) {
          const d = byName.get(rt)!;
          await progress.step(`warm ${rate} req/s`, rt, d.memoryMb, round, async () => {
            await signer?.refresh();
            // No instance list to watch on a stage: the measured window starts once the answers are steady.
            const steady = steadyAnswers(Math.max(5, Math.round(rate)));
            const r = await runOpenModel({ baseUrl: `${target}/${rt}`, rate, durationS: o.warmSeconds, warmupS: o.warmupSeconds, ready: steady.ready, maxWarmupS: MAX_TARGET_WARMUP_S, onAnswer: steady.record, seed: o.seed + round, seedIds: seeds.get(rt)! });
            if (r.errorSamples.length) log(`${rt} at ${rate} req/s: ${r.errors} errors, e.g. ${r.errorSamples.join('; ')}`);
            const sample: WarmSample = {
              runtime: rt, memoryMb: d.memoryMb, rate, round, durationS: o.warmSeconds, requests: r.requests, errors: r.errors,
              measuredRequests: r.measuredRequests, measuredErrors: r.measuredErrors, latencyMs: r.recorder.samples, uncorrectedMs: r.recorder.uncorrectedSamples,
              serverDurationMs: [], billedDurationMs: [], maxMemoryUsedMb: [], cpuTimeMs: [], coldStarts: 0, invocations: 0, peakInstances: 0,
            };
            raw.warm.push(sample);
            warm.push({ sample, requestIds: r.requestIds, measuredRequestIds: r.measuredRequestIds });
            await expire(rt, r.createdIds);
          });
        }
      }
      for (const rt of order) {
        const d = byName.get(rt)!;
        for (const c of o.concurrency) {
          await progress.step(`throughput c=${c}`, rt, d.memoryMb, round, async () => {
            await signer?.refresh();
            const r = await runClosedModel(target, [`${new URL(target).pathname.replace(/\/$/, '')}/${rt}/items?limit=20`], c, o.throughputSeconds, signer?.sign);
            raw.throughput.push({ runtime: rt, memoryMb: d.memoryMb, round, ...r });
          });
        }
      }
    }
  } catch (err) {
    stop(err);
  } finally {
    setRequestSigner(undefined);
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

const byNameLog = (deployed: DeployedFunction[], rt: string) => deployed.find((d) => d.runtime === rt)?.logGroup ?? 'its log group';

/** The longest warm-up of a warm phase on a target before the measured window starts anyway (as locally). */
export const MAX_TARGET_WARMUP_S = 30;

/**
 * A stage shows no instances, so a warm phase's warm-up lasts until the last `n` answers all
 * succeeded: the scale-out is over when nothing is throttled or failing any more.
 */
export function steadyAnswers(n: number): { record: (ok: boolean) => void; ready: () => boolean } {
  const last: boolean[] = [];
  return {
    record: (ok) => {
      last.push(ok);
      if (last.length > n) last.shift();
    },
    ready: () => last.length === n && last.every(Boolean),
  };
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

/** Finds every measured request's REPORT line and fills in the server-side figures; counts the rest. */
async function correlate(
  clients: AwsClients,
  outcome: TargetOutcome,
  cold: PendingCold[],
  warm: PendingWarm[],
  started: number,
  timings: ReturnType<typeof targetTimings>,
  sleep: ((ms: number) => Promise<void>) | undefined,
  endpoint: string | undefined,
  progress: Progress,
): Promise<void> {
  for (const d of outcome.deployed) {
    const coldHere = cold.filter((c) => c.sample.runtime === d.runtime);
    const warmHere = warm.filter((w) => w.sample.runtime === d.runtime);
    const ids = [...coldHere.flatMap((c) => (c.requestId ? [c.requestId] : [])), ...warmHere.flatMap((w) => w.requestIds)];
    if (!ids.length && !coldHere.length && !warmHere.length) continue;
    progress.note(`${d.runtime}: finding the REPORT lines of ${ids.length} request(s) in ${d.logGroup}`);
    // Clock skew and delivery: a minute either side of the run.
    const { found, missing } = await findReports(clients.logs, d.logGroup, started - 60_000, Date.now() + 5_000, ids, { waitMs: timings.logsWaitMs, retryMs: 5_000, queryTimeoutMs: timings.queryTimeoutMs, pollMs: 100, ...(sleep ? { sleep } : {}) }, endpoint);
    outcome.raw.reports[d.runtime] = [...found.values()];
    for (const c of coldHere) {
      const report = c.requestId ? found.get(c.requestId) : undefined;
      outcome.raw.cold.push({ runtime: d.runtime, round: c.sample.round, kind: c.kind, requestId: c.requestId, report: report ?? null });
      fillCold(c, report, timings.logsWaitMs);
    }
    for (const w of warmHere) {
      outcome.raw.warm.push({ runtime: d.runtime, rate: w.sample.rate, round: w.sample.round, requestIds: w.requestIds, measuredRequestIds: w.measuredRequestIds });
      fillWarm(w, found);
    }
    const measuredIds = new Set([...coldHere.flatMap((c) => (c.requestId ? [c.requestId] : [])), ...warmHere.flatMap((w) => w.measuredRequestIds)]);
    const c: Correlation = {
      measuredRequests: coldHere.length + warmHere.reduce((n, w) => n + (w.sample.measuredRequests ?? 0), 0),
      withRequestId: measuredIds.size,
      withReport: [...measuredIds].filter((id) => found.has(id)).length,
      missingExamples: missing.filter((id) => measuredIds.has(id)).slice(0, 10),
    };
    outcome.target.correlation[d.runtime] = c;
    const without = c.measuredRequests - c.withRequestId;
    if (without) progress.note(`${d.runtime}: ${without} measured answer(s) carried no Lambda-Request-Id (answered by API Gateway itself: throttles, 5xx); they count as errors`);
    if (c.withReport < c.withRequestId) {
      outcome.incomplete.push(
        `${d.runtime}: ${c.withRequestId - c.withReport} of ${c.withRequestId} measured request(s) have no REPORT line in ${d.logGroup} after ${Math.round(timings.logsWaitMs / 1000)} s (e.g. ${c.missingExamples.slice(0, 3).join(', ')}): their server-side figures are missing; raise BENCH_LOGS_WAIT_S if CloudWatch delivers late.`,
      );
    }
  }
}

function fillCold(c: PendingCold, report: ReportRow | undefined, waitMs: number): void {
  const s = c.sample;
  if (!s.ok) return;
  if (!c.requestId) Object.assign(s, { ok: false, error: 'the answer carried no Lambda-Request-Id: its REPORT line cannot be found' });
  else if (!report) Object.assign(s, { ok: false, error: `no REPORT line for request ${c.requestId} within ${Math.round(waitMs / 1000)} s` });
  else if (report.initDurationMs === undefined) Object.assign(s, { ok: false, error: `not a cold start: the REPORT line of ${c.requestId} has no Init Duration${report.restoreDurationMs !== undefined ? ' (a SnapStart restore)' : ''}` });
  else {
    s.initDurationMs = report.initDurationMs;
    s.firstInvocationMs = report.durationMs;
    if (report.maxMemoryUsedMb !== undefined) s.maxMemoryUsedMb = report.maxMemoryUsedMb;
  }
}

function fillWarm(w: PendingWarm, found: Map<string, ReportRow>): void {
  const all = w.requestIds.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  const measured = w.measuredRequestIds.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  // The measured window's warm invocations, as locally; cold starts counted over the whole phase.
  const steady = measured.filter((r) => r.initDurationMs === undefined);
  Object.assign(w.sample, {
    serverDurationMs: steady.map((r) => r.durationMs),
    billedDurationMs: steady.map((r) => r.billedDurationMs),
    maxMemoryUsedMb: all.flatMap((r) => (r.maxMemoryUsedMb === undefined ? [] : [r.maxMemoryUsedMb])),
    coldStarts: all.filter((r) => r.initDurationMs !== undefined).length,
    invocations: all.length,
  });
}

/** Takes the bench's variable out of every function it updated: their environments end as they began. */
async function restore(clients: AwsClients, functions: DeployedFunction[], wait: Parameters<typeof updateEnvironment>[3], endpoint: string | undefined, progress: Progress, log: (s: string) => void): Promise<void> {
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
