/**
 * `npm start` end to end: it serves the TypeScript runtime, and Ctrl-C (SIGINT to its process
 * group, as a terminal sends it) or SIGTERM leaves no process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { alive, descendants } from './support/processes';

const REPO = path.resolve(__dirname, '..', '..');

function startNpm(): { child: ChildProcess; url: Promise<string>; output: () => string } {
  // Its own process group, like a shell job: the test then signals the group as Ctrl-C does.
  const child = spawn('npm', ['start', '--', '--port', '0', '--runtime', 'typescript'], { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /gateway\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  return { child, url, output: () => output };
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));

describe('npm start', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('serves /typescript/health, and %s leaves no process behind', async (signal) => {
    // Prepare
    const { child, url } = startNpm();
    let tree: number[] = [];
    try {
      const base = await url;
      // Act
      const health = await fetch(`${base}/typescript/health`);
      const body = (await health.json()) as { status: string };
      tree = descendants(child.pid!);
      if (signal === 'SIGINT') process.kill(-child.pid!, 'SIGINT');
      else process.kill(child.pid!, 'SIGTERM');
      await exited(child);
      await new Promise((r) => setTimeout(r, 300));
      // Assess
      expect(health.status).toBe(200);
      expect(body.status).toBe('ok');
      expect(tree.length).toBeGreaterThanOrEqual(3); // the platform, dynalite, one instance at least
      expect(tree.filter(alive)).toEqual([]);
    } finally {
      // Whatever the outcome, this test leaves nothing running.
      for (const pid of [child.pid!, ...tree].filter(alive)) process.kill(pid, 'SIGKILL');
    }
  }, 120_000);
});
