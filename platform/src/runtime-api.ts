/**
 * The Lambda Runtime API (2018-06-01) for one execution environment: the runtime long-polls
 * invocation/next, then posts invocation/{id}/response or /error; init/error reports a failed
 * init. One server per instance, on its own 127.0.0.1 port, as each Lambda sandbox has its own.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export const API_VERSION = '2018-06-01';
/**
 * Lambda's synchronous payload limit, both ways: 6 MiB + 100 bytes (6,291,556). Lambda's own
 * errors name it: "Response payload size exceeded maximum allowed payload size (6291556 bytes)"
 * and "Request must be smaller than 6291556 bytes for the Invoke operation".
 */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024 + 100;

export interface PendingInvocation {
  requestId: string;
  event: string;
  deadlineMs: number;
  functionArn: string;
  traceId: string;
}

export interface RuntimeApiHandlers {
  /** The runtime asked for work (the first call ends its init); `hasWork` when an event is queued for it. */
  onNext(hasWork: boolean): void;
  /** Called just before an event is handed to the runtime (to thaw it and start its clock). */
  beforeDeliver(invocation: PendingInvocation): void;
  onResponse(requestId: string, payload: Buffer): boolean;
  onError(requestId: string, payload: Buffer, errorType: string | undefined): boolean;
  onInitError(payload: Buffer, errorType: string | undefined): void;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(size <= limit ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });
}

function reply(res: http.ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export class RuntimeApiServer {
  private readonly server: http.Server;
  private waiting: http.ServerResponse | undefined;
  private queued: PendingInvocation | undefined;

  constructor(private readonly handlers: RuntimeApiHandlers) {
    this.server = http.createServer((req, res) => {
      // A runtime whose connection breaks mid-request (its instance killed while it posts a response)
      // leaves a body that never ends: nobody is left to answer, and the platform must not crash.
      this.route(req, res).catch(() => res.destroy());
    });
    this.server.keepAliveTimeout = 0; // the runtime holds one connection for its whole life
  }

  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(this.server.address() as AddressInfo).port}`));
    });
  }

  /** Hands an invocation to the runtime now if it is waiting in /next, else at its next /next. */
  deliver(invocation: PendingInvocation): boolean {
    if (this.waiting) {
      this.handlers.beforeDeliver(invocation);
      this.send(this.waiting, invocation);
      this.waiting = undefined;
      return true;
    }
    this.queued = invocation;
    return false;
  }

  close(): void {
    this.waiting?.destroy();
    this.waiting = undefined;
    this.server.close();
    this.server.closeAllConnections();
  }

  private send(res: http.ServerResponse, inv: PendingInvocation): void {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(inv.event),
      'Lambda-Runtime-Aws-Request-Id': inv.requestId,
      'Lambda-Runtime-Deadline-Ms': String(inv.deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': inv.functionArn,
      'Lambda-Runtime-Trace-Id': inv.traceId,
    });
    res.end(inv.event);
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? '';
    const prefix = `/${API_VERSION}/runtime/`;
    if (!url.startsWith(prefix)) return reply(res, 404, { errorMessage: 'Not found', errorType: 'InvalidRequest' });
    const route = url.slice(prefix.length);
    const errorType = req.headers['lambda-runtime-function-error-type'] as string | undefined;
    if (req.method === 'GET' && route === 'invocation/next') {
      const queued = this.queued;
      this.handlers.onNext(queued !== undefined);
      if (queued) {
        this.queued = undefined;
        this.handlers.beforeDeliver(queued);
        this.send(res, queued);
      } else {
        this.waiting = res;
        res.on('close', () => {
          if (this.waiting === res) this.waiting = undefined;
        });
      }
      return;
    }
    if (req.method !== 'POST') return reply(res, 405, { errorMessage: 'Method not allowed', errorType: 'InvalidRequest' });
    const body = await readBody(req, MAX_PAYLOAD_BYTES);
    if (route === 'init/error') {
      this.handlers.onInitError(body ?? Buffer.alloc(0), errorType);
      return reply(res, 202, { status: 'OK' });
    }
    const m = /^invocation\/([^/]+)\/(response|error)$/.exec(route);
    if (!m) return reply(res, 404, { errorMessage: 'Not found', errorType: 'InvalidRequest' });
    const requestId = decodeURIComponent(m[1]!);
    if (body === undefined) {
      // Over 6 MiB + 100 B: Lambda fails the invocation with Function.ResponseSizeTooLarge.
      const payload = Buffer.from(JSON.stringify({ errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).`, errorType: 'Function.ResponseSizeTooLarge' }));
      this.handlers.onError(requestId, payload, 'Function.ResponseSizeTooLarge');
      return reply(res, 413, { errorMessage: `Exceeded maximum allowed payload size (${MAX_PAYLOAD_BYTES} bytes).`, errorType: 'RequestEntityTooLarge' });
    }
    const accepted = m[2] === 'response' ? this.handlers.onResponse(requestId, body) : this.handlers.onError(requestId, body, errorType);
    if (!accepted) return reply(res, 400, { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
    reply(res, 202, { status: 'OK' });
  }
}
