/**
 * One HTTP exchange, byte-exact: node:http rather than fetch, because corpus requests may carry
 * bodies that are not UTF-8, odd content types or none at all, and fetch would rewrite them.
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
  /** Transport failure (connection refused, timeout) instead of a response. */
  error?: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

export function send(baseUrl: string, request: HttpRequest, timeoutMs = 35_000): Promise<HttpResponse> {
  const url = new URL(baseUrl);
  const body = request.bodyBase64 !== undefined ? Buffer.from(request.bodyBase64, 'base64') : undefined;
  const headers: Record<string, string | number> = { ...request.headers };
  if (body) headers['content-length'] = body.length;
  return new Promise((resolve) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: url.pathname.replace(/\/$/, '') + request.path, headers, agent, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (err) => resolve({ status: 0, headers: {}, body: '', error: err.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve({ status: 0, headers: {}, body: '', error: err.message }));
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
