/**
 * Closed-model load with autocannon (MIT): c connections, each sending its next request as
 * soon as the previous one answered. Used for throughput (the highest rate under 1 % errors)
 * and for the load generator's own ceiling against a no-op server.
 */
import * as fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import type { RequestSigner } from './sigv4';

// The typed surface used here is small: the run, and aggregateResult for worker threads.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- @types/autocannon lacks aggregateResult
const autocannon = require('autocannon') as ((opts: object, cb: (err: Error | null, result: AutocannonResult) => void) => unknown) & { aggregateResult: (results: unknown[], opts: object) => AutocannonResult };

interface AutocannonResult {
  requests: { average: number; total: number; sent: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  '2xx': number;
}

export interface ClosedModelResult {
  concurrency: number;
  durationS: number;
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/** `sign`: a stage with IAM authorization; each request is signed as autocannon builds it. */
export function runClosedModel(url: string, paths: string[], concurrency: number, durationS: number, sign?: RequestSigner): Promise<ClosedModelResult> {
  const requests = paths.map((p) => ({
    method: 'GET',
    path: p,
    // The signature covers host and time, so it is made per request (the host header included).
    ...(sign ? { setupRequest: (req: { headers?: Record<string, string> }) => ({ ...req, headers: { ...req.headers, ...sign({ method: 'GET', url: new URL(p, url) }) } }) } : {}),
  }));
  const opts = { url, connections: concurrency, duration: durationS, pipelining: 1, timeout: 30, requests };
  return new Promise((resolve, reject) => {
    autocannon(
      opts,
      (err, raw) => {
        if (err) return reject(err);
        // Off the main thread autocannon returns its raw histograms (it expects its own manager to aggregate).
        const r = isMainThread ? raw : autocannon.aggregateResult([raw], { url, connections: concurrency, duration: durationS });
        const requests = r['2xx'] + r.non2xx + r.errors + r.timeouts;
        resolve({
          concurrency,
          durationS: r.duration,
          requests,
          errors: r.non2xx + r.errors + r.timeouts,
          rps: r['2xx'] / Math.max(0.001, r.duration),
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
        });
      },
    );
  });
}

export const AUTOCANNON_VERSION: string = (JSON.parse(fs.readFileSync(require.resolve('autocannon/package.json'), 'utf8')) as { version: string }).version;
