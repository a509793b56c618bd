/**
 * `--target URL`: the HTTP phases against a deployed API (the stage URL from the CDK
 * outputs). Cold starts cannot be forced from outside, so only warm latency (and, --full,
 * machine-bound throughput) run; server-side figures (Duration, Billed Duration, Max Memory
 * Used, Init Duration) come from CloudWatch Logs Insights over the REPORT lines when AWS
 * credentials are present. Cold and warm REPORTs are kept apart as locally, so the cost has
 * the same basis (warm Billed Duration, cold Billed Duration with init, the steady-state
 * cold-start rate of the measured window). Every request is SigV4-signed unless
 * BENCH_AUTH=none (the stage's IAM authorization, docs/aws.md), in the load generator's
 * thread as on the main one, and the items the bench creates get an expiry when
 * BENCH_TABLE_NAME is set. This path is tested with stubbed clients only; it has not been
 * run against AWS.
 */
import { setRequestSigner } from './http';
import { defaultExpiryWriter, expiryEpochSeconds, itemTtlHours, stampExpiry, type ExpiryWriter } from './item-expiry';
import type { LoadGenerator } from './loadgen/client';
import type { LoadGuard } from './loadguard';
import { seedItems } from './open-model';
import { StageSigner, stageRegion, type AwsCredentials } from './sigv4';
import type { BenchOptions } from './options';
import type { Progress } from './progress';
import type { RawRun } from './raw';
import type { ConformanceResult } from './results';

/** The two Logs Insights calls used; the AWS SDK's CloudWatchLogsClient fits through a thin adapter. */
export interface LogsInsights {
  startQuery(input: { logGroupNames: string[]; startTime: number; endTime: number; queryString: string }): Promise<{ queryId?: string }>;
  getQueryResults(input: { queryId: string }): Promise<{ status?: string; results?: { field?: string; value?: string }[][] }>;
}

export const REPORT_QUERY = 'filter @type = "REPORT" | fields @timestamp, @duration, @billedDuration, @maxMemoryUsed / 1048576 as maxMemoryUsedMb, @initDuration | limit 10000';

/** One REPORT line: a cold one has initDurationMs. */
export interface ReportRow {
  /** Epoch ms of the log event (the invocation's end). */
  at: number;
  durationMs: number;
  billedDurationMs: number;
  maxMemoryUsedMb?: number;
  initDurationMs?: number;
}

export interface ServerFigures {
  rows: ReportRow[];
}

/** Runs the REPORT query over [startMs, endMs] and collects the figures. */
export async function serverFiguresFromInsights(client: LogsInsights, logGroup: string, startMs: number, endMs: number, pollMs = 1000, maxPolls = 60): Promise<ServerFigures> {
  const { queryId } = await client.startQuery({ logGroupNames: [logGroup], startTime: Math.floor(startMs / 1000), endTime: Math.ceil(endMs / 1000), queryString: REPORT_QUERY });
  if (!queryId) throw new Error('Logs Insights returned no query id');
  for (let i = 0; i < maxPolls; i++) {
    const r = await client.getQueryResults({ queryId });
    if (r.status === 'Complete') {
      const rows: ReportRow[] = [];
      for (const row of r.results ?? []) {
        const get = (f: string) => {
          const v = row.find((c) => c.field === f)?.value;
          return v === undefined || v === '' ? undefined : Number(v);
        };
        const stamp = row.find((c) => c.field === '@timestamp')?.value;
        const d = get('@duration');
        const b = get('@billedDuration');
        if (d === undefined || b === undefined) continue;
        const m = get('maxMemoryUsedMb');
        const init = get('@initDuration');
        // Logs Insights prints @timestamp as "2026-01-01 12:00:00.000" (UTC).
        const at = stamp ? Date.parse(`${stamp.replace(' ', 'T')}Z`) : NaN;
        rows.push({ at, durationMs: d, billedDurationMs: b, ...(m !== undefined ? { maxMemoryUsedMb: Math.round(m) } : {}), ...(init !== undefined ? { initDurationMs: init } : {}) });
      }
      return { rows };
    }
    if (r.status === 'Failed' || r.status === 'Cancelled' || r.status === 'Timeout') throw new Error(`Logs Insights query ${r.status}`);
    await new Promise((res) => setTimeout(res, pollMs));
  }
  throw new Error('Logs Insights query did not complete in time');
}

