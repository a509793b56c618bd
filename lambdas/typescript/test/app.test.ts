/**
 * The app through its Lambda adapter, in process, against a fake store: the contract's
 * order of checks and the errors no end-to-end run can provoke (a failing store).
 */
import serverless from 'serverless-http';
import { buildProxyEvent } from '../../../platform/src/apigw-event';
import { createApp } from '../src/app';
import { InstanceInfo } from '../src/instance';
import { FakeStore } from './fake-store';

const P = 'urn:problem:multi-runtime-benchmark:';

function setup() {
  const store = new FakeStore();
  const instance = new InstanceInfo();
  const proxy = serverless(createApp({ store, instance, now: () => new Date('2026-01-31T12:00:00Z') }), { basePath: '/typescript' });
  const call = async (method: string, path: string, body: string | Buffer = '', headers: Record<string, string> = { 'Content-Type': 'application/json' }) => {
    const [p = '', q = ''] = path.split('?');
    const event = buildProxyEvent({
      method,
      path: `/typescript${p}`,
      query: q,
      rawHeaders: Object.entries(headers).flat(),
      body: Buffer.from(body),
      sourceIp: '127.0.0.1',
      resource: `/typescript${p.replace(/\/items\/.+$/, '/items/{id}')}`,
      pathParameters: null,
    });
    instance.invoked();
    const res = (await proxy(event as never, {} as never)) as { statusCode: number; body: string; headers: Record<string, string> };
    return { status: res.statusCode, headers: res.headers, json: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : undefined };
  };
  return { store, call };
}

describe('order of checks (docs/contract.md)', () => {
  test('an invalid id answers 400 before a body that is too large', async () => {
    const { call } = setup();
    const res = await call('PUT', '/items/nope', 'x'.repeat(70_000));
    expect([res.status, res.json?.type]).toEqual([400, `${P}validation-failed`]);
  });

  test('413 comes before 415', async () => {
    const { call } = setup();
    const res = await call('POST', '/items', 'x'.repeat(70_000), { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(413);
  });

  test('415 comes before malformed JSON', async () => {
    const { call } = setup();
    expect((await call('POST', '/items', '{', { 'Content-Type': 'text/plain' })).status).toBe(415);
  });

  test('Content-Type parameters and case do not matter', async () => {
    const { call } = setup();
    const res = await call('POST', '/items', '{"name":"x","price":1}', { 'content-type': 'Application/JSON ; charset=utf-8' });
    expect(res.status).toBe(201);
  });

  test('a body that is not UTF-8 is malformed', async () => {
    const { call } = setup();
    const res = await call('POST', '/items', Buffer.from([0x7b, 0xff, 0x7d]).toString('latin1'));
    expect(res.status).toBe(400);
  });

  test('a byte order mark before the JSON is malformed: it is not JSON text', async () => {
    const { call } = setup();
    const res = await call('POST', '/items', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"x","price":1}')]));
    expect([res.status, res.json?.type]).toEqual([400, `${P}malformed-json`]);
  });

  const uuid = '3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f';
  test.each([`${uuid}%ZZ`, `${uuid}%`, `%C3${uuid}`, `${uuid}%FF`, `%ED%A0%80${uuid}`, 'a%2Fb', `${uuid.slice(0, 8)}%2f${uuid.slice(9)}`, '%2E%2E', '..', `${uuid}%00`])('the id %s, not a UUID once decoded, is 400 validation-failed, never a 500', async (id) => {
    const { call } = setup();
    const res = await call('DELETE', `/items/${id}`);
    expect([res.status, res.json?.type]).toEqual([400, `${P}validation-failed`]);
  });

  test('escaped unreserved characters in the id are the characters themselves', async () => {
    const { call } = setup();
    const res = await call('GET', '/items/%33f5f8c3e%2D9a4b-4c1d-8e2f-1a2b3c4d5e6%66');
    expect([res.status, res.json?.type]).toEqual([404, `${P}not-found`]);
  });

  test('validation errors point at the request part', async () => {
    const { call } = setup();
    const res = await call('POST', '/items', '{"name":"","price":-1,"x":1}');
    const paths = (res.json?.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['/body/x']));
    expect(paths.every((p) => p.startsWith('/body'))).toBe(true);
  });
});

describe('faults', () => {
  test('an unknown route answers a 404 problem (direct invocation only)', async () => {
    const { call } = setup();
    const res = await call('GET', '/nowhere');
    expect([res.status, res.json?.type, res.json?.title]).toEqual([404, `${P}not-found`, 'Route not found']);
  });

  test('a failing store answers a 500 internal-error problem, not HTML', async () => {
    const { store, call } = setup();
    store.failWith = new Error('DynamoDB unreachable');
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await call('GET', '/items');
    spy.mockRestore();
    expect([res.status, res.json?.type]).toEqual([500, `${P}internal-error`]);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  test('an unhandled error is handed to logError once, with the error', async () => {
    // Prepare
    const store = new FakeStore();
    const failure = new Error('DynamoDB unreachable');
    store.failWith = failure;
    const logged: unknown[] = [];
    const proxy = serverless(createApp({ store, instance: new InstanceInfo(), logError: (e) => logged.push(e) }), { basePath: '/typescript' });
    const event = buildProxyEvent({ method: 'GET', path: '/typescript/items', query: '', rawHeaders: [], body: Buffer.alloc(0), sourceIp: '127.0.0.1', resource: '/typescript/items', pathParameters: null });
    // Act
    const res = (await proxy(event as never, {} as never)) as { statusCode: number };
    // Assess
    expect(res.statusCode).toBe(500);
    expect(logged).toEqual([failure]);
  });
});

describe('instance facts', () => {
  test('coldStart is true on the first invocation only; invocations count', async () => {
    const { call } = setup();
    const first = await call('GET', '/metrics');
    const second = await call('GET', '/metrics');
    expect([first.json?.coldStart, first.json?.invocations]).toEqual([true, 1]);
    expect([second.json?.coldStart, second.json?.invocations]).toEqual([false, 2]);
  });
});
