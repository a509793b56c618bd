/**
 * The local Lambda platform as a library: embedded DynamoDB, one function pool per runtime,
 * and the API Gateway in front, on 127.0.0.1. `npm start` (cli.ts), the bench and the
 * end-to-end tests all start it through startPlatform().
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ACCOUNT_ID, DEFAULT_STAGE } from './apigw-event';
import { startAwsApi, type AwsApi } from './aws-api/server';
import { buildIfStale } from '../../core/src/build';
import { detectCgroups } from './cgroups';
import { checkQuotaFits, describeModel, reportFields, resourceModel, validateModelOptions, type ResourceModel } from './model';
import { DEFAULT_EPHEMERAL_STORAGE_MB, detectTmpIsolation, directoryBytes } from './sandbox';
import { codeReadMs } from './code-read';
import { ensureTable, LOCAL_CREDENTIALS, LOCAL_REGION, startDynalite, type LocalDynamo } from './dynamo';
import { FunctionPool } from './function-pool';
import { createGateway, MAX_INTEGRATION_TIMEOUT_MS } from './gateway';
import { JsonlWriter, reportLine, type ReportRecord } from './report';
import type { RequestLimits } from './request-limits';
import { loadContract, mountedRoutes, RouteTable } from '../../core/src/routes';
import { LAMBDAS_DIR, MANAGED_RUNTIMES_DIR } from '../../core/src/paths';
import { discoverRuntimes, expandPlaceholders, type Runtime } from '../../core/src/runtimes';
import { itemsTable } from '../../core/src/table-definition';
import { startXraySink, type XraySink } from './xray-sink';
import { Sampler, type Tracing } from './xray-sampling';

export interface PlatformOptions {
  /** 0 picks a free port. Default 3000. */
  port?: number;
  /** Only 127.0.0.1 is served; the option exists to say so explicitly. */
  host?: '127.0.0.1';
  /** Runtime names (from lambdasDir) or loaded runtimes; default: every runtime found. */
  runtimes?: string[] | Runtime[];
  lambdasDir?: string;
  /** Memory size per runtime (MB); a number applies to all. Default: runtime.json aws.memoryMb. */
  memoryMb?: number | Record<string, number>;
  /** Concurrency limit per function; default runtime.json aws.reservedConcurrency, else 10. */
  concurrencyLimit?: number;
  /** Idle instances are reclaimed after this long. Default 5 minutes. */
  idleTimeoutMs?: number;
  /** Function timeout; default runtime.json aws.timeoutSeconds. A timed-out invocation → 502. */
  functionTimeoutMs?: number;
  /** API Gateway's integration timeout (50 ms .. 29 s); past it the client gets 504. Default 29 s. */
  integrationTimeoutMs?: number;
  /** dynalite's LevelDB folder; in memory when absent. */
  dataDir?: string;
  /** Use an already running DynamoDB endpoint instead of starting dynalite. */
  dynamoEndpoint?: string;
  tableName?: string;
  /** Apply memory/CPU limits through cgroups where writable (default true). */
  enforceLimits?: boolean;
  /** burst (default): no CPU quota until an instance's first invocation/next, as on AWS; throttled: the quota from exec on. */
  initCpu?: 'burst' | 'throttled';
  /** CFS period over which the CPU quota is enforced, 1..1000 ms (default 20, as observed on AWS). */
  cpuPeriodMs?: number;
  /** Freeze idle instances with the cgroup freezer (default true). */
  freeze?: boolean;
  /** X-Ray tracing on the stage, as the CDK app sets it: active (default) samples 1/s + 5 % as API Gateway does; off samples nothing. */
  tracing?: Tracing;
  /** AWS's rate of reading a function's package at init, MB/s (default 134, code-read.ts), or 'off': no time for it. */
  codeReadMbps?: number | 'off';
  /** How many times faster this machine runs what AWS runs (default 2.8, code-read.ts): scales the modelled read time. */
  hostFactor?: number;
  /** Build stale runtime artifacts before serving (default true). */
  build?: boolean;
  /** Called with every REPORT record. */
  onReport?: (report: ReportRecord) => void;
  /** Print each REPORT line (default false). */
  printReports?: boolean;
  /** JSONL file for REPORT records (every one of them). */
  reportFile?: string;
  /** How many of the latest REPORT records `reports` keeps (default 10,000). */
  reportsKept?: number;
  /** Instance stdout/stderr lines (Lambda would send them to CloudWatch Logs). */
  onLog?: (runtime: string, instanceId: string, line: string) => void;
  /** Platform messages (building, limits, dynalite restarts). */
  log?: (line: string) => void;
  /** The platform cannot serve any more (dynalite died and cannot be restarted). `npm start` exits. */
  onFatal?: (error: Error) => void;
  stage?: string;
  /**
   * Serve the AWS API calls `bench --target` makes (Lambda configuration, CloudWatch Logs
   * Insights over the REPORT records) on 127.0.0.1:port (0 picks one), under the CDK app's
   * names for `environment` (default dev): platform/src/aws-api/.
   */
  awsApi?: { port: number; environment?: string; updateDelayMs?: number };
  /** API Gateway's request limits (request-limits.ts); tests lower them. */
  requestLimits?: Partial<RequestLimits>;
  /** How many X-Ray segment documents the platform's daemon sink keeps (default 10,000; the oldest are dropped). */
  xraySegmentsKept?: number;
}

