/**
 * `npm start`: the local platform on http://127.0.0.1:3000 serving every runtime in lambdas/.
 * Ctrl-C (SIGINT) or SIGTERM stops every instance's process tree and dynalite.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CPU_PERIOD_MS, describeModel, INIT_CPU_MODES, validateModelOptions } from './model';
import { TRACING_MODES } from './xray-sampling';
import { codeReadFlag, DEFAULT_CODE_READ_MBPS, DEFAULT_HOST_FACTOR, hostFactorFlag } from './code-read';
import { ACTIVE_TRACING_BY_DEFAULT } from '../../core/src/tracing';
import { reportLine } from './report';
import { startPlatform, type Platform } from './platform';

const USAGE = `Usage: npm start -- [--port 3000] [--data-dir DIR] [--runtime a,b] [--memory MB] [--concurrency N]
                    [--init-cpu burst|throttled] [--cpu-period-ms 20] [--tracing active|off] [--idle-timeout-ms MS] [--report-file FILE]
                    [--code-read-mbps ${DEFAULT_CODE_READ_MBPS}|off] [--host-factor ${DEFAULT_HOST_FACTOR}]
                    [--lambdas-dir DIR] [--quiet] [--aws-endpoint-port PORT [--aws-environment dev]]
  --data-dir DIR       keep the table in DIR (LevelDB): items survive a restart; in memory without it
  --concurrency N      instances per function (default: each runtime.json's aws.reservedConcurrency, else 10)
  --init-cpu MODE      burst (default, as AWS): no CPU quota until an instance's first invocation/next; throttled: from exec on
  --cpu-period-ms MS   period over which the CPU quota is enforced, 1..1000 (default 20, as observed on AWS)
  --tracing MODE       active (default, as the CDK app): X-Ray samples 1 request a second + 5 % of the rest,
                       as API Gateway's default rule; off: nothing is sampled
  --code-read-mbps R   AWS's rate of reading a function's package at init (default ${DEFAULT_CODE_READ_MBPS} MB/s, measured by
                       ql4b/lambda-benchmarks): each cold start's Init gets package bytes ÷ (R × host factor); off: none
  --host-factor F      how many times faster this machine runs what AWS runs (default ${DEFAULT_HOST_FACTOR}, from the
                       calibration; \`npm run bench -- --calibrate\` prints this machine's)
  --lambdas-dir DIR    where the runtimes' folders are (default lambdas/)
  --aws-endpoint-port  also serve the AWS API calls \`bench --target\` makes (Lambda configuration,
                       CloudWatch Logs Insights over the REPORT lines) on 127.0.0.1:PORT (0 picks one),
                       under the CDK app's names for --aws-environment (default dev)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '3000' },
      'data-dir': { type: 'string' },
      runtime: { type: 'string' },
      memory: { type: 'string' },
      concurrency: { type: 'string' },
      'init-cpu': { type: 'string' },
      'cpu-period-ms': { type: 'string' },
      tracing: { type: 'string' },
      'code-read-mbps': { type: 'string' },
      'host-factor': { type: 'string' },
      'idle-timeout-ms': { type: 'string' },
      'report-file': { type: 'string' },
      'lambdas-dir': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      'aws-endpoint-port': { type: 'string' },
      'aws-environment': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const number = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${v}"\n${USAGE}`);
    return n;
  };
  const initCpu = values['init-cpu'] ?? 'burst';
  if (!(INIT_CPU_MODES as readonly string[]).includes(initCpu)) throw new Error(`--init-cpu must be ${INIT_CPU_MODES.join(' or ')}, got "${initCpu}"\n${USAGE}`);
  const period = values['cpu-period-ms'] === undefined ? DEFAULT_CPU_PERIOD_MS : Number(values['cpu-period-ms']);
  if (!Number.isInteger(period) || period < 1 || period > 1000) throw new Error(`--cpu-period-ms must be a whole number from 1 to 1000, got "${values['cpu-period-ms']}"\n${USAGE}`);
  const tracing = values.tracing ?? (ACTIVE_TRACING_BY_DEFAULT ? 'active' : 'off');
  if (!(TRACING_MODES as readonly string[]).includes(tracing)) throw new Error(`--tracing must be ${TRACING_MODES.join(' or ')}, got "${tracing}"\n${USAGE}`);
  const withUsage = <T>(parse: () => T): T => {
    try {
      return parse();
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${USAGE}`, { cause: err });
    }
  };
  const codeReadMbps = withUsage(() => codeReadFlag(values['code-read-mbps']));
  const hostFactor = withUsage(() => hostFactorFlag(values['host-factor']));
  const model = validateModelOptions({ initCpu, cpuPeriodMs: period, tracing, codeReadMbps, hostFactor });
  const concurrency = number('concurrency', values.concurrency);
  if (concurrency === 0) throw new Error(`--concurrency must be at least 1\n${USAGE}`);
  const awsPort = number('aws-endpoint-port', values['aws-endpoint-port']);
  if (values['aws-environment'] !== undefined && awsPort === undefined) throw new Error(`--aws-environment needs --aws-endpoint-port\n${USAGE}`);
  if (values['aws-environment'] !== undefined && !/^[a-z0-9-]+$/.test(values['aws-environment'])) throw new Error(`--aws-environment must be a CDK environment name such as dev, got "${values['aws-environment']}"`);
  const started = Date.now();
  // Set once started; onFatal can fire during the start, before there is a platform to stop.
  // eslint-disable-next-line prefer-const -- read in onFatal before its one assignment below
  let running: Platform | undefined;
  const platform = await startPlatform({
    port: number('port', values.port),
    dataDir: values['data-dir'],
    runtimes: values.runtime ? values.runtime.split(',').map((s) => s.trim()) : undefined,
    lambdasDir: values['lambdas-dir'] && path.resolve(values['lambdas-dir']),
    memoryMb: number('memory', values.memory),
    concurrencyLimit: concurrency,
    initCpu: model.initCpu,
    cpuPeriodMs: model.cpuPeriodMs,
    tracing: model.tracing,
    ...(model.codeRead.mode === 'off' ? { codeReadMbps: 'off' as const } : { codeReadMbps: model.codeRead.awsMbPerSecond, hostFactor: model.codeRead.hostFactor }),
    idleTimeoutMs: number('idle-timeout-ms', values['idle-timeout-ms']),
    reportFile: values['report-file'],
    ...(awsPort !== undefined ? { awsApi: { port: awsPort, environment: values['aws-environment'] } } : {}),
    log: (line) => console.log(`[platform] ${line}`),
    onFatal: (err) => {
      console.error(`[platform] ${err.message}: stopping`);
      void (running?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
    },
    onLog: values.quiet ? undefined : (runtime, id, line) => console.log(`[${id}] ${line}`),
    onReport: values.quiet ? undefined : (r) => console.log(`[${r.instanceId}] ${reportLine(r)}`),
  });
  running = platform;
  const limits = describeModel(platform.model);
  console.log(
    [
      '',
      `Local Lambda platform ready in ${Date.now() - started} ms`,
      `  gateway     ${platform.url}   (GET ${platform.url}/health lists what is mounted)`,
      ...platform.runtimes.map((r) => `  ${r.name.padEnd(12)}${platform.url}/${r.name}   ${platform.memoryMb[r.name]} MB, up to ${platform.concurrency[r.name]!.limit} instances (${platform.concurrency[r.name]!.source}), package ${(platform.codeRead[r.name]!.packageBytes / 1e6).toFixed(1)} MB${platform.codeRead[r.name]!.ms ? ` (+${platform.codeRead[r.name]!.ms.toFixed(1)} ms Init reading it)` : ''}`),
      `  dynamodb    ${platform.dynamoEndpoint}   table "${platform.tableName}"${values['data-dir'] ? ` in ${values['data-dir']}` : ' (in memory)'}`,
      `  model       ${limits}`,
      ...platform.model.notEnforced.map((m) => `  NOT ENFORCED ${m}`),
      ...(platform.awsEndpoint ? [`  aws api     ${platform.awsEndpoint}   Lambda + CloudWatch Logs for \`npm run bench -- --target ${platform.url} --aws-endpoint ${platform.awsEndpoint}\` (signatures not checked)`] : []),
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[platform] ${signal}: stopping instances and dynalite`);
    platform.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // `npm start` runs us under sh, and npm does not pass SIGTERM on to us: when whoever started us
  // is gone (we were re-parented), stop as if told to, rather than linger with every instance.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && shutdown('parent process exited'), 250).unref();
}

main().catch((err: unknown) => {
  const inUse = (err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
  console.error(inUse ? `${(err as Error).message}: is another npm start running? Stop it, or pick another port: npm start -- --port 3001` : err instanceof Error ? err.message : err);
  process.exit(1);
});
