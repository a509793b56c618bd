/**
 * The conformance client against servers that close keep-alive sockets under it (issue 18: one
 * ECONNRESET on a reused socket turned a green run red), and the differential replay's answer to
 * a request that got no answer: one `transport` failure, its dependants skipped, no cascade.
 * Servers on 127.0.0.1, port 0.
 */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { json, type CorpusEntry } from '../src/corpus';
import { runCorpus } from '../src/differential';
import { keepAliveAgent, send, type HttpResponse } from '../src/http';

interface TestServer {
  url: string;
  /** Requests that reached the handler. */
  requests: number;
  /** Connections the server reset because the client reused them after its idle timeout. */
  resets: number;
  connections: number;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, server: TestServer) => void;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A server whose idle timeout is `idleMs` and which does not announce it (no Keep-Alive hint).
 * `race`: the close races the client's next request and loses, every time: a request that comes
 * on a socket idle for longer than idleMs is answered with a reset, as when the server's FIN and
 * the client's request cross. Otherwise the server simply closes idle sockets after idleMs.
 */
async function startServer(idleMs: number, race: boolean, handler: Handler = (_q, res) => res.end('{}')): Promise<TestServer> {
  const lastAnswer = new WeakMap<Socket, number>();
  const state = { requests: 0, resets: 0, connections: 0 };
  const server = http.createServer((req, res) => {
    const idleSince = lastAnswer.get(req.socket);
    if (race && idleSince !== undefined && Date.now() - idleSince > idleMs) {
      state.resets++;
      req.socket.resetAndDestroy();
      return;
    }
    state.requests++;
    res.on('finish', () => lastAnswer.set(req.socket, Date.now()));
    handler(req, res, self);
  });
  server.keepAliveTimeout = 0; // no Keep-Alive: timeout= hint, no timer of Node's own
  server.on('connection', (socket: Socket) => {
    state.connections++;
    if (!race) socket.setTimeout(idleMs, () => socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const self: TestServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return state.requests;
    },
    get resets() {
      return state.resets;
    },
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  return self;
}

async function pausedRequests(url: string, n: number, pauseMs: number, agent = keepAliveAgent(1)): Promise<HttpResponse[]> {
  const out: HttpResponse[] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0) await pause(pauseMs);
    out.push(await send(url, { method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, bodyBase64: json({ i }) }, { agent }));
  }
  return out;
}

