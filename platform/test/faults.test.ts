/**
 * Faults, provoked on purpose: an instance killed mid-request, and the embedded DynamoDB
 * dying. Each must end in a clear answer (502, a 500 problem) and a recovery, never a hang,
 * and lose nothing that was acknowledged. (A crash from inside, OOM at 128 MB and function
 * timeouts are in platform.test.ts; SIGTERM under load and --data-dir in cli-durability.test.ts.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDynalite } from '../src/dynamo';
import { startPlatform, type Platform, type PlatformOptions } from '../src/platform';
import { alive, waitFor } from './support/processes';

const FIXTURES = path.join(__dirname, 'fixtures', 'lambdas');
const JSON_TYPE = { 'content-type': 'application/json' };

interface Answer {
  status: number;
  body: Record<string, unknown>;
  contentType: string;
}

async function call(platform: Platform, method: string, urlPath: string, body?: unknown): Promise<Answer> {
  const res = await fetch(platform.url + urlPath, { method, headers: body === undefined ? {} : JSON_TYPE, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(40_000) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, contentType: res.headers.get('content-type') ?? '' };
}

/** Every item id the table lists, paging through it with nextToken. */
async function listedIds(platform: Platform, runtime: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let token: string | undefined;
  do {
    const page = await call(platform, 'GET', `/${runtime}/items?limit=100${token ? `&nextToken=${token}` : ''}`);
    expect(page.status).toBe(200);
    for (const item of page.body.items as { id: string }[]) ids.add(item.id);
    token = page.body.nextToken as string | undefined;
  } while (token);
  return ids;
}

const withPlatform = async (options: PlatformOptions, body: (p: Platform) => Promise<void>) => {
  const platform = await startPlatform({ port: 0, ...options });
  try {
    await body(platform);
  } finally {
    await platform.stop();
  }
};

describe('an instance killed while it serves a request (SIGKILL)', () => {
  it('answers that request 502, serves the next one from a new instance', () =>
    withPlatform({ lambdasDir: FIXTURES, build: false, runtimes: ['sleeper'] }, async (p) => {
      // Prepare
      const warm = await call(p, 'GET', '/sleeper/items?ms=1');
      const pending = call(p, 'GET', '/sleeper/items?ms=2500');
      const busy = await waitFor('a busy instance', () => p.pool('sleeper').instances().find((i) => i.state === 'busy'));
      // Act
      process.kill(busy.pid!, 'SIGKILL');
      const killed = await pending;
      const next = await call(p, 'GET', '/sleeper/items?ms=1');
      // Assess
      expect(killed).toMatchObject({ status: 502, body: { message: 'Internal server error' } });
      expect(next.status).toBe(200);
      expect(next.body.pid).not.toBe(warm.body.pid);
      expect(alive(busy.pid!)).toBe(false);
      expect(p.reports.find((r) => r.status === 'crash')?.instanceId).toBe(busy.id);
    }));

  it('loses no acknowledged write of a runtime under load: every 201 is readable and listed', () =>
    withPlatform({ runtimes: ['typescript'], concurrencyLimit: 8 }, async (p) => {
      // Prepare: 4 clients create items back to back for 4 s
      const results: { status: number; id?: string; name: string }[] = [];
      const until = Date.now() + 4000;
      const worker = async (w: number) => {
        for (let i = 0; Date.now() < until; i++) {
          const name = `fault ${w}-${i}`;
          const r = await call(p, 'POST', '/typescript/items', { name, price: i });
          results.push({ status: r.status, name, ...(typeof r.body.id === 'string' ? { id: r.body.id } : {}) });
        }
      };
      const load = Promise.all([0, 1, 2, 3].map(worker));
      // Act: kill one instance while it is busy, once the load runs
      await new Promise((r) => setTimeout(r, 1000));
      const victim = await waitFor('a busy instance', () => p.pool('typescript').instances().find((i) => i.state === 'busy' && i.pid));
      process.kill(victim.pid!, 'SIGKILL');
      await load;
      // Assess
      const acknowledged = results.filter((r) => r.status === 201);
      expect(results.filter((r) => r.status !== 201).map((r) => r.status)).toEqual(results.filter((r) => r.status === 502).map(() => 502));
      expect(results.filter((r) => r.status === 502).length).toBeLessThanOrEqual(1);
      expect(acknowledged.length).toBeGreaterThan(20);
      for (const r of acknowledged) expect(await call(p, 'GET', `/typescript/items/${r.id}`)).toMatchObject({ status: 200, body: { id: r.id, name: r.name } });
      const listed = await listedIds(p, 'typescript');
      expect(acknowledged.filter((r) => !listed.has(r.id!))).toEqual([]);
    }));
});

