/**
 * The local Lambda platform as a library: embedded DynamoDB, one function pool per runtime,
 * and the API Gateway in front, on 127.0.0.1. `npm start` (cli.ts), the bench and the
 * end-to-end tests all start it through startPlatform().
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { ACCOUNT_ID, DEFAULT_STAGE } from './apigw-event';
import { startAwsApi, type AwsApi } from './aws-api/server';
import { buildIfStale } from './build';
import { detectCgroups } from './cgroups';
import { ensureTable, LOCAL_CREDENTIALS, LOCAL_REGION, startDynalite, type LocalDynamo } from './dynamo';
import { FunctionPool } from './function-pool';
import { createGateway, MAX_INTEGRATION_TIMEOUT_MS } from './gateway';
import { JsonlWriter, reportLine, type ReportRecord } from './report';
import { loadContract, mountedRoutes, RouteTable } from './routes';
import { discoverRuntimes, expandPlaceholders, LAMBDAS_DIR, type Runtime } from './runtimes';
import { itemsTable } from '../../infra/lib/table-definition';

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
  /** Concurrency limit per function (reserved concurrency). Default 10. */
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
  /** Build stale runtime artifacts before serving (default true). */
  build?: boolean;
  /** Called with every REPORT record. */
  onReport?: (report: ReportRecord) => void;
  /** Print each REPORT line (default false). */
  printReports?: boolean;
  /** JSONL file for REPORT records. */
  reportFile?: string;
  /** Instance stdout/stderr lines (Lambda would send them to CloudWatch Logs). */
  onLog?: (runtime: string, instanceId: string, line: string) => void;
  /** Platform messages (building, limits). */
  log?: (line: string) => void;
  stage?: string;
  /**
   * Serve the AWS API calls `bench --target` makes (Lambda configuration, CloudWatch Logs
   * Insights over the REPORT records) on 127.0.0.1:port (0 picks one), under the CDK app's
   * names for `environment` (default dev): platform/src/aws-api/.
   */
  awsApi?: { port: number; environment?: string; updateDelayMs?: number };
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
  memoryMb: Record<string, number>;
  /** The AWS API endpoint, when started with `awsApi`. */
  awsEndpoint?: string;
  /** Every REPORT record so far (the bench may clear it). */
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

/** Lambda's standard environment plus the local table, then the manifest's own variables. */
export function instanceEnvironment(runtime: Runtime, memoryMb: number, dynamoEndpoint: string, tableName: string): Record<string, string> {
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

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const log = options.log ?? (() => undefined);
  const runtimes = resolveRuntimes(options);
  if (options.build !== false) for (const r of runtimes) buildIfStale(r, log);
  const cgroups = detectCgroups(options.enforceLimits !== false);
  if (cgroups.version === 'none') log(`limits: not enforced (${cgroups.reason}); instances run unconstrained`);
  const tableName = options.tableName ?? itemsTable.localName;
  let dynamo: LocalDynamo | undefined;
  const pools = new Map<string, FunctionPool>();
  const reports: ReportRecord[] = [];
  const writer = options.reportFile ? new JsonlWriter(options.reportFile) : undefined;
  if (options.reportFile) fs.mkdirSync(path.dirname(options.reportFile), { recursive: true });
  const gatewayServer = { close: async () => undefined } as { close: () => Promise<void> };
  let awsApi: AwsApi | undefined;
  const stop = async () => {
    await gatewayServer.close();
    await awsApi?.stop();
    await Promise.all([...pools.values()].map((p) => p.stop()));
    cgroups.cleanup();
    writer?.flush();
    await dynamo?.stop();
  };
  try {
    dynamo = options.dynamoEndpoint ? undefined : await startDynalite(options.dataDir);
    const dynamoEndpoint = options.dynamoEndpoint ?? dynamo!.endpoint;
    await ensureTable(dynamoEndpoint, tableName);
    const memoryMb: Record<string, number> = {};
    const functionTimeoutMs: Record<string, number> = {};
    for (const r of runtimes) {
      const m = typeof options.memoryMb === 'number' ? options.memoryMb : (options.memoryMb?.[r.name] ?? r.aws.memoryMb);
      memoryMb[r.name] = m;
      functionTimeoutMs[r.name] = options.functionTimeoutMs ?? r.aws.timeoutSeconds * 1000;
      pools.set(
        r.name,
        new FunctionPool({
          runtime: r.name,
          memoryMb: m,
          concurrencyLimit: options.concurrencyLimit ?? 10,
          idleTimeoutMs: options.idleTimeoutMs ?? 300_000,
          functionTimeoutMs: functionTimeoutMs[r.name]!,
          argv: r.local.command.map((a) => expandPlaceholders(a, r)),
          cwd: r.taskRootPath,
          env: instanceEnvironment(r, m, dynamoEndpoint, tableName),
          functionArn: `arn:aws:lambda:${LOCAL_REGION}:${ACCOUNT_ID}:function:${r.name}`,
          cgroups,
          onReport: (report) => {
            reports.push(report);
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
    const limitsEnforced = cgroups.version !== 'none';
    const server = createGateway({
      routes,
      pools,
      integrationTimeoutMs: Math.min(options.integrationTimeoutMs ?? MAX_INTEGRATION_TIMEOUT_MS, MAX_INTEGRATION_TIMEOUT_MS),
      stage: options.stage ?? DEFAULT_STAGE,
      health: () => ({
        status: 'ok',
        limits: limitsEnforced ? 'enforced' : 'not enforced',
        runtimes: runtimes.map((r) => ({ name: r.name, url: `${url}/${r.name}`, memoryMb: memoryMb[r.name], instances: pools.get(r.name)!.size })),
      }),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 3000, '127.0.0.1', resolve);
    });
    gatewayServer.close = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
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
      memoryMb,
      ...(awsApi ? { awsEndpoint: awsApi.endpoint } : {}),
      reports,
      pool: poolOf,
      forceColdStart: (name) => poolOf(name).forceColdStart(),
      drain: (name) => poolOf(name).drain(),
      warm: (name, n) => poolOf(name).warm(n),
      pids: () => [
        ...(dynamo?.pid ? [dynamo.pid] : []),
        ...[...pools.values()].flatMap((p) => p.instances().flatMap((i) => (i.pid ? [i.pid] : []))),
      ],
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
