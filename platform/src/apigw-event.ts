/**
 * Builds the API Gateway REST API (v1) Lambda proxy-integration event for one HTTP request,
 * in AWS's documented shape (the same as @types/aws-lambda's APIGatewayProxyEvent).
 * Shared by the platform's gateway and by in-process test transports, so both hand the
 * runtimes byte-identical events.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { contractBinaryMediaTypes } from '../../core/src/routes';
import { newTraceRoot } from './trace';
import { forwardedTraceHeader, type Sampler, type Tracing } from './xray-sampling';

export interface GatewayRequest {
  method: string;
  /** The request path without the query string, as the client sent it (no stage prefix locally). */
  path: string;
  /** The raw query string without `?` ('' when none). */
  query: string;
  /** Header names and values in arrival order, names as sent: Node's `req.rawHeaders` layout. */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  /** The matched gateway resource, e.g. `/python/items/{id}`. */
  resource: string;
  pathParameters: Record<string, string> | null;
  stage?: string;
  requestId?: string;
  requestTimeEpoch?: number;
  /** Local port, for X-Forwarded-Port. */
  port?: number;
  /**
   * Media types sent base64-encoded (API Gateway's binaryMediaTypes); `*\/*` style wildcards allowed.
   * Default: the contract's `x-amazon-apigateway-binary-media-types`, which the CDK API declares too.
   */
  binaryMediaTypes?: readonly string[];
  /** The stage's X-Ray tracing: with it, the forwarded X-Amzn-Trace-Id carries a sampling decision. */
  tracing?: { mode: Tracing; sampler: Sampler };
}


export const ACCOUNT_ID = '123456789012';
export const API_ID = 'localapi01';
export const DEFAULT_STAGE = 'local';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `09/Apr/2015:12:34:56 +0000`, API Gateway's requestTime format. */
export function requestTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a malformed escape is passed through as sent
  }
}

/** API Gateway's two query views: last value wins in the single map; both null when empty. */
export function parseQuery(query: string): Pick<APIGatewayProxyEvent, 'queryStringParameters' | 'multiValueQueryStringParameters'> {
  const multi: Record<string, string[]> = {};
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    (multi[key] ??= []).push(value);
  }
  const keys = Object.keys(multi);
  if (keys.length === 0) return { queryStringParameters: null, multiValueQueryStringParameters: null };
  return {
    queryStringParameters: Object.fromEntries(keys.map((k) => [k, multi[k]!.at(-1)!])),
    multiValueQueryStringParameters: multi,
  };
}

/** Headers keep the case the client used; the single map holds the last value of a repeated header. */
export function parseHeaders(rawHeaders: readonly string[]): Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  return { headers, multiValueHeaders };
}

function headerValue(rawHeaders: readonly string[], name: string): string | undefined {
  let found: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === name) found = rawHeaders[i + 1];
  return found;
}

export function isBinaryMediaType(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!type) return false;
  return binaryMediaTypes.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p === '*/*') return true;
    return p.endsWith('/*') ? type.startsWith(p.slice(0, -1)) : type === p;
  });
}

// ignoreBOM keeps a leading U+FEFF in the text: the body reaches the function byte for byte, BOM and all.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Text bodies travel as strings. A binary media type travels base64-encoded, as API Gateway
 * does with binaryMediaTypes set; bytes that are not valid UTF-8 are also sent base64-encoded
 * rather than mangled (AWS would replace them, losing data the runtime must be able to reject).
 */
function encodeBody(body: Buffer, contentType: string | undefined, binaryMediaTypes: readonly string[]) {
  if (body.length === 0) return { body: null, isBase64Encoded: false };
  if (!isBinaryMediaType(contentType, binaryMediaTypes)) {
    try {
      return { body: strictUtf8.decode(body), isBase64Encoded: false };
    } catch {
      /* not UTF-8: fall through to base64 */
    }
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
}

function traceId(epochMs: number): string {
  return `Root=${newTraceRoot(epochMs)}`;
}

export function buildProxyEvent(req: GatewayRequest): APIGatewayProxyEvent {
  const epoch = req.requestTimeEpoch ?? Date.now();
  const stage = req.stage ?? DEFAULT_STAGE;
  const requestId = req.requestId ?? randomUUID();
  // API Gateway adds these before the integration sees the request.
  const raw = [...req.rawHeaders];
  const add = (name: string, value: string) => {
    if (headerValue(raw, name.toLowerCase()) === undefined) raw.push(name, value);
  };
  if (req.tracing) {
    const at = raw.findIndex((v, i) => i % 2 === 0 && v.toLowerCase() === 'x-amzn-trace-id');
    const forwarded = forwardedTraceHeader(at < 0 ? undefined : raw[at + 1], () => newTraceRoot(epoch), req.tracing.mode, req.tracing.sampler);
    if (at < 0) raw.push('X-Amzn-Trace-Id', forwarded);
    else raw.splice(at + 1, 1, forwarded);
  } else add('X-Amzn-Trace-Id', traceId(epoch));
  const forwardedFor = headerValue(raw, 'x-forwarded-for');
  if (forwardedFor === undefined) raw.push('X-Forwarded-For', req.sourceIp);
  else raw.splice(raw.findIndex((v, i) => i % 2 === 0 && v.toLowerCase() === 'x-forwarded-for') + 1, 1, `${forwardedFor}, ${req.sourceIp}`);
  add('X-Forwarded-Port', String(req.port ?? 443));
  add('X-Forwarded-Proto', 'http');
  const { headers, multiValueHeaders } = parseHeaders(raw);
  const host = headerValue(raw, 'host') ?? '127.0.0.1';
  return {
    resource: req.resource,
    path: req.path,
    httpMethod: req.method,
    headers,
    multiValueHeaders,
    ...parseQuery(req.query),
    pathParameters: req.pathParameters,
    stageVariables: null,
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: API_ID,
      authorizer: null,
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      extendedRequestId: requestId.replaceAll('-', '').slice(0, 16),
      httpMethod: req.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: req.sourceIp,
        user: null,
        userAgent: headerValue(raw, 'user-agent') ?? null,
        userArn: null,
      },
      path: `/${stage}${req.path}`,
      protocol: 'HTTP/1.1',
      requestId,
      requestTime: requestTime(epoch),
      requestTimeEpoch: epoch,
      resourceId: 'local',
      resourcePath: req.resource,
      stage,
    },
    ...encodeBody(req.body, headerValue(raw, 'content-type'), req.binaryMediaTypes ?? contractBinaryMediaTypes()),
  };
}
