/**
 * One soak client: a closed loop of mixed CRUD against one runtime, on items it owns, with a
 * model of what every acknowledged write left in the table. Each answer is checked against the
 * model as it comes (a read must return the last acknowledged write), and the model is what the
 * final check expects to find. A client keeps at most `maxLive` items, so the model (and the
 * table) stays the same size however long the soak runs.
 */
import { isDeepStrictEqual } from 'node:util';
import type * as http from 'node:http';
import { send, type HttpResponse } from '../../conformance/src/http';

export type Op = 'create' | 'read' | 'update' | 'delete' | 'list';
type Item = { id: string; name: string; price: number; description?: string; createdAt: string; updatedAt: string };

export interface Failure {
  runtime: string;
  op: Op | 'verify';
  what: string;
  status: number;
  body: string;
}

export interface ClientOptions {
  runtime: string;
  /** The runtime's prefix: `http://127.0.0.1:3000/go`. */
  baseUrl: string;
  agent: http.Agent;
  worker: number;
  maxLive?: number;
  thinkMs?: number;
  random?: () => number;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const DELETED_KEPT = 20;

/** API Gateway's throttle answer (docs/platform.md): the one 5xx a soak below the limit may meet. */
export function isThrottle(r: HttpResponse): boolean {
  return r.status === 500 && (r.headers['content-type'] ?? '').startsWith('application/json') && r.body === '{"message":"Internal server error"}';
}

const parse = (r: HttpResponse): unknown => {
  try {
    return r.body ? JSON.parse(r.body) : undefined;
  } catch {
    return undefined;
  }
};

export class SoakClient {
  /** Items this client's acknowledged writes left, by id. */
  readonly live = new Map<string, Item>();
  /** The last ids it deleted (acknowledged 204): they must stay gone. */
  readonly deleted: string[] = [];
  readonly counts: Record<string, number> = {};
  readonly failures: Failure[] = [];
  throttles = 0;
  private sequence = 0;

  constructor(private readonly o: ClientOptions) {}

  get runtime(): string {
    return this.o.runtime;
  }

  private next(): Op {
    const r = (this.o.random ?? Math.random)();
    if (this.live.size === 0) return 'create';
    if (this.live.size >= (this.o.maxLive ?? 50)) return r < 0.4 ? 'delete' : r < 0.7 ? 'read' : r < 0.85 ? 'update' : 'list';
    return r < 0.3 ? 'create' : r < 0.6 ? 'read' : r < 0.75 ? 'update' : r < 0.85 ? 'delete' : 'list';
  }

  private pick(): Item {
    const ids = [...this.live.keys()];
    return this.live.get(ids[Math.floor((this.o.random ?? Math.random)() * ids.length)]!)!;
  }

  private async call(op: Op, method: string, path: string, body?: unknown): Promise<HttpResponse> {
    const r = await send(this.o.baseUrl, { method, path, headers: body === undefined ? {} : JSON_TYPE, ...(body === undefined ? {} : { bodyBase64: Buffer.from(JSON.stringify(body)).toString('base64') }) }, { agent: this.o.agent });
    const key = `${op} ${r.error ? 'no answer' : r.status}`;
    this.counts[key] = (this.counts[key] ?? 0) + 1;
    if (isThrottle(r)) this.throttles++;
    return r;
  }

  private fail(op: Op | 'verify', what: string, r: HttpResponse): void {
    this.failures.push({ runtime: this.o.runtime, op, what, status: r.status, body: (r.error ?? r.body).slice(0, 300) });
  }

  /** One operation and its check. A write with no clear answer leaves its item out of the model. */
  async step(): Promise<void> {
    const op = this.next();
    if (op === 'create') {
      const input = { name: `soak ${this.o.runtime} ${this.o.worker}-${++this.sequence} \u00e9`, price: this.sequence % 1000 + 0.5, ...(this.sequence % 3 ? { description: `#${this.sequence}` } : {}) };
      const r = await this.call(op, 'POST', '/items', input);
      const item = parse(r) as Item | undefined;
      if (r.status === 201 && item?.name === input.name && item.price === input.price) this.live.set(item.id, item);
      else if (!isThrottle(r)) this.fail(op, `create ${JSON.stringify(input.name)}`, r);
    } else if (op === 'read') {
      const item = this.pick();
      const r = await this.call(op, 'GET', `/items/${item.id}`);
      if (isThrottle(r)) return;
      if (r.status !== 200 || !isDeepStrictEqual(parse(r), item)) this.fail(op, `read ${item.id}: expected ${JSON.stringify(item)}`, r);
    } else if (op === 'update') {
      const item = this.pick();
      const input = { name: `${item.name.split(' ~')[0]} ~${++this.sequence}`, price: this.sequence % 1000 + 0.25 };
      const r = await this.call(op, 'PUT', `/items/${item.id}`, input);
      const stored = parse(r) as Item | undefined;
      if (r.status === 200 && stored?.name === input.name && stored.createdAt === item.createdAt && !('description' in stored)) this.live.set(item.id, stored);
      else if (!isThrottle(r)) {
        this.live.delete(item.id);
        this.fail(op, `replace ${item.id}`, r);
      }
    } else if (op === 'delete') {
      const item = this.pick();
      const r = await this.call(op, 'DELETE', `/items/${item.id}`);
      if (isThrottle(r)) return;
      this.live.delete(item.id);
      if (r.status === 204) {
        if (this.deleted.push(item.id) > DELETED_KEPT) this.deleted.shift();
      }
      else this.fail(op, `delete ${item.id}`, r);
    } else {
      const r = await this.call(op, 'GET', '/items?limit=20');
      if (!isThrottle(r) && (r.status !== 200 || !Array.isArray((parse(r) as { items?: unknown } | undefined)?.items))) this.fail(op, 'list a page', r);
    }
  }

  async run(until: number): Promise<void> {
    while (Date.now() < until) {
      await this.step();
      if (this.o.thinkMs) await new Promise((r) => setTimeout(r, this.o.thinkMs));
    }
  }

  /** After the load: every live item reads back as last written; every deleted one is gone. */
  async verify(): Promise<void> {
    for (const item of this.live.values()) {
      const r = await send(this.o.baseUrl, { method: 'GET', path: `/items/${item.id}`, headers: {} }, { agent: this.o.agent });
      if (r.status !== 200 || !isDeepStrictEqual(parse(r), item)) this.fail('verify', `acknowledged item ${item.id} reads back as ${JSON.stringify(item)}`, r);
    }
    for (const id of this.deleted) {
      const r = await send(this.o.baseUrl, { method: 'GET', path: `/items/${id}`, headers: {} }, { agent: this.o.agent });
      if (r.status !== 404) this.fail('verify', `deleted item ${id} is gone (404)`, r);
    }
  }
}

/** Every item the table lists through one runtime, by id (paging with nextToken). */
export async function listAll(baseUrl: string, agent: http.Agent): Promise<{ items: Map<string, unknown>; failure?: HttpResponse }> {
  const items = new Map<string, unknown>();
  let token: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const r = await send(baseUrl, { method: 'GET', path: `/items?limit=100${token ? `&nextToken=${token}` : ''}`, headers: {} }, { agent });
    const body = parse(r) as { items?: Item[]; nextToken?: string } | undefined;
    if (r.status !== 200 || !body?.items) return { items, failure: r };
    for (const item of body.items) items.set(item.id, item);
    token = body.nextToken;
    if (!token) break;
  }
  return { items };
}