/** The real client, when the SDK is installed and credentials are configured; else undefined. */
export async function defaultInsightsClient(): Promise<LogsInsights | undefined> {
  const env = process.env;
  if (!env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE && !env.AWS_WEB_IDENTITY_TOKEN_FILE) return undefined;
  try {
    const sdk = await import('@aws-sdk/client-cloudwatch-logs');
    const client = new sdk.CloudWatchLogsClient();
    return {
      startQuery: (i) => client.send(new sdk.StartQueryCommand(i)),
      getQueryResults: (i) => client.send(new sdk.GetQueryResultsCommand(i)) as ReturnType<LogsInsights['getQueryResults']>,
    };
  } catch {
    return undefined;
  }
}

/**
 * Log group per runtime: the CDK app's (infra/lib/stacks/runtime-stack.ts functionName),
 * `/aws/lambda/multi-runtime-benchmark-<env>-<runtime>` with BENCH_ENVIRONMENT (default dev),
 * unless BENCH_LOG_GROUPS='{"go":"/aws/lambda/other"}' names it.
 */
export function logGroupFor(runtime: string, env = process.env): string {
  const map = env.BENCH_LOG_GROUPS ? (JSON.parse(env.BENCH_LOG_GROUPS) as Record<string, string>) : {};
  return map[runtime] ?? `/aws/lambda/multi-runtime-benchmark-${env.BENCH_ENVIRONMENT ?? 'dev'}-${runtime}`;
}

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
export async function stageSigner(target: string, env: NodeJS.ProcessEnv = process.env, credentials?: () => Promise<AwsCredentials>): Promise<StageSigner | undefined> {
  if (stageAuthMode(env) === 'none') return undefined;
  const region = stageRegion(new URL(target), env);
  const signer = new StageSigner(credentials ?? (await defaultCredentials(region)), region);
  try {
    await signer.refresh();
  } catch (err) {
    throw new Error(
      `--target ${target}: the stage requires SigV4-signed requests (IAM authorization, the CDK app's default) and no AWS credentials were found ` +
        `(${(err as Error).message}). Configure credentials for a principal with the Api stack's BenchRunnerPolicyArn attached ` +
        '(AWS_PROFILE, `aws sso login`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), or set BENCH_AUTH=none for a stage deployed with --context apiAuth=none.',
    );
  }
  return signer;
}

export interface TargetClients {
  insights?: LogsInsights;
  credentials?: () => Promise<AwsCredentials>;
  expiryWriter?: ExpiryWriter;
}

/** A phase's REPORT rows split like the local platform's: warm ones in the measured window, cold ones, and the steady-state counts. */
export function splitRows(rows: readonly ReportRow[], windowStart: number, windowEnd: number) {
  const arrival = (r: ReportRow) => r.at - r.durationMs - (r.initDurationMs ?? 0);
  const inWindow = rows.filter((r) => Number.isFinite(r.at) && arrival(r) >= windowStart && arrival(r) < windowEnd);
  const half = windowStart + (windowEnd - windowStart) / 2;
  const firstHalf = inWindow.filter((r) => arrival(r) < half);
  const warm = inWindow.filter((r) => r.initDurationMs === undefined);
  return {
    serverDurationMs: warm.map((r) => r.durationMs),
    billedDurationMs: warm.map((r) => r.billedDurationMs),
    coldBilledDurationMs: rows.filter((r) => r.initDurationMs !== undefined).map((r) => r.billedDurationMs),
    maxMemoryUsedMb: rows.flatMap((r) => (r.maxMemoryUsedMb === undefined ? [] : [r.maxMemoryUsedMb])),
    coldStarts: rows.filter((r) => r.initDurationMs !== undefined).length,
    steady: { invocations: inWindow.length, coldStarts: inWindow.length - warm.length, firstHalfInvocations: firstHalf.length, firstHalfColdStarts: firstHalf.filter((r) => r.initDurationMs !== undefined).length },
  };
}