describe('the conformance client and a server that closes idle sockets after 1 s', () => {
  let server: TestServer | undefined;
  afterEach(() => server?.close());

  it('loses no request when the client pauses 1.5 s between requests (the server closes the socket first)', async () => {
    // Prepare
    server = await startServer(1000, false);
    // Act
    const answers = await pausedRequests(server.url, 3, 1500);
    // Assess
    expect(answers.map((a) => a.error ?? a.status)).toEqual([200, 200, 200]);
  }, 20_000);

  it('loses no request when the server resets the reused socket as the request arrives (one retry, fresh socket)', async () => {
    // Prepare
    server = await startServer(1000, true);
    // Act
    const answers = await pausedRequests(server.url, 3, 1500);
    // Assess
    expect(answers.map((a) => a.error ?? a.status)).toEqual([200, 200, 200]);
    expect(server.resets).toBe(2); // the race happened before each later request, and cost nothing
    expect(server.requests).toBe(3); // each request reached the handler once
  }, 20_000);

  it('drops its own idle sockets before a server with a longer idle timeout would (no reset at all)', async () => {
    // Prepare: a client idle timeout below the server's
    server = await startServer(1000, true);
    // Act
    const answers = await pausedRequests(server.url, 3, 1500, keepAliveAgent(1, 500));
    // Assess
    expect(answers.map((a) => a.error ?? a.status)).toEqual([200, 200, 200]);
    expect(server.resets).toBe(0);
    expect(server.connections).toBe(3);
  }, 20_000);

  it('honours the server\'s Keep-Alive hint: no socket is reused past it', async () => {
    // Prepare: Node's own server, announcing `Keep-Alive: timeout=2`, closing at 2 s
    const node = http.createServer((_q, res) => res.end('{}'));
    node.keepAliveTimeout = 2000;
    await new Promise<void>((r) => node.listen(0, '127.0.0.1', r));
    let connections = 0;
    node.on('connection', () => connections++);
    const url = `http://127.0.0.1:${(node.address() as AddressInfo).port}`;
    try {
      // Act: a pause just under the server's timeout, past the hint's margin
      const answers = await pausedRequests(url, 2, 1500);
      // Assess
      expect(answers.map((a) => a.error ?? a.status)).toEqual([200, 200]);
      expect(connections).toBe(2);
    } finally {
      node.closeAllConnections();
      await new Promise((r) => node.close(r));
    }
  }, 20_000);

  it('does not send a request again once any byte of an answer arrived', async () => {
    // Prepare: the answer starts, then the connection dies
    server = await startServer(1000, false, (_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    // Act
    const [answer] = await pausedRequests(server.url, 1, 0);
    // Assess
    expect(answer!.error).toBeDefined();
    expect(server.requests).toBe(1);
  });

  it('does not send a request again when it failed on a fresh socket (the server may have acted on it)', async () => {
    // Prepare
    server = await startServer(1000, false, (req) => req.socket.resetAndDestroy());
    // Act
    const [answer] = await pausedRequests(server.url, 1, 0);
    // Assess
    expect(answer!.error).toMatch(/ECONNRESET|socket hang up/);
    expect(server.requests).toBe(1);
  });
});

/** A two-operation item store: POST /items → 201 {id}, GET|PUT|DELETE /items/{id}. `dropFirstCreate` kills the connection of the first POST. */
async function startStore(dropFirstCreate: boolean): Promise<TestServer> {
  const items = new Map<string, unknown>();
  let dropped = false;
  return startServer(60_000, false, (req, res) => {
    const match = /\/items\/([^/?]+)$/.exec(req.url ?? '');
    const answer = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST') {
        if (dropFirstCreate && !dropped) {
          dropped = true;
          return req.socket.destroy();
        }
        const id = randomUUID();
        items.set(id, { id });
        return answer(201, { id });
      }
      const item = match ? items.get(match[1]!) : undefined;
      if (!item) return answer(match && /^[0-9a-f-]{36}$/.test(match[1]!) ? 404 : 400, { type: 'urn:x', title: 'x', status: 404 });
      if (req.method === 'DELETE') {
        items.delete(match![1]!);
        return answer(204);
      }
      return answer(200, item);
    });
  });
}

describe('a differential replay whose create got no answer on one runtime', () => {
  it('reports one transport failure and skips the requests that depend on it, saying why: no cascade', async () => {
    // Prepare
    const stores = { steady: await startStore(false), twin: await startStore(false), flaky: await startStore(true) };
    const targets = Object.entries(stores).map(([runtime, s]) => ({ runtime, baseUrl: s.url }));
    const corpus: CorpusEntry[] = [
      { source: 'test:create', request: { method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, bodyBase64: json({ name: 'x' }) }, creates: 'x' },
      { source: 'test:read', request: { method: 'GET', path: '/items/{{id:x}}', headers: {} } },
      { source: 'test:replace', request: { method: 'PUT', path: '/items/{{id:x}}', headers: {} } },
      { source: 'test:delete', request: { method: 'DELETE', path: '/items/{{id:x}}', headers: {} } },
      { source: 'test:independent', request: { method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, bodyBase64: json({ name: 'y' }) } },
    ];
    try {
      // Act
      const result = await runCorpus(corpus, targets);
      // Assess
      expect(result.mismatches).toEqual([]);
      expect(result.transportFailures.map((f) => [f.runtime, f.source])).toEqual([['flaky', 'test:create']]);
      expect(result.skipped.map((s) => [s.runtime, s.source])).toEqual([
        ['flaky', 'test:read'],
        ['flaky', 'test:replace'],
        ['flaky', 'test:delete'],
      ]);
      expect(result.skipped[0]!.reason).toMatch(/^depends on id "x", which flaky lacks: its create got no answer \(.+\)$/);
      expect(stores.flaky.requests).toBe(2); // the failed create and the independent one
      expect(stores.steady.requests).toBe(5);
    } finally {
      await Promise.all(Object.values(stores).map((s) => s.close()));
    }
  });
});
