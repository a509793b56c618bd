/**
 * API Gateway REST's request limits and the answers it gives, enforced by the local gateway
 * before a function sees anything. Sources and what is a guess: docs/reliability.md,
 * "API Gateway's request limits".
 */
import type { HttpAnswer } from './apigw-response';
import { MAX_PAYLOAD_BYTES } from './runtime-api';

export interface RequestLimits {
  /** Length of the URL (path and query string) of a regional REST API, in characters. */
  urlChars: number;
  /** Total combined size of all header values, in bytes. */
  headerValueBytes: number;
  /** Request payload (body) size, in bytes: rejected as soon as it is exceeded, while streaming. */
  payloadBytes: number;
  /** Lambda's synchronous invocation payload (6 MiB + 100 B): the proxy event, as JSON, in bytes. */
  invokePayloadBytes: number;
  /** A client must have sent every header within this long (a guess: AWS documents none). */
  headersTimeoutMs: number;
  /** A client must have sent the whole request within this long (a guess: AWS documents none). */
  requestTimeoutMs: number;
}

export const API_GATEWAY_LIMITS: RequestLimits = {
  urlChars: 10_240,
  headerValueBytes: 10_240,
  payloadBytes: 10 * 1024 * 1024,
  invokePayloadBytes: MAX_PAYLOAD_BYTES,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
};

const text = (statusCode: number, body: string, contentType = 'text/plain; charset=utf-8'): HttpAnswer => ({
  statusCode,
  headers: { 'Content-Type': [contentType] },
  body: Buffer.from(body),
});

export const limitAnswers = {
  /** The URL limit (a guess at the status: 414 is what the quota page names for over-long method ARNs). */
  urlTooLong: (limits: RequestLimits) => text(414, `Request-URI Too Long: the URL is longer than ${limits.urlChars} characters.`),
  /** The header limit: the text API Gateway users report; the status is a guess. */
  headersTooLarge: (limits: RequestLimits) => text(431, `HTTP header is larger than ${limits.headerValueBytes} bytes.`),
  /** Over 10 MB: status, content type and text as captured from API Gateway's front end. */
  payloadTooLarge: (limits: RequestLimits) => text(413, `HTTP content length exceeded ${limits.payloadBytes} bytes.`, 'text; charset=utf-8'),
};

/** Sum of the byte lengths of every header value, as Node's rawHeaders lists them. */
export function headerValueBytes(rawHeaders: readonly string[]): number {
  let total = 0;
  for (let i = 1; i < rawHeaders.length; i += 2) total += Buffer.byteLength(rawHeaders[i]!, 'utf8');
  return total;
}

/** The answer for a request that breaks a limit visible before its body, or undefined. */
export function rejectBeforeBody(url: string, rawHeaders: readonly string[], contentLength: string | undefined, limits: RequestLimits): HttpAnswer | undefined {
  if (url.length > limits.urlChars) return limitAnswers.urlTooLong(limits);
  if (headerValueBytes(rawHeaders) > limits.headerValueBytes) return limitAnswers.headersTooLarge(limits);
  if (contentLength !== undefined && Number(contentLength) > limits.payloadBytes) return limitAnswers.payloadTooLarge(limits);
  return undefined;
}
