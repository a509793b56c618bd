/**
 * Normalizes a runtime's response so that two runtimes that obey the contract produce equal
 * values: what the contract lets differ (ids made by each runtime, timestamps, request ids,
 * problem `detail` wording and `errors` messages, instance figures) becomes a placeholder;
 * what it pins (status, media type, Location's shape, every other byte of the body) is kept.
 */
import type { HttpResponse } from './http';

export interface NormalizedResponse {
  status: number;
  /** Media type without parameters, lower case; null when absent or on 204 (needs none). */
  contentType: string | null;
  /** Location with the runtime's prefix and known ids replaced; absent when not sent. */
  location?: string;
  /** Parsed and normalized JSON, or the raw text when the body is not JSON ('' for none). */
  body: unknown;
  /** Transport failure instead of a response. */
  error?: string;
}

/** Ids made by runtimes, mapped to one placeholder per logical item (`<id:created-3>`). */
export class IdNamespace {
  private readonly names = new Map<string, string>();
  register(id: string, placeholder: string): void {
    this.names.set(id.toLowerCase(), `<id:${placeholder}>`);
  }
  placeholderOf(id: string): string | undefined {
    return this.names.get(id.toLowerCase());
  }
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const UUID_IN_TEXT = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function mediaType(value: string | undefined): string | null {
  if (value === undefined) return null;
  const type = value.split(';')[0]!.trim().toLowerCase();
  return type || null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const typeName = (v: unknown) => (Number.isInteger(v) ? '<integer>' : `<${v === null ? 'null' : typeof v}>`);

function isProblem(v: Record<string, Json>): boolean {
  return typeof v.type === 'string' && typeof v.title === 'string' && typeof v.status === 'number';
}

function isHealth(v: Record<string, Json>): boolean {
  return v.status === 'ok' && 'runtimeVersion' in v;
}

function isMetrics(v: Record<string, Json>): boolean {
  return 'instanceId' in v && 'memory' in v;
}

/** Recursively replaces what may differ; object keys sorted so that key order never counts. */
export function normalizeJson(value: Json, runtime: string, ids: IdNamespace): Json {
  if (Array.isArray(value)) return value.map((v) => normalizeJson(v, runtime, ids));
  if (typeof value === 'string') {
    if (UUID.test(value)) return ids.placeholderOf(value) ?? value;
    if (TIMESTAMP.test(value)) return '<timestamp>';
    return value;
  }
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  if (isProblem(value)) {
    // The type/title/status triple is pinned; `detail` and the errors' paths and messages are free.
    for (const [k, v] of Object.entries(value)) {
      if (k === 'detail') continue;
      if (k === 'errors') out[k] = Array.isArray(v) ? (v.length ? '<errors: at least one>' : '<errors: none>') : typeName(v);
      else out[k] = normalizeJson(v, runtime, ids);
    }
  } else if (isMetrics(value)) {
    // Per-instance figures: only the keys and their JSON types are comparable; memory keeps rssBytes.
    for (const [k, v] of Object.entries(value)) {
      if (k === 'runtime') out[k] = v === runtime ? '<runtime>' : v;
      else if (k === 'memory' && isObject(v)) out[k] = { rssBytes: typeName(v.rssBytes) };
      // Durations are `number` in the contract: an integral value (JS prints 1234.000 as 1234) is one too.
      else out[k] = k.endsWith('Ms') && typeof v === 'number' ? '<number>' : typeName(v);
    }
  } else {
    for (const [k, v] of Object.entries(value)) {
      if (isHealth(value) && k === 'runtime') out[k] = v === runtime ? '<runtime>' : v;
      else if (isHealth(value) && (k === 'runtimeVersion' || k === 'coldStart')) out[k] = typeName(v);
      else out[k] = normalizeJson(v, runtime, ids);
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function normalizeLocation(location: string, runtime: string, ids: IdNamespace): string {
  const prefix = `/${runtime}/`;
  const rest = location.startsWith(prefix) ? `/{runtime}/${location.slice(prefix.length)}` : location;
  return rest.replace(UUID_IN_TEXT, (id) => ids.placeholderOf(id) ?? id);
}

export function normalizeResponse(response: HttpResponse, runtime: string, ids: IdNamespace): NormalizedResponse {
  if (response.error) return { status: 0, contentType: null, body: '', error: response.error };
  const out: NormalizedResponse = {
    status: response.status,
    contentType: response.status === 204 ? null : mediaType(response.headers['content-type']),
    body: response.body,
  };
  if (response.headers.location !== undefined) out.location = normalizeLocation(response.headers.location, runtime, ids);
  if (response.body !== '') {
    try {
      out.body = normalizeJson(JSON.parse(response.body) as Json, runtime, ids);
    } catch {
      // Not JSON: compared as text, byte for byte.
    }
  }
  return out;
}
