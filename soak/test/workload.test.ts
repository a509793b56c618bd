/**
 * A soak client against a small in-memory item store on 127.0.0.1: it keeps its model of what
 * was acknowledged, and it notices a store that loses or alters a write.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepAliveAgent } from '../../conformance/src/http';
import { isThrottle, SoakClient } from '../src/workload';

/** The contract's item operations, faithfully, unless `forget` says to drop writes after N. */
async function startStore(forgetAfter = Infinity): Promise<{ url: string; close: () => Promise<void> }> {
  const items = new Map<string, Record<string, unknown>>();
  let writes = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body?: unknown) => {
        res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
        res.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const id = /^\/items\/([^/?]+)/.exec(req.url ?? '')?.[1];
      const input = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>) : {};
      const now = new Date().toISOString();
      if (req.method === 'POST') {
        const item = { id: randomUUID(), ...input, createdAt: now, updatedAt: now };
        if (++writes <= forgetAfter) items.set(item.id, item);
        return answer(201, item);
      }
      if (req.method === 'GET' && !id) return answer(200, { items: [...items.values()].slice(0, 20) });
      const item = id ? items.get(id) : undefined;
      if (!item) return answer(404, { type: 'urn:problem:multi-runtime-benchmark:not-found', title: 'Item not found', status: 404 });
      if (req.method === 'DELETE') return items.delete(id!), answer(204);
      if (req.method === 'PUT') {
        const replaced = { id, ...input, createdAt: item.createdAt, updatedAt: now };
        if (++writes <= forgetAfter) items.set(id!, replaced);
        return answer(200, replaced);
      }
      return answer(200, item);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe('a soak client', () => {
  it('keeps a model that a faithful store agrees with, and bounds it', async () => {
    // Prepare
    const store = await startStore();
    const agent = keepAliveAgent(1);
    const client = new SoakClient({ runtime: 'fake', baseUrl: store.url, agent, worker: 0, maxLive: 5 });
    try {
      // Act
      for (let i = 0; i < 300; i++) await client.step();
      await client.verify();
      // Assess
      expect(client.failures).toEqual([]);
      expect(client.live.size).toBeLessThanOrEqual(5);
      expect(Object.keys(client.counts).sort()).toEqual(['create 201', 'delete 204', 'list 200', 'read 200', 'update 200']);
    } finally {
      agent.destroy();
      await store.close();
    }
  });

  it('notices acknowledged writes that the store did not keep', async () => {
    // Prepare: writes after the third are acknowledged and dropped
    const store = await startStore(3);
    const agent = keepAliveAgent(1);
    const client = new SoakClient({ runtime: 'fake', baseUrl: store.url, agent, worker: 0, maxLive: 5 });
    try {
      // Act
      for (let i = 0; i < 200; i++) await client.step();
      await client.verify();
      // Assess
      expect(client.failures.length).toBeGreaterThan(0);
      expect(client.failures.some((f) => f.op === 'read' || f.op === 'verify')).toBe(true);
    } finally {
      agent.destroy();
      await store.close();
    }
  });

  it('tells API Gateway\'s throttle from a runtime\'s own 500', () => {
    const gateway = { status: 500, headers: { 'content-type': 'application/json' }, body: '{"message":"Internal server error"}' };
    const runtime = { status: 500, headers: { 'content-type': 'application/problem+json' }, body: '{"type":"urn:problem:multi-runtime-benchmark:internal-error"}' };
    expect([isThrottle(gateway), isThrottle(runtime), isThrottle({ ...gateway, status: 502 })]).toEqual([true, false, false]);
  });
});
