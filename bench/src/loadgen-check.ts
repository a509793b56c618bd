/**
 * Is the load generator the bottleneck? Its ceiling against a no-op server on 127.0.0.1, in
 * the configuration the phases use: the generator in its worker thread, the server on the
 * main thread where the gateway runs. Both the open-model scheduler and autocannon.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoadGenerator } from './loadgen/client';

/** Answers like the API would (201 on POST, 204 on DELETE), with no work behind it. */
export async function startNoopServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'DELETE') return res.writeHead(204).end();
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' }).end('{"id":"00000000-0000-4000-8000-000000000000"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

export interface GeneratorCeiling {
  openModelMaxRps: number;
  closedModelMaxRps: number;
  /** Where generator and server ran while this was measured. */
  configuration: string;
}

export const GENERATOR_CONFIGURATION = 'generator in a worker thread, server on the main thread (where the gateway runs), 127.0.0.1';

/** Open model: the highest tried rate it keeps within 5 % and 100 ms of schedule. */
export async function measureGeneratorCeiling(generator: LoadGenerator, rates = [500, 1000, 2000, 4000], seconds = 2): Promise<GeneratorCeiling> {
  const noop = await startNoopServer();
  try {
    let openModelMaxRps = 0;
    for (const rate of rates) {
      const r = await generator.openModel({ baseUrl: noop.url, rate, durationS: seconds, warmupS: 0, seed: 1, seedIds: ['00000000-0000-4000-8000-000000000000'] });
      if (r.achievedRps >= rate * 0.95 && r.maxSendLagMs < 100 && r.errors === 0) openModelMaxRps = r.achievedRps;
      else break;
    }
    await generator.reset();
    const closed = await generator.closed(noop.url, ['/items/x'], 16, seconds);
    return { openModelMaxRps, closedModelMaxRps: closed.rps, configuration: GENERATOR_CONFIGURATION };
  } finally {
    await generator.reset();
    await noop.close();
  }
}
