/**
 * One table, shared: an item written through any runtime reads identically through every
 * other one, each can replace and delete what another created, and a nextToken issued by
 * one runtime pages on in every other. Every ordered pair of runtimes, over HTTP.
 */
import { startTargets, targets, type Target } from '../support/targets';
import type { Transport } from '../support/transport';

jest.setTimeout(180_000);

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const httpTargets = targets.filter((t) => t.kind === 'http');
const pairs: [string, string, Target, Target][] = httpTargets.flatMap((a) =>
  httpTargets.filter((b) => b !== a).map((b) => [a.runtime.name, b.runtime.name, a, b] as [string, string, Target, Target]),
);

type Item = { id: string; name: string; description?: string; price: number; createdAt: string; updatedAt: string };

let env: Awaited<ReturnType<typeof startTargets>>;
beforeAll(async () => {
  env = await startTargets(httpTargets);
});
afterAll(async () => {
  await env?.stop();
});

const json = async (api: Transport, method: string, path: string, body?: unknown) => {
  const res = await api.send({ method, path, headers: JSON_HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: res.json };
};

test('there are runtimes to cross (at least two over http)', () => {
  expect(httpTargets.length).toBeGreaterThanOrEqual(process.env.E2E_RUNTIMES ? 1 : 2);
});

// describe.each refuses an empty table: with one runtime there is no pair to cross.
(pairs.length ? describe.each(pairs) : () => () => undefined)('%s → %s', (_fromName: string, _toName: string, from: Target, to: Target) => {
  test(`an item created through ${from.runtime.name} reads, replaces and deletes identically through ${to.runtime.name}`, async () => {
    // Prepare
    const a = env.transport(from);
    const b = env.transport(to);
    const input = { name: `made by ${from.runtime.name} ✓ 😀`, description: '', price: 1234567.891 };
    const createdRes = await json(a, 'POST', '/items', input);
    expect(createdRes.status).toBe(201);
    const item = createdRes.body as Item;
    // Act + Assess: read across
    expect(await json(b, 'GET', `/items/${item.id}`)).toEqual({ status: 200, body: item });
    // Act + Assess: replace across, read back where it was made
    const replaced = await json(b, 'PUT', `/items/${item.id}`, { name: 'replaced', price: 19.99 });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id: item.id, createdAt: item.createdAt, name: 'replaced', price: 19.99 });
    expect(await json(a, 'GET', `/items/${item.id}`)).toEqual(replaced);
    // Act + Assess: delete across
    expect((await b.send({ method: 'DELETE', path: `/items/${item.id}` })).status).toBe(204);
    expect((await json(a, 'GET', `/items/${item.id}`)).status).toBe(404);
  });

  test(`a nextToken issued by ${from.runtime.name} pages on through ${to.runtime.name}`, async () => {
    // Prepare: enough items for at least two pages of 1
    const a = env.transport(from);
    const b = env.transport(to);
    for (let i = 0; i < 3; i++) expect((await json(a, 'POST', '/items', { name: `page ${i}`, price: i })).status).toBe(201);
    // Act
    const first = (await json(a, 'GET', '/items?limit=1')).body as { items: Item[]; nextToken?: string };
    expect(first.nextToken).toBeDefined();
    const onA = await json(a, 'GET', `/items?limit=1&nextToken=${encodeURIComponent(first.nextToken!)}`);
    const onB = await json(b, 'GET', `/items?limit=1&nextToken=${encodeURIComponent(first.nextToken!)}`);
    // Assess: the same page, and the same token for the page after it
    expect(onB).toEqual(onA);
    expect(onB.status).toBe(200);
  });
});
