/**
 * Bad input to the resource model: an unknown init-CPU mode, a CPU period outside 1..1000 ms or
 * too short for a memory size, and a machine without a writable freezer. Each gets a clear
 * message (and exit code ≠ 0 from `npm start`), or results marked with what was not enforced:
 * never a silent fallback.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { detectCgroups } from '../src/cgroups';
import { resourceModel, validateModelOptions } from '../src/model';
import { startPlatform } from '../src/platform';

const REPO = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, 'fixtures', 'lambdas');

/** `npm start` with arguments, as a user runs it (the CLI itself, without npm's own output). */
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'platform/src/cli.ts', '--port', '0', ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('npm start refuses bad resource-model options with a clear message', () => {
  it.each([
    [['--init-cpu', 'fast'], /--init-cpu must be burst or throttled, got "fast"/],
    [['--cpu-period-ms', '0'], /--cpu-period-ms must be a whole number from 1 to 1000, got "0"/],
    [['--cpu-period-ms', '1001'], /--cpu-period-ms must be a whole number from 1 to 1000, got "1001"/],
    [['--cpu-period-ms', '2.5'], /--cpu-period-ms must be a whole number from 1 to 1000/],
    [['--concurrency', '0'], /--concurrency must be at least 1/],
    [['--tracing', 'sometimes'], /--tracing must be active or off, got "sometimes"/],
    [['--code-read-mbps', 'fast'], /--code-read-mbps must be "off" or a rate in MB\/s above 0, got "fast"/],
    [['--code-read-mbps', '0'], /--code-read-mbps must be "off" or a rate in MB\/s above 0, got "0"/],
    [['--host-factor', 'zero'], /--host-factor must be a number above 0, got "zero"/],
  ])('%j', (args, message) => {
    // Act
    const r = cli(...args);
    // Assess
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(message);
    expect(r.output).toMatch(/Usage: npm start/);
  });
});

describe('the library refuses them too', () => {
  it.each([
    [{ initCpu: 'fast' }, /init CPU must be one of burst, throttled, got "fast"/],
    [{ cpuPeriodMs: 0 }, /CPU period must be a whole number of milliseconds from 1 to 1000/],
    [{ cpuPeriodMs: 1001 }, /CPU period must be a whole number of milliseconds from 1 to 1000/],
    [{ tracing: 'passive' }, /tracing must be one of active, off, got "passive"/],
    [{ codeReadMbps: 'on' }, /the code read rate must be "off" or MB\/s from 0 to 100000, got "on"/],
    [{ codeReadMbps: -5 }, /the code read rate must be "off" or MB\/s from 0 to 100000, got "-5"/],
    [{ codeReadMbps: Number.NaN }, /the code read rate must be "off" or MB\/s from 0 to 100000, got "NaN"/],
    [{ hostFactor: 0 }, /the host factor must be a number above 0 and at most 100, got "0"/],
    [{ hostFactor: 'auto' }, /the host factor must be a number above 0 and at most 100, got "auto"/],
  ])('%j', (options, message) => {
    // Act / Assess
    expect(() => validateModelOptions(options)).toThrow(message);
  });

  it('refuses a period whose quota at the chosen memory size is under the kernel\'s 1 ms minimum, and says which period would do', async () => {
    // Act / Assess: at 128 MB a 10 ms period gives 0.72 ms of CPU per period
    await expect(startPlatform({ port: 0, lambdasDir: FIXTURES, runtimes: ['noop'], build: false, memoryMb: 128, cpuPeriodMs: 10 })).rejects.toThrow(
      /a 10 ms CPU period gives noop at 128 MB a quota of 724 µs, below the kernel's 1 ms minimum; use a period of at least 14 ms/,
    );
  });
});

describe('a machine without a writable freezer', () => {
  let root: string;
  beforeAll(() => {
    // A cgroup root with the real memory and CPU hierarchies and no freezer.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'no-freezer-'));
    for (const c of ['memory', 'cpu', 'cpuacct']) fs.symlinkSync(path.join('/sys/fs/cgroup', c), path.join(root, c));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('still limits memory and CPU, and marks freezing as not enforced with the reason', () => {
    // Act
    const cgroups = detectCgroups({ root });
    try {
      const model = resourceModel(cgroups, validateModelOptions({}), { mode: 'mount-namespace' });
      // Assess
      if (cgroups.version === 'none') {
        console.warn(`limits themselves are not enforced here (${cgroups.reason}): only the marking is checked`);
      } else {
        expect(model.limitsEnforced).toBe(true);
      }
      expect(model.freezeIdle).toBe(false);
      expect(model.freezeReason).toMatch(/freezer/);
      expect(model.notEnforced.find((m) => m.startsWith('freezing idle instances'))).toMatch(/idle instances keep running/);
    } finally {
      cgroups.cleanup();
    }
  });
});
