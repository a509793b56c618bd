/**
 * A process that exits without stopping its platform (process.exit on Ctrl-C, an uncaught error)
 * leaves no instance behind: the platform's exit hook kills and thaws them, frozen ones included.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectCgroups } from '../src/cgroups';

const REPO = path.resolve(__dirname, '..', '..');
const probe = detectCgroups();
const canFreeze = probe.freezer.available;
probe.cleanup();
const FIXTURES = path.join(__dirname, 'fixtures', 'lambdas');

/** Starts a platform in a child process, serves one request, prints the instance's pid and whether it is frozen, then exits without stop(). */
const CHILD = `
const { startPlatform } = require('./platform/src/platform');
(async () => {
  const p = await startPlatform({ port: 0, lambdasDir: ${JSON.stringify(FIXTURES)}, runtimes: ['noop'], build: false });
  await (await fetch(p.url + '/noop/items')).text();
  // Idle, and frozen where the platform freezes: the state the process exits in.
  const settled = () => p.pool('noop').instances().find((x) => x.state === 'idle' && x.pid && x.frozen === p.model.freezeIdle);
  const deadline = Date.now() + 5000;
  while (!settled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const i = settled();
  console.log(JSON.stringify({ pid: i && i.pid, frozen: i && i.frozen }));
  process.exit(0);
})();
`;

/** Running or frozen; a zombie (state Z: dead, not yet reaped by whoever inherited it) is not. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('a process that exits without stopping its platform', () => {
  it('ends every instance on its way out, a frozen one too', async () => {
    // Act
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', CHILD], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    // Assess
    expect(r.status).toBe(0);
    const { pid, frozen } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { pid: number; frozen: boolean };
    expect(pid).toBeGreaterThan(0);
    // Where the freezer works, the instance was frozen when the process exited: the hard case
    expect(frozen).toBe(canFreeze);
    const deadline = Date.now() + 5000;
    while (alive(pid) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    expect(alive(pid)).toBe(false);
  });
});
