/** The load generator's worker thread against a no-op server on this (main) thread, where the gateway runs in a bench. */
import { LoadGenerator } from '../src/loadgen/client';
import { measureGeneratorCeiling, startNoopServer } from '../src/loadgen-check';

describe('load generator off the main thread', () => {
  let generator: LoadGenerator;
  let noop: Awaited<ReturnType<typeof startNoopServer>>;
  beforeAll(async () => {
    generator = await LoadGenerator.start();
    noop = await startNoopServer();
  });
  afterAll(async () => {
    await generator.stop();
    await noop.close();
  });

  test('an open-model schedule runs in the worker and returns every answered request with its timing', async () => {
    // Act
    const r = await generator.openModel({ baseUrl: noop.url, rate: 200, durationS: 1, warmupS: 0.2, seed: 1, seedIds: ['00000000-0000-4000-8000-000000000000'] });
    // Assess: 200 requests due, 40 in the warm-up.
    expect(r.requests).toBe(200);
    expect(r.measuredRequests).toBe(160);
    expect(r.errors).toBe(0);
    expect(r.latencyMs).toHaveLength(160);
    expect(r.sentAt[0]!).toBeGreaterThan(r.windowStart - 1);
    expect(r.windowEnd - r.windowStart).toBeCloseTo(800, -1);
  });

  test('the warm-up lasts until the main thread reports ready, then the measured window runs', async () => {
    // Prepare
    const readyAt = Date.now() + 400;
    // Act
    const r = await generator.openModel({ baseUrl: noop.url, rate: 50, durationS: 0.4, warmupS: 0.1, maxWarmupS: 5, seed: 1, seedIds: ['x'] }, () => Date.now() >= readyAt);
    // Assess
    expect(r.reachedReady).toBe(true);
    expect(r.windowStart - r.phaseStart).toBeGreaterThanOrEqual(350);
    expect(r.measuredRequests).toBe(20);
  });

  test('single requests and serial runs are timed in the worker; a failure is an error, not a hang', async () => {
    const one = await generator.request(`${noop.url}/items`, 'POST', '{}');
    expect(one.status).toBe(201);
    expect(one.clientMs).toBeGreaterThan(0);
    const serial = await generator.serial({ baseUrl: noop.url, seed: 1, seedIds: ['x'], count: 20 });
    expect(serial.requests).toBe(20);
    const refused = await generator.request('http://127.0.0.1:1/nothing');
    expect(refused.status).toBe(0);
    expect(refused.error).toBeDefined();
  });

  test('the ceiling is measured in the same configuration', async () => {
    const c = await measureGeneratorCeiling(generator, [200, 400], 0.5);
    expect(c.openModelMaxRps).toBeGreaterThan(150);
    expect(c.closedModelMaxRps).toBeGreaterThan(100);
    expect(c.configuration).toMatch(/worker thread/);
  });
});

describe('signing in the load generator thread (a stage with IAM authorization)', () => {
  test('requests and closed-model runs from the worker carry a SigV4 signature while signing is set, none after', async () => {
    // Prepare: a server that records the Authorization header of every request.
    const http = await import('node:http');
    const seen: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const generator = await LoadGenerator.start();
    try {
      // Act
      await generator.setSigning({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, region: 'eu-west-1', service: 'execute-api' });
      await generator.request(`${url}/items`);
      await generator.closed(url, ['/items'], 1, 0.3);
      const signedCount = seen.length;
      await generator.setSigning(undefined);
      await generator.request(`${url}/items`);
      // Assess
      expect(signedCount).toBeGreaterThan(1);
      for (const h of seen.slice(0, signedCount)) expect(h).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/);
      expect(seen.at(-1)).toBeUndefined();
    } finally {
      await generator.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('request ids from the load generator thread (a deployed stage matches them to REPORT lines)', () => {
  /** A runtime-like server: every answer carries its own Lambda-Request-Id; the first `failing` answers are 502s without one (API Gateway's own). */
  async function server(failing: number) {
    const http = await import('node:http');
    let n = 0;
    const s = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        n++;
        if (n <= failing) return void res.writeHead(502, { 'content-type': 'application/json' }).end('{"message":"Internal server error"}');
        const status = req.method === 'POST' ? 201 : req.method === 'DELETE' ? 204 : 200;
        res.writeHead(status, { 'content-type': 'application/json', 'lambda-request-id': `req-${n}` }).end(status === 204 ? '' : `{"id":"item-${n}"}`);
      });
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(s.address() as { port: number }).port}`, close: () => new Promise((r) => { s.closeAllConnections(); s.close(r); }) };
  }

  test('an open-model run returns each answer\'s Lambda-Request-Id and when its request was due; single requests carry theirs', async () => {
    // Prepare
    const s = await server(0);
    const generator = await LoadGenerator.start();
    try {
      // Act
      const r = await generator.openModel({ baseUrl: s.url, rate: 100, durationS: 0.5, warmupS: 0.1, seed: 1, seedIds: ['x'] });
      const one = await generator.request(`${s.url}/metrics`);
      // Assess
      expect(r.requestIds).toHaveLength(r.requests);
      expect(new Set(r.requestIds).size).toBe(r.requests);
      expect(r.requestDueAt).toHaveLength(r.requests);
      expect(r.requestDueAt.filter((t) => t >= r.windowStart && t < r.windowEnd)).toHaveLength(r.measuredRequests);
      expect(one.lambdaRequestId).toMatch(/^req-\d+$/);
    } finally {
      await generator.stop();
      await s.close();
    }
  });

  test('steadyAnswers: the warm-up lasts until that many answers in a row succeeded, decided in the worker', async () => {
    // Prepare: the first 30 answers fail (0.3 s at 100 req/s), as while a stage scales out.
    const s = await server(30);
    const generator = await LoadGenerator.start();
    try {
      // Act
      const r = await generator.openModel({ baseUrl: s.url, rate: 100, durationS: 0.3, warmupS: 0.05, maxWarmupS: 5, steadyAnswers: 10, seed: 1, seedIds: ['x'] });
      // Assess: the measured window starts after the failures and ten good answers, and holds no failure.
      expect(r.reachedReady).toBe(true);
      expect(r.windowStart - r.phaseStart).toBeGreaterThanOrEqual(390);
      expect(r.measuredErrors).toBe(0);
      expect(r.requestIds.length).toBe(r.requests - 30);
    } finally {
      await generator.stop();
      await s.close();
    }
  });
});