export interface Platform {
  url: string;
  port: number;
  dynamoEndpoint: string;
  tableName: string;
  runtimes: Runtime[];
  limitsEnforced: boolean;
  /** Why limits are not enforced, when they are not. */
  limitsReason?: string;
  cgroupVersion: 'v1' | 'v2' | 'none';
  /** The resource model in force: limits, init CPU, CPU period, freeze, /tmp, and what is not enforced. */
  model: ResourceModel;
  memoryMb: Record<string, number>;
  /** The AWS API endpoint, when started with `awsApi`. */
  awsEndpoint?: string;
  /**
   * The loopback X-Ray daemon every instance's AWS_XRAY_DAEMON_ADDRESS points at: the segment
   * documents the runtimes' X-Ray SDKs sent, latest `xraySegmentsKept` (xray-sink.ts).
   */
  xray: XraySink;
  /** Per runtime: its package's bytes (the task root) and the time reading them adds to each cold start's Init (ms, 0 when not modelled). */
  codeRead: Record<string, { packageBytes: number; ms: number }>;
  /** Concurrency limit per runtime, and where it came from. */
  concurrency: Record<string, { limit: number; source: 'option' | 'runtime.json aws.reservedConcurrency' | 'platform default' }>;
  /**
   * The latest REPORT records, oldest first: from `reportsKept` (default 10,000) up to twice that;
   * older ones are dropped so a long run's memory stays bounded (onReport and reportFile see all).
   */
  reports: ReportRecord[];
  pool(runtime: string): FunctionPool;
  /** Ends idle instances of a runtime: its next request is a cold start. */
  forceColdStart(runtime: string): void;
  /** Waits for running invocations of a runtime, then ends all its instances. */
  drain(runtime: string): Promise<void>;
  /** Starts n initialized instances ahead of traffic (provisioned concurrency). */
  warm(runtime: string, n: number): Promise<void>;
  /** Pids of dynalite and of every live instance (for leak checks). */
  pids(): number[];
  /** dynalite's pid now (undefined with an external endpoint) and how often it was restarted. */
  dynamo(): { pid: number | undefined; restarts: number };
  stop(): Promise<void>;
}

function resolveRuntimes(options: PlatformOptions): Runtime[] {
  const all = options.runtimes;
  if (all && all.length && typeof all[0] !== 'string') return all as Runtime[];
  const found = discoverRuntimes(options.lambdasDir ?? LAMBDAS_DIR);
  if (!all || all.length === 0) return found;
  const names = all as string[];
  const unknown = names.filter((n) => !found.some((r) => r.name === n));
  if (unknown.length) throw new Error(`unknown runtime(s): ${unknown.join(', ')}; known: ${found.map((r) => r.name).join(', ')}`);
  return found.filter((r) => names.includes(r.name));
}

/** Without a manifest value, the platform caps a function at 10 instances (this is a 2-core machine; AWS's account default is 1000). */
export const DEFAULT_CONCURRENCY_LIMIT = 10;

