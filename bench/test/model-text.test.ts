import { codeReadText, modelText } from '../src/model-text';
import type { Environment } from '../src/results';

/** An environment whose platform model differs only in its tracing field. */
const env = (tracing?: 'active' | 'off') =>
  ({ platformModel: { initCpu: 'burst', cpuPeriodMs: 20, freezeIdle: true, tmp: 'mount-namespace', notEnforced: [], concurrencyLimits: { go: 10 }, ...(tracing ? { tracing } : {}) } }) as unknown as Environment;

describe('the model a result ran under, in words', () => {
  it('says how X-Ray traces were sampled, and that older results sampled nothing', () => {
    // Act
    const [active, off, before] = [modelText(env('active')), modelText(env('off')), modelText(env())];
    // Assess
    expect(active).toBe("init CPU burst, CPU period 20 ms, idle instances frozen, private /tmp, code read at init NOT modelled (before the model existed), X-Ray sampled as API Gateway's default rule (1/s + 5 %); concurrency limits: go 10");
    expect(off).toContain('X-Ray tracing off (nothing sampled)');
    expect(before).toContain('X-Ray: nothing sampled (before sampling was modelled)');
  });
});

describe('the code-read model in words', () => {
  it('names the rate, the host factor and where it came from, and each function\'s added time', () => {
    // Prepare
    const measured = { mode: 'modelled' as const, awsMbPerSecond: 134, hostFactor: { value: 2.987, source: 'measured' as const, localInitMs: 28.3, awsInitMs: 84.6, samples: [28.3] }, functions: { go: { packageBytes: 31_047_842, ms: 77.56 }, python: { packageBytes: 31_957_613, ms: 79.84 } }, floors: { go: { packageBytes: 6_295_714, ms: 15.63 } } };
    // Act
    const [modelled, given, off] = [codeReadText(measured), codeReadText({ ...measured, hostFactor: { value: 2, source: 'given' } }), codeReadText({ mode: 'off' })];
    // Assess
    expect(modelled).toBe('code read at init modelled (134 MB/s on AWS, host factor 2.99 measured on the Python floor: go +77.6 ms, python +79.8 ms; floors go +15.6 ms)');
    expect(given).toContain('host factor 2.00 given');
    expect(off).toBe('code read at init NOT modelled (--code-read-mbps off)');
  });
});
