/**
 * The API Gateway (REST, Lambda proxy integration) in front of the function pools: routes
 * from the contract, proxy events in, proxy results out, and API Gateway's own answers
 * for unknown routes (403), function failures (502), throttles (500), timeouts (504) and
 * requests over its limits (request-limits.ts: 413, 414, 431; slow clients 408).
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildProxyEvent } from './apigw-event';
import { gatewayErrors, mapProxyResult, MalformedProxyResponse, type HttpAnswer } from './apigw-response';
import type { FunctionPool } from './function-pool';
import { API_GATEWAY_LIMITS, limitAnswers, rejectBeforeBody, type RequestLimits } from './request-limits';
import type { RouteTable } from '../../core/src/routes';
import { eventTraceHeader } from './trace';
import type { Sampler, Tracing } from './xray-sampling';

/** API Gateway's request payload limit (kept for callers; the limits live in request-limits.ts). */
export const MAX_REQUEST_BYTES = API_GATEWAY_LIMITS.payloadBytes;
/** API Gateway REST's default (and, for most accounts, maximum) integration timeout. */
export const MAX_INTEGRATION_TIMEOUT_MS = 29_000;

export interface GatewayOptions {
  routes: RouteTable;
  pools: Map<string, FunctionPool>;
  integrationTimeoutMs: number;
  stage: string;
  binaryMediaTypes?: readonly string[];
  /** The root GET /health body. */
  health: () => object;
  /** API Gateway's request limits; tests lower them. */
  limits?: Partial<RequestLimits>;
  /** The stage's X-Ray tracing and its sampler (one per stage: the reservoir is shared). */
  tracing?: { mode: Tracing; sampler: Sampler };
}

/** The gateway's HTTP server, with a stop that lets requests in flight finish. */
export interface Gateway extends http.Server {
  /**
   * Stops accepting connections, closes idle ones, answers every request in flight (each with
   * `Connection: close`), and resolves when all are done or, at the latest, after deadlineMs.
   */
  closeGracefully(deadlineMs: number): Promise<void>;
}

const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function send(res: http.ServerResponse, answer: HttpAnswer, requestId: string | undefined, closeAfter = false): void {
  if (res.headersSent || res.destroyed) return;
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, values] of Object.entries(answer.headers)) {
    // API Gateway frames the response itself: the function's framing headers are dropped.
    if (!FRAMING_HEADERS.has(name.toLowerCase())) headers[name] = values.length === 1 ? values[0] : values;
  }
  // API Gateway's defaults: a JSON content type when the function sets none, and its request id.
  if (!Object.keys(headers).some((n) => n.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  if (requestId) headers['x-amzn-RequestId'] = requestId;
  headers['Content-Length'] = answer.body.length;
  if (closeAfter) headers.Connection = 'close';
  res.writeHead(answer.statusCode, headers);
  res.end(answer.body);
}

/**
 * Answers a request that broke a limit without reading (let alone keeping) the rest of its body,
 * then closes the connection: what is still in flight is drained, unbuffered, for a moment so that
 * the client can read the answer before the socket goes.
 */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, answer: HttpAnswer): void {
  req.removeAllListeners('data');
  req.removeAllListeners('end');
  res.once('finish', () => {
    req.resume();
    setTimeout(() => req.socket.destroy(), 2000).unref();
  });
  send(res, answer, undefined, true);
}

export function answerFor(result: Awaited<ReturnType<FunctionPool['invoke']>>): HttpAnswer {
  const { outcome } = result;
  // Lambda's Invoke API refusing the call (429 throttle, 413 payload) is an integration failure: 500.
  if (outcome.kind === 'throttled') return gatewayErrors.throttled();
  // Lambda's RequestEntityTooLargeException: API Gateway answers 413 (docs/reliability.md, request limits).
  if (outcome.kind === 'rejected') return gatewayErrors.tooLarge();
  if (outcome.kind !== 'response') return gatewayErrors.badGateway();
  try {
    return mapProxyResult(outcome.payload);
  } catch (err) {
    if (err instanceof MalformedProxyResponse) return gatewayErrors.badGateway();
    throw err;
  }
}

export function createGateway(options: GatewayOptions): Gateway {
  const limits: RequestLimits = { ...API_GATEWAY_LIMITS, ...options.limits };
  let draining = false;
  // Node checks its header and request timeouts on this period: a fraction of the shortest one.
  const checkEveryMs = Math.max(50, Math.min(1000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)));
  const server = http.createServer({ maxHeaderSize: 64 * 1024, connectionsCheckingInterval: checkEveryMs }, (req, res) => {
    const refusal = rejectBeforeBody(req.url ?? '/', req.rawHeaders, req.headers['content-length'], limits);
    if (refusal) return refuse(req, res, refusal);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Refused as soon as the limit is passed, whatever the body still holds: nothing more is kept.
      if (size > limits.payloadBytes) return refuse(req, res, limitAnswers.payloadTooLarge(limits));
      chunks.push(c);
    });
    req.on('end', () => {
      void handle(options, limits, req, res, Buffer.concat(chunks), () => draining).catch((err: unknown) => {
        console.error('[gateway] unexpected error:', err);
        send(res, gatewayErrors.badGateway(), 'none', draining);
      });
    });
  }) as Gateway;
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.closeGracefully = (deadlineMs) =>
    new Promise<void>((resolve) => {
      draining = true;
      const timer = setTimeout(() => server.closeAllConnections(), deadlineMs);
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });
  return server;
}

async function handle(o: GatewayOptions, limits: RequestLimits, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, draining: () => boolean): Promise<void> {
  const requestId = randomUUID();
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const method = req.method ?? 'GET';
  if (method === 'GET' && path === '/health') {
    return send(res, { statusCode: 200, headers: {}, body: Buffer.from(JSON.stringify(o.health())) }, requestId, draining());
  }
  const match = o.routes.match(method, path);
  const pool = match.kind === 'route' ? o.pools.get(match.route.runtime) : undefined;
  if (match.kind !== 'route' || !pool) return send(res, gatewayErrors.missingToken(), requestId, draining());
  const event = buildProxyEvent({
    method,
    path,
    query: q < 0 ? '' : url.slice(q + 1),
    rawHeaders: req.rawHeaders,
    body,
    sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    resource: match.route.resource,
    pathParameters: match.pathParameters,
    stage: o.stage,
    requestId,
    port: (req.socket.localPort ?? (req.socket.address() as AddressInfo).port),
    binaryMediaTypes: o.binaryMediaTypes,
    ...(o.tracing ? { tracing: o.tracing } : {}),
  });
  const payload = JSON.stringify(event);
  // Lambda refuses a synchronous invocation over 6 MB; API Gateway passes that on as a 413.
  if (Buffer.byteLength(payload) > limits.invokePayloadBytes) return send(res, gatewayErrors.tooLarge(), requestId, draining());
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), o.integrationTimeoutMs)));
  // Past the integration timeout the client gets 504 while the function runs on to its own timeout, as on AWS.
  const result = await Promise.race([pool.invoke(payload, eventTraceHeader(event.headers)), timedOut]);
  clearTimeout(timer);
  send(res, result === 'timeout' ? gatewayErrors.timeout() : answerFor(result), requestId, draining());
}
