/**
 * The slowed fixture on the real platform: the Node hello-world floor, plain and behind
 * bench/fixtures/slowed/wrap.mjs with 5 ms. REPORT Duration and client time grow by the delay.
 */
import { startPlatform, type Platform } from '../../platform/src/platform';
import type { ReportRecord } from '../../platform/src/report';
import { discoverRuntimes } from '../../core/src/runtimes';
import { slowedRuntime, withFixture } from '../src/fixtures';
import { request } from '../src/http';
import { FLOORS_DIR } from '../src/floors';
import { median } from '../src/stats';

async function durations(runtime: ReturnType<typeof discoverRuntimes>[number], dynamoEndpoint?: string): Promise<{ server: number[]; client: number[]; platform: Platform }> {
  const reports: ReportRecord[] = [];
  const platform = await startPlatform({ port: 0, runtimes: [runtime], memoryMb: 512, build: true, onReport: (r) => reports.push(r), ...(dynamoEndpoint ? { dynamoEndpoint } : {}) });
  const client: number[] = [];
  for (let i = 0; i < 25; i++) {
    const r = await request(`${platform.url}/${runtime.name}/health`);
    expect(r.status).toBe(200);
    if (i > 0) client.push(r.doneAt - r.sentAt);
  }
  return { server: reports.filter((r) => !r.coldStart).map((r) => r.durationMs), client, platform };
}

test('the slowed fixture adds its delay to every invocation’s Duration and to the client’s time', async () => {
  // Prepare
  const node = discoverRuntimes(FLOORS_DIR).find((f) => f.name === 'node')!;
  const plain = await durations(node);
  let slowed: Awaited<ReturnType<typeof durations>> | undefined;
  try {
    // Act
    slowed = await durations(slowedRuntime(node, 5), plain.platform.dynamoEndpoint);
    // Assess
    expect(median(slowed.server)).toBeGreaterThanOrEqual(5);
    expect(median(slowed.server) - median(plain.server)).toBeGreaterThanOrEqual(4.5);
    expect(median(slowed.client) - median(plain.client)).toBeGreaterThanOrEqual(4.5);
  } finally {
    await slowed?.platform.stop();
    await plain.platform.stop();
  }
}, 60_000);

test('the fixture applies to the named runtime only; an unknown name is refused', () => {
  const floors = discoverRuntimes(FLOORS_DIR);
  const out = withFixture(floors, { runtime: 'go', ms: 5 });
  expect(out.find((r) => r.name === 'go')!.local.command.join(' ')).toContain('fixtures/slowed/wrap.mjs');
  expect(out.find((r) => r.name === 'node')!.local.command).toEqual(floors.find((r) => r.name === 'node')!.local.command);
  expect(() => withFixture(floors, { runtime: 'cobol', ms: 5 })).toThrow(/no such runtime/);
});
