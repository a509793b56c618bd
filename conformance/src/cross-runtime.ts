/**
 * Cross-runtime data: for every ordered pair (A, B), an item created through A is read,
 * replaced, listed and deleted through B and seen through A afterwards; a nextToken that A
 * issued fetches the same page through B as through A. One table, one storage layout: any
 * difference means a runtime stores or reads something its own way.
 */
import { isDeepStrictEqual } from 'node:util';
import { json } from './corpus';
import type { Target } from './differential';
import { send, type HttpRequest, type HttpResponse } from './http';

export interface CrossFailure {
  /** `A→B`: created (or token issued) through A, used through B. */
  pair: string;
  step: string;
  request: HttpRequest;
  runtime: string;
  response: { status: number; body: string };
  complaint: string;
}

export interface CrossResult {
  pairs: number;
  requests: number;
  failures: CrossFailure[];
  /** Runtimes blamed: those in the most failing pairs (every runtime of a pair when no one stands out). */
  blamed: string[];
}

const JSON_TYPE = { 'content-type': 'application/json' };
const MAX_PAGES = 200;

const parse = (r: HttpResponse): unknown => {
  try {
    return r.body ? JSON.parse(r.body) : undefined;
  } catch {
    return undefined;
  }
};

export async function runCrossRuntime(targets: Target[], runId: string): Promise<CrossResult> {
  const failures: CrossFailure[] = [];
  let requests = 0;
  let pairs = 0;
  // Enough items that a page of 2 has a nextToken even on an empty table.
  const seeds: string[] = [];
  for (let i = 0; i < 3 && targets[0]; i++) {
    const r = await send(targets[0].baseUrl, { method: 'POST', path: '/items', headers: JSON_TYPE, bodyBase64: json({ name: `cross seed ${i} ${runId}`, price: i }) });
    requests++;
    const id = (parse(r) as { id?: unknown } | undefined)?.id;
    if (r.status === 201 && typeof id === 'string') seeds.push(id);
  }
  for (const a of targets) {
    for (const b of targets) {
      if (a === b) continue;
      pairs++;
      const pair = `${a.runtime}→${b.runtime}`;
      const call = async (t: Target, step: string, request: HttpRequest, status: number, check?: (body: unknown) => string | undefined) => {
        const response = await send(t.baseUrl, request);
        requests++;
        const body = parse(response);
        const complaint = response.error ? `no answer (transport): ${response.error}` : response.status !== status ? `status ${response.status}, expected ${status}` : check?.(body);
        if (complaint) failures.push({ pair, step, request, runtime: t.runtime, response: { status: response.status, body: response.body.slice(0, 2000) }, complaint });
        return complaint ? undefined : body;
      };
      const same = (expected: unknown, what: string) => (body: unknown) => (isDeepStrictEqual(body, expected) ? undefined : `${what}: ${JSON.stringify(body)} ≠ ${JSON.stringify(expected)}`);

      const input = { name: `cross ${pair} ${runId} \u00e9\u{1F600}`, description: `made by ${a.runtime}`, price: 1234.5678 };
      const item = (await call(a, `create through ${a.runtime}`, { method: 'POST', path: '/items', headers: JSON_TYPE, bodyBase64: json(input) }, 201)) as { id: string; createdAt: string } | undefined;
      if (!item) continue;
      const itemPath = `/items/${item.id}`;
      await call(b, `read through ${b.runtime}`, { method: 'GET', path: itemPath, headers: {} }, 200, same(item, `${b.runtime} reads ${a.runtime}'s item differently`));
      const replacement = { name: `replaced by ${b.runtime}`, price: 7 };
      const replaced = await call(b, `replace through ${b.runtime}`, { method: 'PUT', path: itemPath, headers: JSON_TYPE, bodyBase64: json(replacement) }, 200, (body) => {
        const r = body as Record<string, unknown>;
        if (r.createdAt !== item.createdAt) return `createdAt ${String(r.createdAt)} ≠ ${item.createdAt} (kept on replace)`;
        if ('description' in r) return 'description still present after a replace without one';
        return r.name === replacement.name && r.price === replacement.price && r.id === item.id ? undefined : `replaced item ${JSON.stringify(r)}`;
      });
      if (replaced) {
        await call(a, `read the replacement through ${a.runtime}`, { method: 'GET', path: itemPath, headers: {} }, 200, same(replaced, `${a.runtime} reads ${b.runtime}'s replacement differently`));
        // Listed through B, pages fetched alternately through B and A with each other's tokens.
        let token: string | undefined;
        let found: unknown;
        for (let page = 0; page < MAX_PAGES && !found; page++) {
          const via = page % 2 === 0 ? b : a;
          const query = `/items?limit=100${token ? `&nextToken=${token}` : ''}`;
          const list = (await call(via, `list through ${via.runtime} (page ${page + 1})`, { method: 'GET', path: query, headers: {} }, 200)) as { items?: { id: string }[]; nextToken?: string } | undefined;
          if (!list) break;
          found = list.items?.find((i) => i.id === item.id);
          token = list.nextToken;
          if (!token) break;
        }
        if (!isDeepStrictEqual(found, replaced)) {
          failures.push({ pair, step: 'find the item in the list', request: { method: 'GET', path: '/items?limit=100', headers: {} }, runtime: b.runtime, response: { status: 200, body: JSON.stringify(found ?? null) }, complaint: found ? `listed as ${JSON.stringify(found)} ≠ ${JSON.stringify(replaced)}` : 'not found in any page' });
        }
      }
      await call(b, `delete through ${b.runtime}`, { method: 'DELETE', path: itemPath, headers: {} }, 204);
      await call(a, `read the deleted item through ${a.runtime}`, { method: 'GET', path: itemPath, headers: {} }, 404);
      await call(a, `delete again through ${a.runtime}`, { method: 'DELETE', path: itemPath, headers: {} }, 404);

      // A token issued by A fetches, through B, exactly the page it fetches through A.
      const first = (await call(a, `first page through ${a.runtime}`, { method: 'GET', path: '/items?limit=2', headers: {} }, 200)) as { nextToken?: string } | undefined;
      if (first?.nextToken) {
        const next = { method: 'GET', path: `/items?limit=2&nextToken=${first.nextToken}`, headers: {} };
        const viaA = await call(a, `next page through ${a.runtime}`, next, 200);
        if (viaA) await call(b, `${a.runtime}'s token through ${b.runtime}`, next, 200, same(viaA, `the page of ${a.runtime}'s token differs through ${b.runtime}`));
      }
    }
  }
  for (const id of seeds) {
    await send(targets[0]!.baseUrl, { method: 'DELETE', path: `/items/${id}`, headers: {} });
    requests++;
  }
  return { pairs, requests, failures, blamed: blame(failures) };
}

/** The runtimes that fail with the most partners: one broken runtime fails with all others. */
export function blame(failures: { pair: string }[]): string[] {
  const partners = new Map<string, Set<string>>();
  for (const f of failures) {
    const [x, y] = f.pair.split('→') as [string, string];
    for (const [r, o] of [[x, y], [y, x]] as const) {
      if (!partners.has(r)) partners.set(r, new Set());
      partners.get(r)!.add(o);
    }
  }
  const most = Math.max(0, ...[...partners.values()].map((s) => s.size));
  return [...partners.entries()].filter(([, s]) => s.size === most && most > 0).map(([r]) => r).sort();
}
