/**
 * Lambda's synchronous payload limit, 6 MiB + 100 bytes (6,291,556), both ways: an event one
 * byte over is refused before any instance sees it; a response one byte over fails the
 * invocation with Function.ResponseSizeTooLarge. Exactly at the limit both pass.
 */
import * as http from 'node:http';
import * as path from 'node:path';
import { startPlatform, type Platform } from '../src/platform';
import { MAX_PAYLOAD_BYTES, RuntimeApiServer, type RuntimeApiHandlers } from '../src/runtime-api';

/** A JSON event of exactly `bytes` bytes (a GET proxy event padded with a string field). */
function eventOfSize(bytes: number): string {
  const head = '{"httpMethod":"GET","path":"/noop/items","headers":{},"pad":"';
  const tail = '"}';
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
}

function post(address: string, route: string, body: Buffer): Promise<number> {
  const [host, port] = address.split(':');
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port: Number(port), method: 'POST', path: `/2018-06-01/runtime/${route}`, headers: { 'Content-Length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the limit itself', () => {
  it('is 6 MiB + 100 bytes', () => {
    // Act / Assess
    expect(MAX_PAYLOAD_BYTES).toBe(6 * 1024 * 1024 + 100);
    expect(MAX_PAYLOAD_BYTES).toBe(6_291_556);
  });
});

describe('responses (Runtime API)', () => {
  let server: RuntimeApiServer;
  let address: string;
  const responses: number[] = [];
  const errors: string[] = [];
  beforeAll(async () => {
    const handlers: RuntimeApiHandlers = {
      onNext: () => undefined,
      beforeDeliver: () => undefined,
      onResponse: (_id, payload) => (responses.push(payload.length), true),
      onError: (_id, _payload, type) => (errors.push(type ?? ''), true),
      onInitError: () => undefined,
    };
    server = new RuntimeApiServer(handlers);
    address = await server.listen();
  });
  afterAll(() => server.close());

  it('accepts a response of exactly 6,291,556 bytes', async () => {
    // Act
    const status = await post(address, 'invocation/a/response', Buffer.alloc(MAX_PAYLOAD_BYTES, 0x61));
    // Assess
    expect(status).toBe(202);
    expect(responses).toEqual([MAX_PAYLOAD_BYTES]);
  });

  it('fails a response one byte over with Function.ResponseSizeTooLarge (413 to the runtime)', async () => {
    // Act
    const status = await post(address, 'invocation/b/response', Buffer.alloc(MAX_PAYLOAD_BYTES + 1, 0x61));
    // Assess
    expect(status).toBe(413);
    expect(errors).toEqual(['Function.ResponseSizeTooLarge']);
  });
});

describe('events (Invoke)', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform({ port: 0, lambdasDir: path.join(__dirname, 'fixtures', 'lambdas'), runtimes: ['noop'], build: false });
  });
  afterAll(() => platform.stop());

  it('invokes the function with an event of exactly 6,291,556 bytes', async () => {
    // Act
    const r = await platform.pool('noop').invoke(eventOfSize(MAX_PAYLOAD_BYTES));
    // Assess
    expect(r.outcome.kind).toBe('response');
  });

  it('refuses an event one byte over, before any instance sees it (RequestEntityTooLargeException)', async () => {
    // Prepare
    const started = platform.pool('noop').started;
    // Act
    const r = await platform.pool('noop').invoke(eventOfSize(MAX_PAYLOAD_BYTES + 1));
    // Assess
    expect(r.outcome).toMatchObject({ kind: 'rejected', errorType: 'RequestEntityTooLargeException' });
    expect(platform.pool('noop').started).toBe(started);
  });

  it('answers a client whose request becomes a too-large event with API Gateway\'s 413', async () => {
    // Prepare: a 6.5 MB body, under API Gateway's 10 MB but over Lambda's limit once in the event
    const body = JSON.stringify({ name: 'x'.repeat(6_500_000) });
    // Act
    const res = await fetch(`${platform.url}/noop/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // Assess
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ message: 'Request Too Long' });
  });
});
