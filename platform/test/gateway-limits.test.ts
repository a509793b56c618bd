/**
 * API Gateway's request limits at the local gateway (request-limits.ts; sources in
 * docs/reliability.md): URL length, header size, the 10 MB payload refused while it streams,
 * Lambda's 6 MB invocation payload, slow clients, and a stop that answers requests in flight.
 * Fixture handlers on 127.0.0.1.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import { startPlatform, type Platform } from '../src/platform';
import { API_GATEWAY_LIMITS } from '../src/request-limits';

const FIXTURES = path.join(__dirname, 'fixtures', 'lambdas');
const MB = 1024 * 1024;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Body bytes the client had written when the answer's headers arrived. */
  sentWhenAnswered: number;
}

/** A request whose body is written in 64 KiB chunks up to `bodyBytes`; `end: false` never finishes it. */
function request(platform: Platform, o: { method?: string; path: string; headers?: Record<string, string | number>; bodyBytes?: number; end?: boolean }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(`${platform.url}${o.path}`, { method: o.method ?? 'GET', headers: o.headers, agent: false }, (res) => {
      answered = true;
      const sentWhenAnswered = sent;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), sentWhenAnswered }));
      res.on('error', reject);
    });
    // The gateway may close the socket under a refused upload: an answer that arrives anyway counts.
    req.on('error', (err) => setTimeout(() => !answered && reject(err), 500));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (sent < (o.bodyBytes ?? 0)) {
        const piece = chunk.subarray(0, Math.min(chunk.length, (o.bodyBytes ?? 0) - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      if (o.end !== false) req.end();
      else if (sent === 0) req.flushHeaders(); // headers go out now, the body never does
    };
    pump();
  });
}

describe('API Gateway request limits', () => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await startPlatform({ port: 0, lambdasDir: FIXTURES, build: false, runtimes: ['echo', 'sleeper'], requestLimits: { headersTimeoutMs: 600, requestTimeoutMs: 1200 } });
  });
  afterAll(() => platform.stop());

  it('answers 414 for a URL over 10,240 characters, and serves one just under it', async () => {
    // Prepare
    const base = '/echo/items?pad=';
    const under = base + 'x'.repeat(API_GATEWAY_LIMITS.urlChars - base.length);
    // Act
    const [over, fits] = await Promise.all([request(platform, { path: `${under}x` }), request(platform, { path: under })]);
    // Assess
    expect([over.status, over.body]).toEqual([414, 'Request-URI Too Long: the URL is longer than 10240 characters.']);
    expect(fits.status).toBe(200);
  });

  it('answers 431 when header values add up to more than 10,240 bytes, and serves them at the limit', async () => {
    // Prepare: Node's client adds Host and Connection; the rest is padding
    const fill = (total: number) => ({ 'x-pad-a': 'a'.repeat(5000), 'x-pad-b': 'b'.repeat(total - 5000 - `127.0.0.1:${platform.port}`.length - 'close'.length) });
    // Act
    const [over, at] = await Promise.all([request(platform, { path: '/echo/items', headers: fill(10_241) }), request(platform, { path: '/echo/items', headers: fill(10_240) })]);
    // Assess
    expect([over.status, over.body]).toEqual([431, 'HTTP header is larger than 10240 bytes.']);
    expect(at.status).toBe(200);
  });

  it('refuses a declared body over 10 MB at once, before a byte of it is sent', async () => {
    // Act
    const answer = await request(platform, { method: 'POST', path: '/echo/items', headers: { 'content-length': 20 * MB, 'content-type': 'application/octet-stream' }, bodyBytes: 0, end: false });
    // Assess
    expect([answer.status, answer.headers['content-type'], answer.body]).toEqual([413, 'text; charset=utf-8', 'HTTP content length exceeded 10485760 bytes.']);
    expect(answer.headers.connection).toBe('close');
  });

  it('refuses a streamed body as soon as it passes 10 MB, without waiting for (or keeping) the rest', async () => {
    // Act: chunked, 12 MB offered, and the request never ends: an answer can only come from the limit
    const answer = await request(platform, { method: 'POST', path: '/echo/items', headers: { 'content-type': 'application/octet-stream' }, bodyBytes: 12 * MB, end: false });
    // Assess
    expect(answer.status).toBe(413);
    expect(answer.body).toBe('HTTP content length exceeded 10485760 bytes.');
    expect(answer.sentWhenAnswered).toBeGreaterThan(10 * MB);
  });

  it('answers 413 Request Too Long when the proxy event is over Lambda\'s 6 MB invocation payload', async () => {
    // Act: 7 MB of binary body: under API Gateway's 10 MB, over Lambda's 6 MB once base64-encoded in the event
    const answer = await request(platform, { method: 'POST', path: '/echo/items', headers: { 'content-type': 'application/octet-stream', 'content-length': 7 * MB }, bodyBytes: 7 * MB });
    // Assess
    expect([answer.status, JSON.parse(answer.body)]).toEqual([413, { message: 'Request Too Long' }]);
    expect(answer.headers['x-amzn-errortype']).toBe('BadRequestException');
  });

  it('times out a client that sends its body too slowly (408) and one that never finishes its headers', async () => {
    // Prepare
    const slowBody = new Promise<string>((resolve) => {
      const socket = net.connect(platform.port, '127.0.0.1', () => socket.write(`POST /echo/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":`));
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('close', () => resolve(text));
    });
    const slowHeaders = new Promise<{ text: string; ms: number }>((resolve) => {
      const started = Date.now();
      const socket = net.connect(platform.port, '127.0.0.1', () => socket.write('GET /echo/items HTTP/1.1\r\nHost: x\r\nX-Slow: '));
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('close', () => resolve({ text, ms: Date.now() - started }));
    });
    // Act
    const [body, headers] = await Promise.all([slowBody, slowHeaders]);
    // Assess
    expect(body).toMatch(/^HTTP\/1\.1 408 /);
    expect(headers.ms).toBeLessThan(5000);
  });

  it('answers requests in flight when stopped, then refuses new connections', async () => {
    // Prepare
    const own = await startPlatform({ port: 0, lambdasDir: FIXTURES, build: false, runtimes: ['sleeper'] });
    const inFlight = Promise.all([1, 2, 3].map(() => request(own, { path: '/sleeper/items?ms=1500' })));
    await new Promise((r) => setTimeout(r, 500));
    // Act
    const stopped = own.stop();
    const answers = await inFlight;
    await stopped;
    const refused = await request(own, { path: '/sleeper/items?ms=1' }).then(() => 'answered', (err: NodeJS.ErrnoException) => err.code);
    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.every((a) => a.headers.connection === 'close')).toBe(true);
    expect(refused).toBe('ECONNREFUSED');
  });
});
