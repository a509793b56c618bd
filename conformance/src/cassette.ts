/**
 * Turns schemathesis VCR cassettes into corpus entries: what schemathesis sent, byte for byte,
 * with the ids it got from a 201 replaced by references, so that each runtime works on items it
 * created itself. Identical requests from several cassettes are sent once.
 */
import * as fs from 'node:fs';
import { parse } from 'yaml';
import type { CorpusEntry } from './corpus';

interface VcrBody {
  encoding?: string;
  string?: string;
  base64_string?: string;
}
interface VcrInteraction {
  id?: string;
  phase?: { name?: string };
  request: { uri: string; method: string; headers?: Record<string, string[]>; body?: VcrBody };
  response?: { status?: { code?: string | number }; body?: VcrBody };
}

/** Headers of the client, not of the request's meaning. */
const DROPPED_HEADERS = new Set(['user-agent', 'accept-encoding', 'accept', 'connection', 'content-length', 'host']);
const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const bodyBase64 = (b?: VcrBody): string | undefined =>
  b?.base64_string !== undefined ? b.base64_string.replace(/\s+/g, '') : b?.string !== undefined ? Buffer.from(b.string, 'utf8').toString('base64') : undefined;

export function readCassette(file: string): VcrInteraction[] {
  const doc = parse(fs.readFileSync(file, 'utf8'), { maxAliasCount: -1 }) as { http_interactions?: VcrInteraction[] };
  return doc.http_interactions ?? [];
}

/**
 * Corpus entries from cassettes, in recording order. `baseUrls[i]` is the prefix cassette i was
 * recorded against. `createdNames` maps every id seen in a 201 to its reference name, across cassettes.
 */
export function cassetteCorpus(cassettes: { runtime: string; baseUrl: string; interactions: VcrInteraction[] }[], maxEntries = Infinity): CorpusEntry[] {
  const created = new Map<string, string>();
  const seen = new Map<string, CorpusEntry>();
  const out: CorpusEntry[] = [];
  for (const { runtime, baseUrl, interactions } of cassettes) {
    interactions.forEach((it, index) => {
      if (!it.request.uri.startsWith(baseUrl)) return;
      const pathAndQuery = it.request.uri.slice(baseUrl.replace(/\/$/, '').length) || '/';
      const path = pathAndQuery.replace(UUID_IN_TEXT, (id) => (created.has(id.toLowerCase()) ? `{{id:${created.get(id.toLowerCase())}}}` : id));
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(it.request.headers ?? {})) {
        if (!DROPPED_HEADERS.has(k.toLowerCase()) && !k.toLowerCase().startsWith('x-schemathesis')) headers[k.toLowerCase()] = v.join(', ');
      }
      const body = bodyBase64(it.request.body);
      const request = { method: it.request.method.toUpperCase(), path, headers, ...(body !== undefined && body !== '' ? { bodyBase64: body } : {}) };
      const key = JSON.stringify(request);
      const status = Number(it.response?.status?.code);
      const createdId = status === 201 ? (JSON.parse(Buffer.from(bodyBase64(it.response?.body) ?? '', 'base64').toString('utf8') || '{}') as { id?: unknown }).id : undefined;
      const duplicate = seen.get(key);
      if (duplicate) {
        // Same request already in the corpus: its item stands for this one too.
        if (typeof createdId === 'string' && duplicate.creates) created.set(createdId.toLowerCase(), duplicate.creates);
        return;
      }
      if (out.length >= maxEntries) return;
      const entry: CorpusEntry = { source: `schemathesis:${runtime}#${it.phase?.name ?? '?'}:${it.id ?? index}`, request };
      if (request.method === 'POST') entry.creates = `st-${runtime}-${index}`;
      if (typeof createdId === 'string') created.set(createdId.toLowerCase(), entry.creates ?? `st-${runtime}-${index}`);
      seen.set(key, entry);
      out.push(entry);
    });
  }
  return out;
}
