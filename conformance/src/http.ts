/**
 * One HTTP exchange, byte-exact: node:http rather than fetch, because corpus requests may carry
 * bodies that are not UTF-8, odd content types or none at all, and fetch would rewrite them.
 *
 * Keep-alive without a race: a pooled socket idles at most CLIENT_IDLE_TIMEOUT_MS (less when the
 * server's `Keep-Alive: timeout=N` hint says so), well below the gateway's 60 s, so the client
 * never sends on a socket the server is closing. Should a server close one anyway (its timeout
 * unknown and shorter), a request that fails on a reused socket before any byte of an answer
 * arrived is sent once more on a fresh socket: the server cannot have acted on it.
 */
import * as http from 'node:http';

export interface HttpRequest {
  method: string;
  /** Path and query under the runtime's prefix, already percent-encoded: `/items?limit=5`. */
  path: string;
  headers: Record<string, string>;
  /** Base64 of the exact body bytes; absent for no body. */
  bodyBase64?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
  /** Transport failure (connection refused, reset, timeout) instead of a response. */
  error?: string;
}

/** Below Node's default server keep-alive (5 s) and far below the gateway's (60 s). */
export const CLIENT_IDLE_TIMEOUT_MS = 4_000;
/** Errors of a socket the server closed while it sat idle in the pool. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/** A keep-alive agent whose idle sockets are dropped after `idleMs` (the agent's `timeout` applies to free sockets; each request sets its own). */
export function keepAliveAgent(maxSockets: number, idleMs = CLIENT_IDLE_TIMEOUT_MS): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, timeout: idleMs });
}

const defaultAgent = keepAliveAgent(4);

export interface SendOptions {
  timeoutMs?: number;
  agent?: http.Agent;
}

export async function send(baseUrl: string, request: HttpRequest, options: SendOptions = {}): Promise<HttpResponse> {
  const { timeoutMs = 35_000, agent = defaultAgent } = options;
  const first = await attempt(baseUrl, request, timeoutMs, agent);
  // Only a request that never reached a live server is sent again: never one that got an answer or timed out.
  return first.staleSocket ? (await attempt(baseUrl, request, timeoutMs, agent)).response : first.response;
}

function attempt(baseUrl: string, request: HttpRequest, timeoutMs: number, agent: http.Agent): Promise<{ response: HttpResponse; staleSocket: boolean }> {
  const url = new URL(baseUrl);
  const body = request.bodyBase64 !== undefined ? Buffer.from(request.bodyBase64, 'base64') : undefined;
  const headers: Record<string, string | number> = { ...request.headers };
  if (body) headers['content-length'] = body.length;
  return new Promise((resolve) => {
    let answered = false;
    const failed = (err: Error & { code?: string }, staleSocket: boolean) => resolve({ response: { status: 0, headers: {}, body: '', error: err.message }, staleSocket });
    const req = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: url.pathname.replace(/\/$/, '') + request.path, headers, agent, timeout: timeoutMs },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ response: { status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8') }, staleSocket: false });
        });
        res.on('error', (err) => failed(err, false));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', (err: Error & { code?: string }) => failed(err, !answered && req.reusedSocket && STALE_SOCKET_CODES.has(err.code ?? '')));
    req.end(body);
  });
}

/** A request as a curl command line, for reports. */
export function curl(baseUrl: string, request: HttpRequest): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const parts = ['curl', '-i', '-X', request.method];
  for (const [k, v] of Object.entries(request.headers)) parts.push('-H', q(`${k}: ${v}`));
  if (request.bodyBase64 !== undefined) {
    const bytes = Buffer.from(request.bodyBase64, 'base64');
    const text = bytes.toString('utf8');
    if (Buffer.from(text, 'utf8').equals(bytes) && text.length <= 2000) parts.push('--data-binary', q(text));
    else parts.push('--data-binary', `@<(echo ${request.bodyBase64} | base64 -d)`);
  }
  parts.push(q(baseUrl.replace(/\/$/, '') + request.path));
  return parts.join(' ');
}
