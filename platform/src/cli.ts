/**
 * `npm start`: the local platform on http://127.0.0.1:3000 serving every runtime in lambdas/.
 * Ctrl-C (SIGINT) or SIGTERM stops every instance's process tree and dynalite.
 */
import { parseArgs } from 'node:util';
import { reportLine } from './report';
import { startPlatform } from './platform';

const USAGE = `Usage: npm start -- [--port 3000] [--data-dir DIR] [--runtime a,b] [--memory MB] [--concurrency N]
                    [--idle-timeout-ms MS] [--report-file FILE] [--quiet]
                    [--aws-endpoint-port PORT [--aws-environment dev]]
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
      concurrency: { type: 'string', default: '10' },
      'idle-timeout-ms': { type: 'string' },
      'report-file': { type: 'string' },
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
  const awsPort = number('aws-endpoint-port', values['aws-endpoint-port']);
  if (values['aws-environment'] !== undefined && awsPort === undefined) throw new Error(`--aws-environment needs --aws-endpoint-port\n${USAGE}`);
  if (values['aws-environment'] !== undefined && !/^[a-z0-9-]+$/.test(values['aws-environment'])) throw new Error(`--aws-environment must be a CDK environment name such as dev, got "${values['aws-environment']}"`);
  const started = Date.now();
  const platform = await startPlatform({
    port: number('port', values.port),
    dataDir: values['data-dir'],
    runtimes: values.runtime ? values.runtime.split(',').map((s) => s.trim()) : undefined,
    memoryMb: number('memory', values.memory),
    concurrencyLimit: number('concurrency', values.concurrency),
    idleTimeoutMs: number('idle-timeout-ms', values['idle-timeout-ms']),
    reportFile: values['report-file'],
    ...(awsPort !== undefined ? { awsApi: { port: awsPort, environment: values['aws-environment'] } } : {}),
    log: (line) => console.log(`[platform] ${line}`),
    onLog: values.quiet ? undefined : (runtime, id, line) => console.log(`[${id}] ${line}`),
    onReport: values.quiet ? undefined : (r) => console.log(`[${r.instanceId}] ${reportLine(r)}`),
  });
  const limits = platform.limitsEnforced ? `enforced (cgroup ${platform.cgroupVersion})` : `NOT enforced: ${platform.limitsReason}`;
  console.log(
    [
      '',
      `Local Lambda platform ready in ${Date.now() - started} ms`,
      `  gateway     ${platform.url}   (GET ${platform.url}/health lists what is mounted)`,
      ...platform.runtimes.map((r) => `  ${r.name.padEnd(12)}${platform.url}/${r.name}   ${platform.memoryMb[r.name]} MB`),
      `  dynamodb    ${platform.dynamoEndpoint}   table "${platform.tableName}"${values['data-dir'] ? ` in ${values['data-dir']}` : ' (in memory)'}`,
      `  limits      ${limits}`,
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
