/**
 * The hand-written corpus: every operation of the contract and every error of docs/contract.md,
 * in an order that exercises the order of checks. Each entry carries what the contract says, so
 * a runtime is checked against the contract as well as against the others.
 */
import { json, raw, type CorpusEntry, type Expectation } from './corpus';

type Body = { status: number; headers: Record<string, string>; body: unknown };
type Item = { id?: unknown; name?: unknown; description?: unknown; price?: unknown; createdAt?: unknown; updatedAt?: unknown };

const JSON_TYPE = { 'content-type': 'application/json' };
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** A v4 id no runtime will ever make for this run (no item has it). */
const ABSENT_ID = '00000000-0000-4000-8000-000000000000';

const contentTypeIs = (r: Body, type: string) => (r.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() === type;

/** The item rules every 200/201 item answer obeys, plus the fields that must echo exactly. */
function itemCheck(sent: Record<string, unknown>, extra?: (item: Item, r: Body, runtime: string) => string | undefined): Expectation['check'] {
  return (r, runtime) => {
    if (!contentTypeIs(r, 'application/json')) return `Content-Type ${String(r.headers['content-type'])}, the contract says application/json`;
    const item = r.body as Item;
    if (typeof item?.id !== 'string' || !UUID_V4.test(item.id)) return `id ${JSON.stringify(item?.id)} is not a lowercase UUID v4`;
    for (const k of ['createdAt', 'updatedAt'] as const) if (typeof item[k] !== 'string' || !TIMESTAMP.test(item[k] as string)) return `${k} ${JSON.stringify(item[k])} is not UTC with milliseconds`;
    for (const k of ['name', 'description', 'price'] as const) {
      if (k in sent ? item[k] !== sent[k] : k in item) return `${k}: sent ${k in sent ? JSON.stringify(sent[k]) : '(absent)'}, got ${k in item ? JSON.stringify(item[k]) : '(absent)'}`;
    }
    const known = ['id', 'name', 'description', 'price', 'createdAt', 'updatedAt'];
    const unknown = Object.keys(item).filter((k) => !known.includes(k));
    if (unknown.length) return `unexpected properties ${unknown.join(', ')}`;
    return extra?.(item, r, runtime);
  };
}

export const created = (sent: Record<string, unknown>): Expectation => ({
  status: 201,
  check: itemCheck(sent, (item, r, runtime) => {
    if (item.createdAt !== item.updatedAt) return `createdAt ${String(item.createdAt)} ≠ updatedAt ${String(item.updatedAt)} on create`;
    const want = `/${runtime}/items/${String(item.id)}`;
    return r.headers.location === want ? undefined : `Location ${JSON.stringify(r.headers.location)}, the contract says ${want}`;
  }),
});
export const replaced = (sent: Record<string, unknown>): Expectation => ({
  status: 200,
  check: itemCheck(sent, (item) => (String(item.updatedAt) >= String(item.createdAt) ? undefined : 'updatedAt before createdAt')),
});
export const problem = (status: number, type: string): Expectation => ({ status, problem: type });
const invalid = problem(400, 'validation-failed');
const notFound = problem(404, 'not-found');
const malformed = problem(400, 'malformed-json');
const gateway: Expectation = {
  status: 403,
  check: (r) => ((r.body as { message?: unknown })?.message === 'Missing Authentication Token' ? undefined : `body ${JSON.stringify(r.body)}, API Gateway answers {"message":"Missing Authentication Token"}`),
};

const get = (source: string, path: string, expect: Expectation, extra: Partial<CorpusEntry> = {}): CorpusEntry => ({ source: `scenario:${source}`, request: { method: 'GET', path, headers: {} }, expect, ...extra });
const withBody = (method: string, source: string, path: string, body: string, headers: Record<string, string>, expect: Expectation, extra: Partial<CorpusEntry> = {}): CorpusEntry => ({
  source: `scenario:${source}`,
  request: { method, path, headers, bodyBase64: body },
  expect,
  ...extra,
});
const post = (source: string, value: unknown, expect: Expectation, extra: Partial<CorpusEntry> = {}) => withBody('POST', source, '/items', json(value), JSON_TYPE, expect, extra);
const put = (source: string, path: string, value: unknown, expect: Expectation) => withBody('PUT', source, path, json(value), JSON_TYPE, expect);
const del = (source: string, path: string, expect: Expectation): CorpusEntry => ({ source: `scenario:${source}`, request: { method: 'DELETE', path, headers: {} }, expect });

const cup = { name: 'Espresso cup', description: '90 ml, white porcelain', price: 19.99 };
const exact = { name: '  Caf\u0065\u0301 \u2014 "tasse" \u00e0 \u{1F375}  ', description: '', price: 1234567.891 };
const big = JSON.stringify({ name: 'big', price: 1, description: 'x'.repeat(70_000) });

export function scenarioCorpus(): CorpusEntry[] {
  return [
    // Operations.
    get('health', '/health', {
      status: 200,
      check: (r, runtime) => {
        const b = r.body as Record<string, unknown>;
        if (!contentTypeIs(r, 'application/json')) return `Content-Type ${String(r.headers['content-type'])}`;
        if (b?.status !== 'ok' || b.runtime !== runtime || b.version !== '1.0.0') return `health ${JSON.stringify(b)}: status "ok", runtime "${runtime}" and version "1.0.0" expected`;
        return typeof b.runtimeVersion === 'string' && typeof b.coldStart === 'boolean' ? undefined : 'runtimeVersion (string) and coldStart (boolean) expected';
      },
    }),
    get('metrics', '/metrics', {
      status: 200,
      check: (r, runtime) => {
        const b = r.body as Record<string, unknown>;
        if (b?.runtime !== runtime) return `runtime ${JSON.stringify(b?.runtime)}, expected "${runtime}"`;
        if (typeof b.invocations !== 'number' || b.invocations < 1) return `invocations ${JSON.stringify(b.invocations)} (at least 1)`;
        return typeof (b.memory as { rssBytes?: unknown })?.rssBytes === 'number' ? undefined : 'memory.rssBytes missing';
      },
    }),
    post('create', cup, created(cup), { creates: 'cup' }),
    post('create without description', { name: 'Saucer', price: 5 }, created({ name: 'Saucer', price: 5 }), { creates: 'saucer' }),
    post('values stored exactly as sent', exact, created(exact), { creates: 'exact' }),
    post('price bounds', { name: 'free', price: 0 }, created({ name: 'free', price: 0 })),
    post('price bounds', { name: 'dear', price: 1e9 }, created({ name: 'dear', price: 1e9 })),
    post('name of 200 emoji (code points, not UTF-16 units)', { name: '\u{1F600}'.repeat(200), price: 1 }, created({ name: '\u{1F600}'.repeat(200), price: 1 })),
    post('description of 2000 code points', { name: 'long', description: 'd'.repeat(2000), price: 1 }, created({ name: 'long', description: 'd'.repeat(2000), price: 1 })),
    withBody('POST', 'media type case-insensitive, parameters ignored', '/items', json(cup), { 'content-type': ' Application/JSON ; charset=utf-8' }, created(cup)),
    withBody('POST', 'duplicate keys: the last one wins', '/items', raw('{"name":"first","name":"last","price":2}'), JSON_TYPE, created({ name: 'last', price: 2 })),
    get('read', '/items/{{id:cup}}', { status: 200, check: itemCheck(cup) }),
    get('read exact values', '/items/{{id:exact}}', { status: 200, check: itemCheck(exact) }),
    put('replace drops an omitted description', '/items/{{id:cup}}', { name: 'Espresso cup, large', price: 24.5 }, replaced({ name: 'Espresso cup, large', price: 24.5 })),
    get('read after replace', '/items/{{id:cup}}', { status: 200, check: itemCheck({ name: 'Espresso cup, large', price: 24.5 }) }),
    put('replace sets a description', '/items/{{id:saucer}}', { name: 'Saucer', description: 'new', price: 6 }, replaced({ name: 'Saucer', description: 'new', price: 6 })),
    get('list first page', '/items?limit=1', { status: 200, check: listCheck(1) }, { savesToken: 'page1' }),
    get('list next page with the token', '/items?limit=1&nextToken={{token:page1}}', { status: 200, check: listCheck(1) }),
    get('list with the default limit', '/items', { status: 200, check: listCheck(20) }),
    get('list with leading zeros', '/items?limit=007', { status: 200, check: listCheck(7) }),
    get('list with the largest limit', '/items?limit=100', { status: 200, check: listCheck(100) }),
    get('repeated parameter: the last value counts', '/items?limit=abc&limit=2', { status: 200, check: listCheck(2) }),
    get('unknown query parameters are ignored', '/items?limit=3&colour=blue', { status: 200, check: listCheck(3) }),
    del('delete', '/items/{{id:saucer}}', { status: 204, check: (r) => (r.body === undefined ? undefined : 'the 204 has a body') }),
    get('read after delete', '/items/{{id:saucer}}', notFound),
    del('delete twice', '/items/{{id:saucer}}', notFound),
    put('no upsert', '/items/{{id:saucer}}', cup, notFound),
    // 1. Path parameter.
    get('id not a UUID', '/items/not-a-uuid', invalid),
    get('id upper case', '/items/3F5F8C3E-9A4B-4C1D-8E2F-1A2B3C4D5E6F', invalid),
    get('id not v4', '/items/3f5f8c3e-9a4b-1c1d-8e2f-1a2b3c4d5e6f', invalid),
    put('id checked before the body', '/items/not-a-uuid', { wrong: true }, invalid),
    withBody('PUT', 'id checked before size', '/items/not-a-uuid', raw(big), JSON_TYPE, invalid),
    del('delete with a bad id', '/items/not-a-uuid', invalid),
    get('missing item', `/items/${ABSENT_ID}`, { ...notFound, check: (r) => ((r.body as { title?: unknown })?.title === 'Item not found' ? undefined : `title ${JSON.stringify((r.body as { title?: unknown })?.title)}`) }),
    del('delete a missing item', `/items/${ABSENT_ID}`, notFound),
    // 2. Query parameters.
    ...['0', '101', '%2B5', '5.0', '%205', '1e1', 'abc', '-1', ''].map((limit) => get(`limit "${decodeURIComponent(limit)}"`, `/items?limit=${limit}`, invalid)),
    ...['abc', 'P1-MPppLTB2OLxorPE1ebw%3D%3D', 'P1-MPppLTB2OLxorPE1eb', 'P1-MPppLTB1OLxorPE1ebw', 'P1-MPppLTB2OLxorPE1ebx'].map((token) => get(`nextToken "${decodeURIComponent(token)}"`, `/items?nextToken=${token}`, invalid)),
    get('limit checked before nextToken, both reported as 400', '/items?limit=0&nextToken=abc', invalid),
    // 3. Size, before media type and JSON.
    withBody('POST', 'body over 64 KiB', '/items', raw(big), JSON_TYPE, problem(413, 'payload-too-large')),
    withBody('POST', 'size checked before media type', '/items', raw(big), { 'content-type': 'text/plain' }, problem(413, 'payload-too-large')),
    withBody('PUT', 'body over 64 KiB on replace', '/items/{{id:cup}}', raw(big), JSON_TYPE, problem(413, 'payload-too-large')),
    // 4. Media type, before JSON.
    withBody('POST', 'no Content-Type', '/items', json(cup), {}, problem(415, 'unsupported-media-type')),
    withBody('POST', 'text/plain', '/items', json(cup), { 'content-type': 'text/plain' }, problem(415, 'unsupported-media-type')),
    withBody('POST', 'media type checked before JSON', '/items', raw('{"name":'), { 'content-type': 'text/plain' }, problem(415, 'unsupported-media-type')),
    withBody('PUT', 'text/plain on replace', '/items/{{id:cup}}', json(cup), { 'content-type': 'application/xml' }, problem(415, 'unsupported-media-type')),
    // 5. Malformed JSON.
    withBody('POST', 'truncated JSON', '/items', raw('{"name":'), JSON_TYPE, malformed),
    withBody('POST', 'empty body', '/items', '', JSON_TYPE, malformed),
    withBody('POST', 'trailing text', '/items', raw('{"name":"x","price":1} x'), JSON_TYPE, malformed),
    withBody('POST', 'not UTF-8', '/items', Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x2c, 0x22, 0x70, 0x72, 0x69, 0x63, 0x65, 0x22, 0x3a, 0x31, 0x7d]).toString('base64'), JSON_TYPE, malformed),
    withBody('PUT', 'malformed JSON on replace', '/items/{{id:cup}}', raw('{'), JSON_TYPE, malformed),
    // 6. Schema.
    ...(
      [
        ['array body', []],
        ['string body', 'x'],
        ['null body', null],
        ['name missing', { price: 1 }],
        ['price missing', { name: 'x' }],
        ['empty name', { name: '', price: 1 }],
        ['white-space name', { name: ' \t\u00a0\u3000', price: 1 }],
        ['name of 201 code points', { name: 'n'.repeat(201), price: 1 }],
        ['name of 201 emoji', { name: '\u{1F600}'.repeat(201), price: 1 }],
        ['description of 2001 code points', { name: 'x', description: 'd'.repeat(2001), price: 1 }],
        ['description null', { name: 'x', description: null, price: 1 }],
        ['negative price', { name: 'x', price: -1 }],
        ['price over 1e9', { name: 'x', price: 1000000001 }],
        ['price as a string', { name: 'x', price: '5' }],
        ['price as a boolean', { name: 'x', price: true }],
        ['unknown property', { name: 'x', price: 1, colour: 'blue' }],
      ] as const
    ).map(([source, value]) => post(source, value, invalid)),
    withBody('POST', 'price beyond binary64', '/items', raw('{"name":"x","price":1e400}'), JSON_TYPE, invalid),
    withBody('POST', 'unpaired surrogate in name', '/items', raw('{"name":"\\ud800","price":1}'), JSON_TYPE, invalid),
    withBody('POST', 'unpaired surrogate in description', '/items', raw('{"name":"x","description":"a\\udc00","price":1}'), JSON_TYPE, invalid),
    put('schema on replace', '/items/{{id:cup}}', { name: 'x', price: -1 }, invalid),
    // 7. Existence comes last.
    put('schema checked before existence', `/items/${ABSENT_ID}`, { name: 'x', price: -1 }, invalid),
    put('replace a missing item', `/items/${ABSENT_ID}`, cup, notFound),
    // Routes the contract lacks never reach a runtime.
    get('unknown route', '/nowhere', gateway),
    withBody('POST', 'method the path lacks', '/health', json(cup), JSON_TYPE, gateway),
    withBody('PATCH', 'method the path lacks', '/items/{{id:cup}}', json(cup), JSON_TYPE, gateway),
    del('clean up', '/items/{{id:cup}}', { status: 204 }),
    del('clean up', '/items/{{id:exact}}', { status: 204 }),
  ];
}

function listCheck(limit: number): Expectation['check'] {
  return (r) => {
    const b = r.body as { items?: unknown; nextToken?: unknown };
    if (!contentTypeIs(r, 'application/json')) return `Content-Type ${String(r.headers['content-type'])}`;
    if (!Array.isArray(b?.items)) return 'items is not an array';
    if (b.items.length > limit) return `${b.items.length} items on a page of at most ${limit}`;
    if ('nextToken' in b && (typeof b.nextToken !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(b.nextToken))) return `nextToken ${JSON.stringify(b.nextToken)} is not 22 base64url characters (absent, not null, on the last page)`;
    const extra = Object.keys(b).filter((k) => k !== 'items' && k !== 'nextToken');
    return extra.length ? `unexpected properties ${extra.join(', ')}` : undefined;
  };
}
