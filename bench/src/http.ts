/** A small keep-alive HTTP client for the bench's own requests (cold starts, the open model). */
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

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 256 }), https: new https.Agent({ keepAlive: true, maxSockets: 256 }) };

/** Signs every request while set: a stage with IAM authorization (bench/src/target.ts); unset locally. */
let signer: RequestSigner | undefined;
export function setRequestSigner(s: RequestSigner | undefined): void {
  signer = s;
}

export function request(url: string, method = 'GET', body?: string, timeoutMs = 30_000): Promise<HttpResult> {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  const content: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  const headers = { ...content, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }), ...(signer ? signer({ method, url: u, headers: content, body }) : {}) };
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const req = lib.request(
      u,
      { method, agent: u.protocol === 'https:' ? agents.https : agents.http, headers, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        const id = res.headers['lambda-request-id'];
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), sentAt, doneAt: performance.now(), ...(typeof id === 'string' && id ? { lambdaRequestId: id } : {}) }));
        res.on('error', (err) => resolve({ status: 0, body: '', sentAt, doneAt: performance.now(), error: err.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: 0, body: '', sentAt, doneAt: performance.now(), error: err.message }));
    req.end(body);
  });
}

/** Drops pooled connections (between phases, so one runtime's sockets never serve another). */
export function resetConnections(): void {
  agents.http.destroy();
  agents.https.destroy();
  agents.http = new http.Agent({ keepAlive: true, maxSockets: 256 });
  agents.https = new https.Agent({ keepAlive: true, maxSockets: 256 });
}
