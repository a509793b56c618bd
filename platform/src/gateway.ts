/**
 * The API Gateway (REST, Lambda proxy integration) in front of the function pools: routes
 * from the contract, proxy events in, proxy results out, and API Gateway's own answers
 * for unknown routes (403), function failures (502), throttles (500) and timeouts (504).
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildProxyEvent } from './apigw-event';
import { gatewayErrors, mapProxyResult, MalformedProxyResponse, type HttpAnswer } from './apigw-response';
import type { FunctionPool } from './function-pool';
import type { RouteTable } from './routes';
import { eventTraceHeader } from './trace';

/** API Gateway's request payload limit. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
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
}

const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function send(res: http.ServerResponse, answer: HttpAnswer, requestId: string): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, values] of Object.entries(answer.headers)) {
    // API Gateway frames the response itself: the function's framing headers are dropped.
    if (!FRAMING_HEADERS.has(name.toLowerCase())) headers[name] = values.length === 1 ? values[0] : values;
  }
  // API Gateway's defaults: a JSON content type when the function sets none, and its request id.
  if (!Object.keys(headers).some((n) => n.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  headers['x-amzn-RequestId'] = requestId;
  headers['Content-Length'] = answer.body.length;
  res.writeHead(answer.statusCode, headers);
  res.end(answer.body);
}

export function answerFor(result: Awaited<ReturnType<FunctionPool['invoke']>>): HttpAnswer {
  const { outcome } = result;
  // Lambda's Invoke API refusing the call (429 throttle, 413 payload) is an integration failure: 500.
  if (outcome.kind === 'throttled' || outcome.kind === 'rejected') return gatewayErrors.throttled();
  if (outcome.kind !== 'response') return gatewayErrors.badGateway();
  try {
    return mapProxyResult(outcome.payload);
  } catch (err) {
    if (err instanceof MalformedProxyResponse) return gatewayErrors.badGateway();
    throw err;
  }
}

export function createGateway(options: GatewayOptions): http.Server {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      void handle(options, req, res, size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks)).catch((err: unknown) => {
        console.error('[gateway] unexpected error:', err);
        if (!res.headersSent) send(res, gatewayErrors.badGateway(), 'none');
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

async function handle(o: GatewayOptions, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer | undefined): Promise<void> {
  const requestId = randomUUID();
  if (!body) return send(res, gatewayErrors.tooLarge(), requestId);
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const method = req.method ?? 'GET';
  if (method === 'GET' && path === '/health') {
    return send(res, { statusCode: 200, headers: {}, body: Buffer.from(JSON.stringify(o.health())) }, requestId);
  }
  const match = o.routes.match(method, path);
  const pool = match.kind === 'route' ? o.pools.get(match.route.runtime) : undefined;
  if (match.kind !== 'route' || !pool) return send(res, gatewayErrors.missingToken(), requestId);
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
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), o.integrationTimeoutMs)));
  // Past the integration timeout the client gets 504 while the function runs on to its own timeout, as on AWS.
  const result = await Promise.race([pool.invoke(JSON.stringify(event), eventTraceHeader(event.headers)), timedOut]);
  clearTimeout(timer);
  send(res, result === 'timeout' ? gatewayErrors.timeout() : answerFor(result), requestId);
}
