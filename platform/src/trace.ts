/**
 * X-Ray trace headers. API Gateway puts `X-Amzn-Trace-Id: Root=1-…` on the request it proxies;
 * Lambda continues that trace: the Runtime API's `Lambda-Runtime-Trace-Id` carries the same Root
 * with a Parent segment id of its own and the sampling decision, and the runtime interface
 * client exposes it as `_X_AMZN_TRACE_ID` for the invocation.
 */
import { randomBytes } from 'node:crypto';

const ROOT = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;

/** A fresh trace root, `1-<epoch seconds, hex>-<96 random bits, hex>`. */
export function newTraceRoot(epochMs = Date.now()): string {
  return `1-${Math.floor(epochMs / 1000).toString(16).padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
}

/** The event's `X-Amzn-Trace-Id` header (any case), if it has one. */
export function eventTraceHeader(headers: Record<string, string | undefined> | null | undefined): string | undefined {
  if (!headers) return undefined;
  const name = Object.keys(headers).find((k) => k.toLowerCase() === 'x-amzn-trace-id');
  return name ? headers[name] : undefined;
}

/** The `Lambda-Runtime-Trace-Id` for an invocation whose event carried `incoming` (or none). */
export function lambdaTraceHeader(incoming?: string): string {
  const fields = new Map<string, string>();
  for (const part of (incoming ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const root = fields.get('Root');
  const sampled = fields.get('Sampled') === '1' ? '1' : '0';
  return `Root=${root && ROOT.test(root) ? root : newTraceRoot()};Parent=${randomBytes(8).toString('hex')};Sampled=${sampled}`;
}