export async function runAgainstTarget(
  o: BenchOptions,
  names: string[],
  raw: RawRun,
  progress: Progress,
  log: (s: string) => void,
  generator: LoadGenerator,
  guard: LoadGuard,
  clients: TargetClients = {},
): Promise<{ conformance: ConformanceResult; limits: { enforced: boolean; reason?: string; cgroupVersion: string } }> {
  const target = o.target!;
  const signer = await stageSigner(target, process.env, clients.credentials);
  progress.note(signer ? `signing every request (SigV4, execute-api, ${signer.region})` : 'BENCH_AUTH=none: requests are not signed');
  const client = clients.insights ?? (await defaultInsightsClient());
  if (!client) progress.note('no AWS credentials: client-side figures only');
  const tableName = process.env.BENCH_TABLE_NAME;
  const writer = tableName ? (clients.expiryWriter ?? (await defaultExpiryWriter(signer?.region ?? stageRegion(new URL(target))))) : undefined;
  if (!writer) progress.note('BENCH_TABLE_NAME unset: the items the bench creates get no expiry (scripts/deploy.sh prints the table name)');
  const ttlHours = itemTtlHours();
  // Outside the measured windows: after seeding and after each phase.
  const expire = async (rt: string, ids: readonly string[]) => {
    if (!writer || !tableName || ids.length === 0) return;
    const r = await stampExpiry(writer, tableName, ids, expiryEpochSeconds(Date.now(), ttlHours));
    if (r.failed.length) log(`${rt}: ${r.failed.length} item(s) got no expiry, e.g. ${r.failed[0]}`);
  };
  // Fresh credentials before each phase, on this thread (seeding) and the generator's (the load).
  const refresh = async () => {
    if (!signer) return;
    await signer.refresh();
    setRequestSigner(signer.sign);
    await generator.setSigning({ credentials: signer.current(), region: signer.region, service: signer.service });
  };
  try {
    await runPhases(o, names, raw, progress, log, { target, client, expire, refresh, generator, guard });
  } finally {
    setRequestSigner(undefined);
    if (signer) await generator.setSigning(undefined);
  }
  return {
    conformance: { status: 'unavailable', source: 'not checked against the deployed API: run `npm run conformance` against it', runtimes: {} },
    limits: { enforced: true, reason: 'AWS Lambda enforces its own limits', cgroupVersion: 'aws' },
  };
}

interface PhaseContext {
  target: string;
  client?: LogsInsights;
  expire: (rt: string, ids: readonly string[]) => Promise<void>;
  refresh: () => Promise<void>;
  generator: LoadGenerator;
  guard: LoadGuard;
}

async function runPhases(o: BenchOptions, names: string[], raw: RawRun, progress: Progress, log: (s: string) => void, { target, client, expire, refresh, generator, guard }: PhaseContext): Promise<void> {
  const memoryMb = o.memoryMb[0]!;
  const step = <T>(phase: string, rt: string, round: number, fn: () => Promise<T>) => progress.step(phase, rt, memoryMb, round, () => guard.phase({ phase, runtime: rt, memoryMb, round }, fn));
  for (const rt of names) {
    await refresh();
    const seeds = await seedItems(`${target}/${rt}`, 20);
    await expire(rt, seeds);
    for (let round = 0; round < o.rounds; round++) {
      for (const rate of o.rates) {
        await refresh();
        await step(`warm ${rate} req/s`, rt, round, async () => {
          const from = Date.now();
          const r = await generator.openModel({ baseUrl: `${target}/${rt}`, rate, durationS: o.warmSeconds + o.warmupSeconds, warmupS: o.warmupSeconds, seed: o.seed + round, seedIds: seeds });
          let rows: ReportRow[] = [];
          if (client) {
            try {
              // REPORT lines reach CloudWatch with a delay.
              await new Promise((res) => setTimeout(res, 15_000));
              rows = (await serverFiguresFromInsights(client, logGroupFor(rt), from, Date.now())).rows;
            } catch (err) {
              log(`${rt}: Logs Insights failed: ${(err as Error).message}`);
            }
          }
          const split = splitRows(rows, r.windowStart, r.windowEnd);
          raw.warm.push({
            runtime: rt, memoryMb, rate, round, durationS: o.warmSeconds, requests: r.requests, errors: r.errors, measuredRequests: r.measuredRequests, measuredErrors: r.measuredErrors,
            latencyMs: r.latencyMs, uncorrectedMs: r.uncorrectedMs, serverDurationMs: split.serverDurationMs, billedDurationMs: split.billedDurationMs, coldBilledDurationMs: split.coldBilledDurationMs,
            maxMemoryUsedMb: split.maxMemoryUsedMb, cpuTimeMs: [], coldStarts: split.coldStarts, invocations: rows.length, peakInstances: 0,
            ...(client ? { steady: split.steady } : {}),
          });
          await expire(rt, r.createdIds);
        });
      }
      for (const c of o.concurrency) {
        await refresh();
        await step(`machine throughput c=${c}`, rt, round, async () => {
          const r = await generator.closed(target, [`${new URL(target).pathname.replace(/\/$/, '')}/${rt}/items?limit=20`], c, o.throughputSeconds);
          raw.throughput.push({ runtime: rt, memoryMb, round, ...r });
        });
      }
    }
  }
}
