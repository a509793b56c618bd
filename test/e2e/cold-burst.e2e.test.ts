/**
 * A burst of cold starts: several instances of one runtime starting at the same moment must
 * all serve their request. (Each Lambda environment is isolated; local instances share a
 * machine, and a runtime that writes a fixed path at start — the Java runtime interface
 * client's /tmp/.libaws-lambda-jni.so — crashed its neighbours with SIGBUS. lambdas/kotlin/build.sh)
 */
import { startPlatform, type Platform } from '../../platform/src/platform';
import { runtimes } from '../support/targets';

jest.setTimeout(180_000);

const BURST = 4;
let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform({ port: 0, runtimes: runtimes.map((r) => r.name), concurrencyLimit: BURST, build: true });
});
afterAll(() => platform?.stop());

describe.each(runtimes.map((r) => r.name))('%s', (name) => {
  it(`serves ${BURST} requests that each start an instance at once, twice`, async () => {
    const rounds: number[][] = [];
    for (let round = 0; round < 2; round++) {
      // Prepare: no instance left
      await platform.drain(name);
      // Act
      const statuses = await Promise.all(
        Array.from({ length: BURST }, (_, i) =>
          fetch(`${platform.url}/${name}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `burst ${round}-${i}`, price: i }) }).then((r) => r.status),
        ),
      );
      rounds.push(statuses);
    }
    // Assess
    expect(rounds).toEqual([Array(BURST).fill(201), Array(BURST).fill(201)]);
    expect(platform.pool(name).started).toBeGreaterThanOrEqual(BURST + 1);
  });
});
