/**
 * The shared end-to-end suite: every operation and every error of the contract
 * (docs/contract.md), run over every runtime found by lambdas/*\/runtime.json.
 * A runtime joins by adding its manifest, not by copying tests.
 */
import { schemaErrors, type SchemaName } from '../support/contract-schemas';
import { startTargets, targets, type Target } from '../support/targets';
import type { ApiRequest, ApiResponse, Transport } from '../support/transport';

jest.setTimeout(120_000);

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const P = 'urn:problem:multi-runtime-benchmark:';

type Item = { id: string; name: string; description?: string; price: number; createdAt: string; updatedAt: string };

let env: Awaited<ReturnType<typeof startTargets>>;
beforeAll(async () => {
  env = await startTargets(targets);
});
afterAll(async () => {
  await env?.stop();
});

function expectConforms(name: SchemaName, res: ApiResponse): void {
  expect({ schema: name, errors: schemaErrors(name, res.json) }).toEqual({ schema: name, errors: [] });
}

function expectProblem(res: ApiResponse, status: number, kind: string): void {
  expect({ status: res.status, type: (res.json as { type?: string } | undefined)?.type }).toEqual({ status, type: `${P}${kind}` });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expectConforms('Problem', res);
  expect((res.json as { status: number }).status).toBe(status);
}

