/**
 * `--target URL`: the HTTP phases against a deployed API (the stage URL from the CDK
 * outputs). Cold starts cannot be forced from outside, so only warm latency (and, --full,
 * machine-bound throughput) run; server-side figures (Duration, Billed Duration, Max Memory
 * Used, Init Duration) come from CloudWatch Logs Insights over the REPORT lines when AWS
 * credentials are present. Cold and warm REPORTs are kept apart as locally, so the cost has
 * the same basis (warm Billed Duration, cold Billed Duration with init, the steady-state
 * cold-start rate of the measured window). This path is tested with a stubbed client only;
 * it has not been run against AWS.
 */
import type { LoadGenerator } from './loadgen/client';
import type { LoadGuard } from './loadguard';
import { seedItems } from './open-model';
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

export async function runAgainstTarget(o: BenchOptions, names: string[], raw: RawRun, progress: Progress, log: (s: string) => void, generator: LoadGenerator, guard: LoadGuard, insights?: LogsInsights): Promise<{ conformance: ConformanceResult; limits: { enforced: boolean; reason?: string; cgroupVersion: string } }> {
  const target = o.target!;
  const client = insights ?? (await defaultInsightsClient());
  if (!client) progress.note('no AWS credentials: client-side figures only');
  const memoryMb = o.memoryMb[0]!;
  const step = <T>(phase: string, rt: string, round: number, fn: () => Promise<T>) => progress.step(phase, rt, memoryMb, round, () => guard.phase({ phase, runtime: rt, memoryMb, round }, fn));
  for (const rt of names) {
    const seeds = await seedItems(`${target}/${rt}`, 20);
    for (let round = 0; round < o.rounds; round++) {
      for (const rate of o.rates) {
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
        });
      }
      for (const c of o.concurrency) {
        await step(`machine throughput c=${c}`, rt, round, async () => {
          const r = await generator.closed(target, [`${new URL(target).pathname.replace(/\/$/, '')}/${rt}/items?limit=20`], c, o.throughputSeconds);
          raw.throughput.push({ runtime: rt, memoryMb, round, ...r });
        });
      }
    }
  }
  return {
    conformance: { status: 'unavailable', source: 'not checked against the deployed API: run `npm run conformance` against it', runtimes: {} },
    limits: { enforced: true, reason: 'AWS Lambda enforces its own limits', cgroupVersion: 'aws' },
  };
}
