/** What results.json records of the platform's model (gate.ts modelRecord): the code-read part. */
import { modelRecord } from '../src/gate';
import type { Platform } from '../../platform/src/platform';

/** A platform as modelRecord reads it: its model, concurrency and per-function package reads. */
const platform = (codeRead: Platform['codeRead'], mode: 'modelled' | 'off' = 'modelled') =>
  ({
    model: { initCpu: 'burst', cpuPeriodMs: 20, freezeIdle: true, tmp: { mode: 'mount-namespace' }, notEnforced: [], tracing: 'active', codeRead: mode === 'off' ? { mode } : { mode, awsMbPerSecond: 134, hostFactor: 3 } },
    concurrency: Object.fromEntries(Object.keys(codeRead).map((n) => [n, { limit: 10 }])),
    codeRead,
  }) as unknown as Platform;

describe('the code-read record', () => {
  it('keeps the floors apart from the runtimes that share their names', () => {
    // Prepare: the Go app (31 MB) and the Go floor (6.3 MB) are both "go"
    const apps = platform({ go: { packageBytes: 31_047_842, ms: 77 } });
    const floors = platform({ go: { packageBytes: 6_295_714, ms: 15.6 } });
    const hostFactor = { value: 3, source: 'given' as const };
    // Act
    const record = modelRecord(apps, hostFactor, floors);
    // Assess
    expect(record.codeRead).toEqual({ mode: 'modelled', awsMbPerSecond: 134, hostFactor, functions: { go: { packageBytes: 31_047_842, ms: 77 } }, floors: { go: { packageBytes: 6_295_714, ms: 15.6 } } });
  });

  it('says off when the model is off, and names the platform\'s own factor when the bench resolved none', () => {
    // Act / Assess
    expect(modelRecord(platform({ go: { packageBytes: 1, ms: 0 } }, 'off')).codeRead).toEqual({ mode: 'off' });
    expect(modelRecord(platform({ go: { packageBytes: 1, ms: 0 } })).codeRead).toMatchObject({ mode: 'modelled', hostFactor: { value: 3, source: 'default' } });
  });
});