/** Lambda's standard environment plus the local table, then the manifest's own variables. */
export function instanceEnvironment(runtime: Runtime, memoryMb: number, dynamoEndpoint: string, tableName: string, xrayDaemon: { host: string; port: number }): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_LAMBDA_FUNCTION_NAME: runtime.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${runtime.name}`,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    _HANDLER: runtime.aws.handler,
    LAMBDA_TASK_ROOT: runtime.taskRootPath,
    LAMBDA_RUNTIME_DIR: MANAGED_RUNTIMES_DIR,
    // AWS sets these whether or not active tracing is on (AWS's "Defined runtime environment variables",
    // https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime,
    // and environments printed by functions with the default PassThrough tracing, docs/platform.md).
    // The daemon here is the platform's loopback sink (xray-sink.ts): nothing leaves the machine.
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    AWS_XRAY_DAEMON_ADDRESS: `${xrayDaemon.host}:${xrayDaemon.port}`,
    _AWS_XRAY_DAEMON_ADDRESS: xrayDaemon.host,
    _AWS_XRAY_DAEMON_PORT: String(xrayDaemon.port),
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: LOCAL_CREDENTIALS.sessionToken,
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamoEndpoint,
  };
  // Custom runtimes (provided.*) get no AWS_EXECUTION_ENV on AWS.
  if (!runtime.aws.runtime.startsWith('provided')) env.AWS_EXECUTION_ENV = `AWS_Lambda_${runtime.aws.runtime}`;
  for (const [k, v] of Object.entries(runtime.aws.environment ?? {})) env[k] = expandPlaceholders(v, runtime);
  for (const [k, v] of Object.entries(runtime.local.env ?? {})) env[k] = expandPlaceholders(v, runtime);
  return env;
}

/**
 * Every running platform's way to end its instances at once. A process that exits without
 * stop() (an uncaught error, process.exit on Ctrl-C) must not leave instances behind: a frozen
 * one would sit in the freezer forever. Killing and thawing are synchronous, so 'exit' can do it.
 */
const endOnExit = new Set<() => void>();
let exitHookInstalled = false;
function killInstancesOnExit(kill: () => void): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => endOnExit.forEach((k) => k()));
  }
  endOnExit.add(kill);
  return () => endOnExit.delete(kill);
}

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const log = options.log ?? (() => undefined);
  const modelOptions = validateModelOptions(options);
  if (options.concurrencyLimit !== undefined && (!Number.isInteger(options.concurrencyLimit) || options.concurrencyLimit < 1)) {
    throw new Error(`the concurrency limit must be a whole number of at least 1, got "${options.concurrencyLimit}"`);
  }
  const runtimes = resolveRuntimes(options);
  const memoryMb: Record<string, number> = {};
  for (const r of runtimes) memoryMb[r.name] = typeof options.memoryMb === 'number' ? options.memoryMb : (options.memoryMb?.[r.name] ?? r.aws.memoryMb);
  if (options.enforceLimits !== false) checkQuotaFits(modelOptions.cpuPeriodMs, memoryMb);
  if (options.build !== false) for (const r of runtimes) buildIfStale(r, log);
  const cgroups = detectCgroups({ enabled: options.enforceLimits !== false, freeze: options.freeze !== false });
  const model = resourceModel(cgroups, modelOptions, detectTmpIsolation());
  log(`resource model: ${describeModel(model)}`);
  for (const missing of model.notEnforced) log(`NOT ENFORCED: ${missing}`);
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), `lambda-platform-${process.pid}-tmp-`));
  const tableName = options.tableName ?? itemsTable.localName;
  let dynamo: LocalDynamo | undefined;
  const pools = new Map<string, FunctionPool>();
  const reports: ReportRecord[] = [];
  const reportsKept = Math.max(1, options.reportsKept ?? 10_000);
  const writer = options.reportFile ? new JsonlWriter(options.reportFile) : undefined;
  if (options.reportFile) fs.mkdirSync(path.dirname(options.reportFile), { recursive: true });
  const gatewayServer = { close: async () => undefined } as { close: () => Promise<void> };
  let awsApi: AwsApi | undefined;
  let xray: XraySink | undefined;
  const forgetOnExit = killInstancesOnExit(() => pools.forEach((p) => p.killAll('the process exited')));
  const stop = async () => {
    forgetOnExit();
    await gatewayServer.close();
    await awsApi?.stop();
    await Promise.all([...pools.values()].map((p) => p.stop()));
    await xray?.close();
    cgroups.cleanup();
    fs.rmSync(tmpRoot, { recursive: true, force: true });
    writer?.flush();
    await dynamo?.stop();
  };
  try {
    dynamo = options.dynamoEndpoint
      ? undefined
      : await startDynalite({
          dataDir: options.dataDir,
          log,
          // In memory, a restarted dynalite is empty: the table comes back (empty) before traffic does.
          onRestart: () => ensureTable(dynamo!.endpoint, tableName),
          onFatal: (err) => {
            log(`${err.message}; every request that needs the table now fails (500)`);
            options.onFatal?.(err);
          },
        });
    const dynamoEndpoint = options.dynamoEndpoint ?? dynamo!.endpoint;
    await ensureTable(dynamoEndpoint, tableName);
    xray = await startXraySink({ capacity: options.xraySegmentsKept });
    const xrayDaemon = { host: '127.0.0.1', port: xray.port };
    const functionTimeoutMs: Record<string, number> = {};
    // The task root is the deployment package (what the zip holds, unpacked): its bytes are what AWS reads.
    const codeRead: Record<string, { packageBytes: number; ms: number }> = {};
    for (const r of runtimes) {
      const packageBytes = directoryBytes(r.taskRootPath);
      codeRead[r.name] = { packageBytes, ms: Math.round(codeReadMs(model.codeRead, packageBytes) * 100) / 100 };
    }
    const concurrency: Platform['concurrency'] = {};
    for (const r of runtimes) {
      const m = memoryMb[r.name]!;
      functionTimeoutMs[r.name] = options.functionTimeoutMs ?? r.aws.timeoutSeconds * 1000;
      concurrency[r.name] =
        options.concurrencyLimit !== undefined
          ? { limit: options.concurrencyLimit, source: 'option' }
          : r.aws.reservedConcurrency !== undefined
            ? { limit: r.aws.reservedConcurrency, source: 'runtime.json aws.reservedConcurrency' }
            : { limit: DEFAULT_CONCURRENCY_LIMIT, source: 'platform default' };
      pools.set(
        r.name,
        new FunctionPool({
          runtime: r.name,
          memoryMb: m,
          concurrencyLimit: concurrency[r.name]!.limit,
          idleTimeoutMs: options.idleTimeoutMs ?? 300_000,
          functionTimeoutMs: functionTimeoutMs[r.name]!,
          argv: r.local.command.map((a) => expandPlaceholders(a, r)),
          cwd: r.taskRootPath,
          env: instanceEnvironment(r, m, dynamoEndpoint, tableName, xrayDaemon),
          functionArn: `arn:aws:lambda:${LOCAL_REGION}:${ACCOUNT_ID}:function:${r.name}`,
          cgroups,
          cpu: { periodUs: model.cpuPeriodMs * 1000, initCpu: model.initCpu },
          freezeIdle: model.freezeIdle,
          model: reportFields(model),
          tmp: { parentDir: tmpRoot, isolation: model.tmp, sizeMb: r.aws.ephemeralStorageMb ?? DEFAULT_EPHEMERAL_STORAGE_MB },
          codeReadMs: codeRead[r.name]!.ms,
          onReport: (report) => {
            reports.push(report);
            // Trimmed in place (callers hold the array) and in halves, so the cost per record stays constant.
            if (reports.length >= 2 * reportsKept) reports.splice(0, reports.length - reportsKept);
            writer?.write(report);
            if (options.printReports) console.log(reportLine(report));
            awsApi?.record(r.name, report);
            options.onReport?.(report);
          },
          onLog: options.onLog ? (id, line) => options.onLog!(r.name, id, line) : undefined,
        }),
      );
    }
    const routes = new RouteTable(mountedRoutes(loadContract(), runtimes.map((r) => r.name)));
    const limitsEnforced = model.limitsEnforced;
    const integrationTimeoutMs = Math.min(options.integrationTimeoutMs ?? MAX_INTEGRATION_TIMEOUT_MS, MAX_INTEGRATION_TIMEOUT_MS);
    const server = createGateway({
      routes,
      pools,
      integrationTimeoutMs,
      limits: options.requestLimits,
      stage: options.stage ?? DEFAULT_STAGE,
      tracing: { mode: model.tracing, sampler: new Sampler() },
      health: () => ({
        status: 'ok',
        limits: limitsEnforced ? 'enforced' : 'not enforced',
        model,
        runtimes: runtimes.map((r) => ({ name: r.name, url: `${url}/${r.name}`, memoryMb: memoryMb[r.name], concurrencyLimit: concurrency[r.name]!.limit, instances: pools.get(r.name)!.size, packageBytes: codeRead[r.name]!.packageBytes, codeReadMs: codeRead[r.name]!.ms })),
      }),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, '127.0.0.1', resolve);
    });
    // Requests in flight are answered first; none can outlast the integration timeout.
    gatewayServer.close = () => server.closeGracefully(integrationTimeoutMs + 1000);
    const port = (server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}`;
    if (options.awsApi) awsApi = await startAwsApi({ ...options.awsApi, runtimes, pools, memoryMb });
    const poolOf = (name: string) => {
      const p = pools.get(name);
      if (!p) throw new Error(`no runtime "${name}" on this platform`);
      return p;
    };
    return {
      url,
      port,
      dynamoEndpoint,
      tableName,
      runtimes,
      limitsEnforced,
      ...(cgroups.reason ? { limitsReason: cgroups.reason } : {}),
      cgroupVersion: cgroups.version,
      model,
      memoryMb,
      ...(awsApi ? { awsEndpoint: awsApi.endpoint } : {}),
      xray,
      codeRead,
      concurrency,
      reports,
      pool: poolOf,
      forceColdStart: (name) => poolOf(name).forceColdStart(),
      drain: (name) => poolOf(name).drain(),
      warm: (name, n) => poolOf(name).warm(n),
      pids: () => [
        ...(dynamo?.pid ? [dynamo.pid] : []),
        ...[...pools.values()].flatMap((p) => p.instances().flatMap((i) => (i.pid ? [i.pid] : []))),
      ],
      dynamo: () => ({ pid: dynamo?.pid, restarts: dynamo?.restarts ?? 0 }),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
