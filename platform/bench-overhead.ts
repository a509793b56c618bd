/**
 * Benchmark (not a test): the platform's own cost for a no-op Node function.
 *  1. Overhead per request: client-measured latency minus the function's REPORT Duration,
 *     sequential requests on one keep-alive connection (p50/p99), next to the same client
 *     against a bare Node HTTP server (the loopback + client floor).
 *  2. Maximum requests/s with 2 warm instances (concurrency limit 2), autocannon, 2 connections.
 * Run: npx tsx platform/bench-overhead.ts [--requests 5000] [--seconds 10] [--no-freeze]
 * (--no-freeze: idle instances are not frozen, to see what the freeze/thaw per request costs)
 */
import autocannon from 'autocannon';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startPlatform } from './src/platform';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '5000' }, seconds: { type: 'string', default: '10' }, 'no-freeze': { type: 'boolean', default: false } } });
const REQUESTS = Number(values.requests);
const SECONDS = Number(values.seconds);

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(Number(process.hrtime.bigint() - start) / 1e6));
      })
      .on('error', reject);
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (n: number) => `${n.toFixed(3)} ms`;

async function sequential(url: string, n: number): Promise<number[]> {
  for (let i = 0; i < Math.min(500, n / 5); i++) await get(url); // warm-up: JIT, connections
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await get(url));
  return samples;
}

async function main(): Promise<void> {
  // Floor: the same client against a bare Node server on loopback.
  const bare = http.createServer((_req, res) => res.end('{}'));
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const bareLatency = (await sequential(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/`, REQUESTS)).sort((a, b) => a - b);
  bare.close();

  const platform = await startPlatform({
    port: 0,
    lambdasDir: path.join(__dirname, 'test', 'fixtures', 'lambdas'),
    runtimes: ['noop'],
    build: false,
    memoryMb: 1769, // one full vCPU: the function's own CPU share must not be what is measured
    concurrencyLimit: 2,
    freeze: !values['no-freeze'],
  });
  try {
    await platform.warm('noop', 1);
    const url = `${platform.url}/noop/health`;
    platform.reports.length = 0;
    const e2e = await sequential(url, REQUESTS);
    const reports = platform.reports.slice(-REQUESTS);
    const overhead = e2e.map((ms, i) => ms - reports[i]!.durationMs).sort((a, b) => a - b);
    const durations = reports.map((r) => r.durationMs).sort((a, b) => a - b);
    e2e.sort((a, b) => a - b);

    await platform.warm('noop', 1); // now 2 instances, the concurrency limit
    const run = await autocannon({ url, connections: 2, duration: SECONDS });
    const lines = [
      `machine: ${os.cpus().length} cores, Node ${process.version}, limits ${platform.limitsEnforced ? `enforced (cgroup ${platform.cgroupVersion})` : 'not enforced'}, idle instances ${values['no-freeze'] ? 'not frozen' : 'frozen'}`,
      `sequential, ${REQUESTS} requests, 1 keep-alive connection:`,
      `  bare Node server (floor)   p50 ${fmt(percentile(bareLatency, 50))}  p99 ${fmt(percentile(bareLatency, 99))}`,
      `  platform end to end        p50 ${fmt(percentile(e2e, 50))}  p99 ${fmt(percentile(e2e, 99))}`,
      `  function Duration (REPORT) p50 ${fmt(percentile(durations, 50))}  p99 ${fmt(percentile(durations, 99))}`,
      `  platform overhead          p50 ${fmt(percentile(overhead, 50))}  p99 ${fmt(percentile(overhead, 99))}   (end to end − Duration)`,
      `throughput, 2 warm instances, autocannon 2 connections, ${SECONDS} s:`,
      `  ${run.requests.average.toFixed(0)} requests/s (total ${run.requests.total}), latency p50 ${run.latency.p50} ms p99 ${run.latency.p99} ms, non-2xx ${run.non2xx}, errors ${run.errors}`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await platform.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
