/**
 * The real TypeScript runtime (lambdas/typescript, under aws-lambda-ric) through the platform:
 * every contract operation over HTTP on 127.0.0.1, against the embedded dynalite.
 */
import { startPlatform, type Platform } from '../src/platform';

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform({ port: 0, runtimes: ['typescript'], log: (l) => console.log(l) });
}, 180_000);
afterAll(() => platform?.stop());

async function call(method: string, path: string, body?: unknown, contentType = 'application/json') {
  const res = await fetch(platform.url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

describe('TypeScript runtime through the platform', () => {
  it('GET /typescript/health answers ok, cold first', async () => {
    // Prepare / Act
    const r = await call('GET', '/typescript/health');
    // Assess
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'ok', runtime: 'typescript' });
  });

  it('GET /typescript/metrics reports the instance', async () => {
    // Prepare / Act
    const r = await call('GET', '/typescript/metrics');
    // Assess
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ runtime: 'typescript' });
  });

  it('creates, reads, lists, replaces and deletes an item', async () => {
    // Prepare
    const input = { name: 'Widget ☃', description: 'first', price: 19.99 };
    // Act
    const created = await call('POST', '/typescript/items', input);
    const id = created.json?.id as string;
    const read = await call('GET', `/typescript/items/${id}`);
    const listed = await call('GET', '/typescript/items?limit=100');
    const replaced = await call('PUT', `/typescript/items/${id}`, { name: 'Widget 2', price: 0 });
    const deleted = await call('DELETE', `/typescript/items/${id}`);
    const gone = await call('GET', `/typescript/items/${id}`);
    // Assess
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/typescript/items/${id}`);
    expect(created.json).toMatchObject(input);
    expect(read).toMatchObject({ status: 200, json: created.json });
    expect(listed.status).toBe(200);
    expect((listed.json?.items as { id: string }[]).map((i) => i.id)).toContain(id);
    expect(replaced.status).toBe(200);
    expect(replaced.json).toMatchObject({ id, name: 'Widget 2', price: 0, createdAt: created.json?.createdAt });
    expect(replaced.json).not.toHaveProperty('description');
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(gone.status).toBe(404);
    expect(gone.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers the contract\'s 4xx problems through the gateway', async () => {
    // Prepare / Act
    const badJson = await call('POST', '/typescript/items', '{"name":', 'application/json');
    const notJson = await call('POST', '/typescript/items', 'name=x', 'text/plain');
    const badId = await call('GET', '/typescript/items/not-a-uuid');
    const badLimit = await call('GET', '/typescript/items?limit=0');
    const tooBig = await call('POST', '/typescript/items', { name: 'x', price: 1, description: 'd'.repeat(70 * 1024) });
    // Assess
    expect([badJson.status, notJson.status, badId.status, badLimit.status, tooBig.status]).toEqual([400, 415, 400, 400, 413]);
    for (const r of [badJson, notJson, badId, badLimit, tooBig]) expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers 403 for a route outside the contract', async () => {
    // Prepare / Act
    const r = await call('GET', '/typescript/nope');
    // Assess
    expect(r).toMatchObject({ status: 403, json: { message: 'Missing Authentication Token' } });
  });

  it('wrote a REPORT for every invocation, Init Duration on the first only', () => {
    // Prepare
    const reports = platform.reports.filter((r) => r.runtime === 'typescript');
    // Act
    const cold = reports.filter((r) => r.initDurationMs !== undefined);
    // Assess
    expect(reports.length).toBeGreaterThanOrEqual(10);
    expect(cold).toHaveLength(platform.pool('typescript').started);
    expect(reports.every((r) => r.billedDurationMs >= r.durationMs && r.memorySizeMb === 512)).toBe(true);
  });
});