describe('the embedded DynamoDB dying', () => {
  /** Sends creates until one succeeds; each answer must be a 201 or a clear 5xx problem, never a hang. */
  async function createUntilBack(p: Platform, deadlineMs: number): Promise<Answer[]> {
    const answers: Answer[] = [];
    const deadline = Date.now() + deadlineMs;
    for (let i = 0; Date.now() < deadline; i++) {
      const a = await call(p, 'POST', '/typescript/items', { name: `during outage ${i}`, price: 1 });
      answers.push(a);
      if (a.status === 201) return answers;
      await new Promise((r) => setTimeout(r, 100));
    }
    return answers;
  }

  it('is restarted on the same port; requests meanwhile get a 500 problem; with --data-dir nothing acknowledged is lost', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-dynalite-'));
    const lines: string[] = [];
    try {
      await withPlatform({ runtimes: ['typescript'], dataDir, log: (l) => lines.push(l) }, async (p) => {
        // Prepare
        const before = await Promise.all([1, 2, 3, 4, 5].map((i) => call(p, 'POST', '/typescript/items', { name: `before ${i}`, price: i })));
        const oldPid = p.dynamo().pid!;
        // Act
        process.kill(oldPid, 'SIGKILL');
        const during = await createUntilBack(p, 20_000);
        // Assess
        expect(during.at(-1)?.status).toBe(201);
        for (const a of during.slice(0, -1)) expect([a.status, a.contentType.split(';')[0], a.body.type]).toEqual([500, 'application/problem+json', 'urn:problem:multi-runtime-benchmark:internal-error']);
        expect(p.dynamo()).toEqual({ pid: expect.any(Number), restarts: 1 });
        expect(p.dynamo().pid).not.toBe(oldPid);
        expect(lines.some((l) => l.includes(`data kept in ${dataDir}`))).toBe(true);
        for (const b of before) expect((await call(p, 'GET', `/typescript/items/${String(b.body.id)}`)).body).toEqual(b.body);
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('in memory, comes back with an empty table and says so', async () => {
    const lines: string[] = [];
    await withPlatform({ runtimes: ['typescript'], log: (l) => lines.push(l) }, async (p) => {
      // Prepare
      const before = await call(p, 'POST', '/typescript/items', { name: 'in memory', price: 1 });
      // Act
      process.kill(p.dynamo().pid!, 'SIGKILL');
      const during = await createUntilBack(p, 20_000);
      const lost = await call(p, 'GET', `/typescript/items/${String(before.body.id)}`);
      // Assess
      expect(during.at(-1)?.status).toBe(201);
      expect(lost.status).toBe(404);
      expect(lines.some((l) => l.includes('in memory: every item is gone'))).toBe(true);
    });
  });

  it('gives up with a clear error when it keeps dying, and leaves no process behind', async () => {
    // Prepare
    const fatal: Error[] = [];
    const dynamo = await startDynalite({ maxRestarts: 0, onFatal: (err) => fatal.push(err) });
    const pid = dynamo.pid!;
    try {
      // Act
      process.kill(pid, 'SIGKILL');
      await waitFor('the fatal error', () => fatal[0]);
      // Assess
      expect(fatal[0]!.message).toMatch(/^dynalite exited \(SIGKILL\) 1 times within a minute: giving up$/);
      expect(alive(pid)).toBe(false);
      expect(dynamo.restarts).toBe(0);
    } finally {
      await dynamo.stop();
    }
  });
});