describe.each(targets)('$label', (target: Target) => {
  let api: Transport;
  const send = (r: ApiRequest) => api.send(r);
  const post = (body: unknown, path = '/items') => send({ method: 'POST', path, headers: JSON_HEADERS, body: JSON.stringify(body) });
  const put = (id: string, body: unknown) => send({ method: 'PUT', path: `/items/${id}`, headers: JSON_HEADERS, body: JSON.stringify(body) });
  const get = (path: string) => send({ method: 'GET', path });
  async function created(body: Record<string, unknown> = { name: 'Espresso cup', price: 19.99 }): Promise<Item> {
    const res = await post(body);
    expect(res.status).toBe(201);
    return res.json as Item;
  }

  beforeAll(() => {
    api = env.transport(target);
  });

  describe('operations', () => {
    test('GET /health answers ok with the runtime name and contract version', async () => {
      // Act
      const res = await get('/health');
      // Assess
      expect(res.status).toBe(200);
      expectConforms('Health', res);
      expect(res.json).toMatchObject({ status: 'ok', runtime: target.runtime.name, version: '1.0.0' });
    });

    test('GET /metrics describes the instance that served it', async () => {
      const res = await get('/metrics');
      expect(res.status).toBe(200);
      expectConforms('Metrics', res);
      expect(res.json).toMatchObject({ runtime: target.runtime.name });
      expect((res.json as { memory: { rssBytes: number } }).memory.rssBytes).toBeGreaterThan(0);
    });
  });

  describe("the invocation's request id (Lambda-Request-Id)", () => {
    test('every answer, success or problem, names the invocation that gave it, each its own', async () => {
      // Prepare
      const item = await created();
      // Act
      const answers = [
        await get('/health'),
        await get('/metrics'),
        await post({ name: 'x', price: 1 }),
        await get(`/items/${item.id}`),
        await get('/items?limit=1'),
        await put(item.id, { name: 'y', price: 2 }),
        await send({ method: 'DELETE', path: `/items/${item.id}` }),
        await get('/items/not-a-uuid'),
        await get(`/items/${MISSING_ID}`),
        await send({ method: 'POST', path: '/items', headers: { 'Content-Type': 'text/plain' }, body: '{}' }),
        await send({ method: 'POST', path: '/items', headers: JSON_HEADERS, body: 'x'.repeat(65_537) }),
      ];
      // Assess
      expect(answers.map((a) => a.status)).toEqual([200, 200, 201, 200, 200, 200, 204, 400, 404, 415, 413]);
      const ids = answers.map((a) => a.headers['lambda-request-id']);
      expect(ids.filter((id) => typeof id !== 'string' || id.length === 0)).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
    });
  });

  describe('create, read, replace, delete', () => {
    test('POST /items stores the item as sent and answers 201 with its Location', async () => {
      // Prepare
      const input = { name: '  Espresso cup, ｆｕｌｌ-width é ', description: '90 ml, white porcelain', price: 19.99 };
      // Act
      const res = await post(input);
      // Assess
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expectConforms('Item', res);
      const item = res.json as Item;
      expect(item).toMatchObject(input);
      expect(item.id).toMatch(UUID_V4);
      expect(item.createdAt).toMatch(TIMESTAMP);
      expect(item.updatedAt).toBe(item.createdAt);
      expect(res.headers.location).toBe(`/${target.runtime.name}/items/${item.id}`);
    });

    test('names and descriptions are stored exactly: no trimming, no normalization, code points counted', async () => {
      const decomposed = 'Cafe\u0301'; // NFD: must not come back as NFC 'Café'
      const emoji200 = '😀'.repeat(200); // 200 code points, 400 UTF-16 units
      for (const name of [decomposed, emoji200, ' x ', '\u3000x\u3000']) {
        const item = await created({ name, price: 1 });
        const read = await get(`/items/${item.id}`);
        expect((read.json as Item).name).toBe(name);
      }
    });

    test('prices round-trip exactly', async () => {
      for (const price of [19.99, 1234567.891, 5, 0, 1e9, 0.1, 2e-3, 1e-130]) {
        const item = await created({ name: 'priced', price });
        const read = await get(`/items/${item.id}`);
        expect((read.json as Item).price).toBe(price);
      }
    });

    test('an omitted description is absent, an empty one is kept', async () => {
      const without = await created({ name: 'plain', price: 1 });
      const empty = await created({ name: 'empty', price: 1, description: '' });
      expect('description' in without).toBe(false);
      expect(empty.description).toBe('');
      expect('description' in ((await get(`/items/${without.id}`)).json as Item)).toBe(false);
      expect(((await get(`/items/${empty.id}`)).json as Item).description).toBe('');
    });

    test('GET /items/{id} answers the stored item', async () => {
      const item = await created({ name: 'to read', description: 'd', price: 2.5 });
      const res = await get(`/items/${item.id}`);
      expect(res.status).toBe(200);
      expectConforms('Item', res);
      expect(res.json).toEqual(item);
    });

    test('PUT replaces fully: createdAt kept, updatedAt moves, a missing description is removed', async () => {
      // Prepare
      const item = await created({ name: 'before', description: 'will go', price: 3 });
      await new Promise((r) => setTimeout(r, 5));
      // Act
      const res = await put(item.id, { name: 'after', price: 4.25 });
      // Assess
      expect(res.status).toBe(200);
      expectConforms('Item', res);
      const replaced = res.json as Item;
      expect(replaced).toEqual({ id: item.id, name: 'after', price: 4.25, createdAt: item.createdAt, updatedAt: replaced.updatedAt });
      expect(replaced.updatedAt > item.createdAt).toBe(true);
      expect((await get(`/items/${item.id}`)).json).toEqual(replaced);
    });

    test('DELETE answers 204 with an empty body, then the item is gone', async () => {
      const item = await created();
      const res = await send({ method: 'DELETE', path: `/items/${item.id}` });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expectProblem(await get(`/items/${item.id}`), 404, 'not-found');
      expectProblem(await send({ method: 'DELETE', path: `/items/${item.id}` }), 404, 'not-found');
    });
  });

  describe('listing', () => {
    test('pages through every item with limit and nextToken', async () => {
      // Prepare
      const mine = new Set<string>();
      for (let i = 0; i < 5; i++) mine.add((await created({ name: `page ${i}`, price: i })).id);
      // Act
      const seen = new Set<string>();
      let token: string | undefined;
      let pages = 0;
      do {
        const res = await get(`/items?limit=2${token ? `&nextToken=${encodeURIComponent(token)}` : ''}`);
        // Assess (every page)
        expect(res.status).toBe(200);
        expectConforms('ItemList', res);
        const page = res.json as { items: Item[]; nextToken?: string };
        expect(page.items.length).toBeLessThanOrEqual(2);
        for (const it of page.items) {
          expect(seen.has(it.id)).toBe(false);
          seen.add(it.id);
        }
        token = page.nextToken;
        pages++;
      } while (token && pages < 1000);
      // Assess
      for (const id of mine) expect(seen.has(id)).toBe(true);
    });

    test('limit defaults to 20 and accepts 1 and 100', async () => {
      for (let i = 0; i < 21; i++) await created({ name: `bulk ${i}`, price: i });
      expect(((await get('/items')).json as { items: unknown[] }).items).toHaveLength(20);
      expect(((await get('/items?limit=1')).json as { items: unknown[] }).items).toHaveLength(1);
      expect((await get('/items?limit=100')).status).toBe(200);
    });
  });

  describe('bad input: a problem+json 4xx, never a 500, nothing stored changes', () => {
    const huge = (bytes: number) => JSON.stringify({ name: 'big', price: 1, description: 'x'.repeat(bytes) });

    test.each([
      ['malformed JSON', 400, 'malformed-json', '{"name": "x", "price": ', JSON_HEADERS],
      ['an empty body', 400, 'malformed-json', '', JSON_HEADERS],
      ['trailing text after the JSON value', 400, 'malformed-json', '{"name":"x","price":1} x', JSON_HEADERS],
      ['a body that is not application/json', 415, 'unsupported-media-type', '{"name":"x","price":1}', { 'Content-Type': 'text/plain' }],
      ['no Content-Type', 415, 'unsupported-media-type', '{"name":"x","price":1}', {}],
      ['a body over 64 KiB', 413, 'payload-too-large', huge(70_000), JSON_HEADERS],
      ['a body over 64 KiB that is not even JSON', 413, 'payload-too-large', 'x'.repeat(65_537), JSON_HEADERS],
      ['an unknown property', 400, 'validation-failed', '{"name":"x","price":1,"color":"red"}', JSON_HEADERS],
      ['an empty name', 400, 'validation-failed', '{"name":"","price":1}', JSON_HEADERS],
      ['a name of white space only', 400, 'validation-failed', '{"name":" \\t\\u00a0\\u3000","price":1}', JSON_HEADERS],
      ['a name of 201 code points', 400, 'validation-failed', JSON.stringify({ name: '😀'.repeat(201), price: 1 }), JSON_HEADERS],
      ['a description of 2001 code points', 400, 'validation-failed', JSON.stringify({ name: 'x', description: 'é'.repeat(2001), price: 1 }), JSON_HEADERS],
      ['a null description', 400, 'validation-failed', '{"name":"x","price":1,"description":null}', JSON_HEADERS],
      ['an unpaired surrogate', 400, 'validation-failed', '{"name":"\\ud800","price":1}', JSON_HEADERS],
      ['a missing name', 400, 'validation-failed', '{"price":1}', JSON_HEADERS],
      ['a missing price', 400, 'validation-failed', '{"name":"x"}', JSON_HEADERS],
      ['a negative price', 400, 'validation-failed', '{"name":"x","price":-0.01}', JSON_HEADERS],
      ['a price above 1e9', 400, 'validation-failed', '{"name":"x","price":1000000000.01}', JSON_HEADERS],
      ['a price beyond binary64', 400, 'validation-failed', '{"name":"x","price":1e400}', JSON_HEADERS],
      ['a price as a string', 400, 'validation-failed', '{"name":"x","price":"5"}', JSON_HEADERS],
      ['a price too small for DynamoDB', 400, 'validation-failed', '{"name":"x","price":5e-324}', JSON_HEADERS],
      ['a price just below 1e-130', 400, 'validation-failed', '{"name":"x","price":9.999999999999999e-131}', JSON_HEADERS],
      ['an unpaired surrogate in the description', 400, 'validation-failed', '{"name":"x","price":1,"description":"a\\udc00b"}', JSON_HEADERS],
      ['an array body', 400, 'validation-failed', '[{"name":"x","price":1}]', JSON_HEADERS],
      ['a null body', 400, 'validation-failed', 'null', JSON_HEADERS],
    ] as const)('POST with %s → %i %s', async (_what, status, kind, body, headers) => {
      const res = await send({ method: 'POST', path: '/items', headers, body });
      expectProblem(res, status, kind);
    });

    test('a bad PUT body leaves the stored item unchanged', async () => {
      // Prepare
      const item = await created({ name: 'keep me', description: 'intact', price: 7 });
      // Act
      const answers = [
        await send({ method: 'PUT', path: `/items/${item.id}`, headers: JSON_HEADERS, body: '{"name":' }),
        await send({ method: 'PUT', path: `/items/${item.id}`, headers: JSON_HEADERS, body: '{"name":"","price":1}' }),
        await send({ method: 'PUT', path: `/items/${item.id}`, headers: { 'Content-Type': 'text/plain' }, body: '{}' }),
        await send({ method: 'PUT', path: `/items/${item.id}`, headers: JSON_HEADERS, body: huge(70_000) }),
      ];
      // Assess
      expect(answers.map((a) => a.status)).toEqual([400, 400, 415, 413]);
      expect((await get(`/items/${item.id}`)).json).toEqual(item);
    });

    test.each([
      ['GET', 'not-a-uuid'],
      ['GET', '3F5F8C3E-9A4B-4C1D-8E2F-1A2B3C4D5E6F'],
      ['GET', '3f5f8c3e-9a4b-1c1d-8e2f-1a2b3c4d5e6f'],
      ['PUT', 'not-a-uuid'],
      ['DELETE', 'not-a-uuid'],
    ])('%s /items/%s (not a lowercase UUID v4) → 400', async (method, id) => {
      const res = await send({ method, path: `/items/${id}`, headers: JSON_HEADERS, body: method === 'PUT' ? '{"name":"x","price":1}' : undefined });
      expectProblem(res, 400, 'validation-failed');
    });

    test.each(['GET', 'PUT', 'DELETE'])('%s of a missing item → 404, and PUT does not create it', async (method) => {
      const res = await send({ method, path: `/items/${MISSING_ID}`, headers: JSON_HEADERS, body: method === 'PUT' ? '{"name":"x","price":1}' : undefined });
      expectProblem(res, 404, 'not-found');
      expectProblem(await get(`/items/${MISSING_ID}`), 404, 'not-found');
    });

    test('a repeated query parameter counts with its last value', async () => {
      await created();
      await created();
      const res = await get('/items?limit=abc&limit=1');
      expect(res.status).toBe(200);
      expect((res.json as { items: unknown[] }).items).toHaveLength(1);
      expectProblem(await get('/items?limit=1&limit=abc'), 400, 'validation-failed');
    });

    test.each(['0', '101', 'abc', '+5', '5.0', '1e1', '-1', ''])('GET /items?limit=%s → 400', async (limit) => {
      expectProblem(await get(`/items?limit=${encodeURIComponent(limit)}`), 400, 'validation-failed');
    });

    test.each(['garbage', 'P1-MPppLTB2OLxorPE1eb', 'AAAAAAAAAAAAAAAAAAAAAA'])('GET /items?nextToken=%s (never issued) → 400', async (token) => {
      expectProblem(await get(`/items?nextToken=${encodeURIComponent(token)}`), 400, 'validation-failed');
    });
  });
});
