/** The host factor the code-read model divides by: from measured Init Durations, given, or the default with a reason. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_HOST_FACTOR } from '../../platform/src/code-read';
import { codeReadOptions, hostFactorFrom, referenceAwsInit, resolveHostFactor } from '../src/host-factor';
import type { LoadGenerator } from '../src/loadgen/client';

/** resolveHostFactor only touches the generator when it measures; these cases never do. */
const noGenerator = {} as LoadGenerator;

describe('the host factor', () => {
  it('is AWS\'s Init divided by the median of ours', () => {
    // Act / Assess
    expect(hostFactorFrom([30, 28, 31, 29, 100], 84.6)).toBeCloseTo(84.6 / 30, 9);
    expect(() => hostFactorFrom([], 84.6)).toThrow(/no positive Init Duration/);
  });

  it('compares with lambda-perf\'s python3.13 median at 512 MB, the shape figure\'s reference', () => {
    // Act / Assess
    expect(referenceAwsInit({ aws: { runtime: 'python3.13' } } as never)).toBe(84.6);
    expect(referenceAwsInit({ aws: { runtime: 'python2.7' } } as never)).toBeUndefined();
  });

  it('is taken as given without measuring', async () => {
    // Act / Assess
    await expect(resolveHostFactor(2.5, noGenerator, () => undefined)).resolves.toEqual({ value: 2.5, source: 'given' });
  });

  it('falls back to the default, and says why, when there is no Python floor to measure', async () => {
    // Prepare: a floors folder without one
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-floors-'));
    const lines: string[] = [];
    try {
      // Act
      const r = await resolveHostFactor('auto', noGenerator, (l) => lines.push(l), 10, dir);
      // Assess
      expect(r).toEqual({ value: DEFAULT_HOST_FACTOR, source: 'default', reason: `no python floor in ${path.basename(dir)}/` });
      expect(lines.join('\n')).toMatch(/host factor: the default 2.8 \(no python floor/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not needed when the model is off', async () => {
    // Act / Assess
    await expect(codeReadOptions({ codeReadMbps: 'off', hostFactor: 'auto' }, noGenerator, () => undefined)).resolves.toEqual({ options: { codeReadMbps: 'off' } });
    await expect(codeReadOptions({ codeReadMbps: 100, hostFactor: 3 }, noGenerator, () => undefined)).resolves.toEqual({ options: { codeReadMbps: 100, hostFactor: 3 }, hostFactor: { value: 3, source: 'given' } });
  });
});
