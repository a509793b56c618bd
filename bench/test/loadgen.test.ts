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
