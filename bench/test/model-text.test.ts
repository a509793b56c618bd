import { modelText } from '../src/model-text';
import type { Environment } from '../src/results';

/** An environment whose platform model differs only in its tracing field. */
const env = (tracing?: 'active' | 'off') =>
  ({ platformModel: { initCpu: 'burst', cpuPeriodMs: 20, freezeIdle: true, tmp: 'mount-namespace', notEnforced: [], concurrencyLimits: { go: 10 }, ...(tracing ? { tracing } : {}) } }) as unknown as Environment;

describe('the model a result ran under, in words', () => {
  it('says how X-Ray traces were sampled, and that older results sampled nothing', () => {
    // Act
    const [active, off, before] = [modelText(env('active')), modelText(env('off')), modelText(env())];
    // Assess
    expect(active).toBe("init CPU burst, CPU period 20 ms, idle instances frozen, private /tmp, X-Ray sampled as API Gateway's default rule (1/s + 5 %); concurrency limits: go 10");
    expect(off).toContain('X-Ray tracing off (nothing sampled)');
    expect(before).toContain('X-Ray: nothing sampled (before sampling was modelled)');
  });
});
