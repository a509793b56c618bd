/**
 * A small keep-alive HTTP client for the bench's own requests (cold starts, the open model).
 * Pooled sockets idle at most IDLE_TIMEOUT_MS (less when the server's Keep-Alive hint says so),
 * below the local gateway's 60 s and API Gateway's, so a request never goes out on a socket the
 * server is closing (a cold-start phase pauses between requests); should one anyway, a request that
 * failed on a reused socket before any byte of an answer is sent once more (see conformance/src/http.ts).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { RequestSigner } from './sigv4';

export interface HttpResult {
  status: number;
  body: string;
  /** performance.now() at send and at the last byte. */
  sentAt: number;
  doneAt: number;
  error?: string;
  /** The contract's Lambda-Request-Id: the invocation that answered (absent on answers API Gateway made itself). */
  lambdaRequestId?: string;
}

const IDLE_TIMEOUT_MS = 4_000;
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const newAgents = () => ({
  http: new http.Agent({ keepAlive: true, maxSockets: 256, timeout: IDLE_TIMEOUT_MS }),
  https: new https.Agent({ keepAlive: true, maxSockets: 256, timeout: IDLE_TIMEOUT_MS }),
});
let agents = newAgents();

/** Signs every request while set: a stage with IAM authorization (bench/src/target.ts); unset locally. */
let signer: RequestSigner | undefined;
export function setRequestSigner(s: RequestSigner | undefined): void {
  signer = s;
}
export function requestSigner(): RequestSigner | undefined {
  return signer;
}

export async function request(url: string, method = 'GET', body?: string, timeoutMs = 30_000): Promise<HttpResult> {
  const sentAt = performance.now();
  const first = await attempt(url, method, body, timeoutMs, sentAt);
  // The retry's time counts from the first send: the client waited that long.
  return first.staleSocket ? (await attempt(url, method, body, timeoutMs, sentAt)).result : first.result;
}

function attempt(url: string, method: string, body: string | undefined, timeoutMs: number, sentAt: number): Promise<{ result: HttpResult; staleSocket: boolean }> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  const content: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  // Signed per attempt: the signature covers the time.
  const headers = { ...content, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }), ...(signer ? signer({ method, url: u, headers: content, body }) : {}) };
  return new Promise((resolve) => {
    let answered = false;
    const failed = (err: Error, staleSocket: boolean) => resolve({ result: { status: 0, body: '', sentAt, doneAt: performance.now(), error: err.message }, staleSocket });
    const req = lib.request(
      u,
      { method, agent: u.protocol === 'https:' ? agents.https : agents.http, headers, timeout: timeoutMs },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        const id = res.headers['lambda-request-id'];
        res.on('end', () =>
          resolve({ result: { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sentAt, doneAt: performance.now(), ...(typeof id === 'string' && id ? { lambdaRequestId: id } : {}) }, staleSocket: false }),
        );
        res.on('error', (err) => failed(err, false));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err: Error & { code?: string }) => failed(err, !answered && req.reusedSocket && STALE_SOCKET_CODES.has(err.code ?? '')));
    req.end(body);
  });
}

/** Drops pooled connections (between phases, so one runtime's sockets never serve another). */
export function resetConnections(): void {
  agents.http.destroy();
  agents.https.destroy();
  agents = newAgents();
}
