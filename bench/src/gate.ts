/**
 * The conformance gate and the platform-model record, shared by the bench run (run.ts) and the
 * sweep (sweep/measure.ts); kept apart from run.ts so the sweep does not import its caller.
 */
import type { Platform } from '../../platform/src/platform';
import type { HostFactorRecord } from './code-read-record';
import type { BenchOptions } from './options';
import type { ConformanceResult, PlatformModelRecord } from './results';

export type Limits = { enforced: boolean; reason?: string; cgroupVersion: string };

export async function gate(o: BenchOptions, names: string[], baseUrl: string | undefined, log: (s: string) => void): Promise<ConformanceResult> {
  if (o.gate === 'skip') return { status: 'skipped', source: '--gate skip: nothing is ranked', runtimes: {} };
  try {
    const { conformanceVerdict } = await import('../../conformance/src/verdict');
    const v = await conformanceVerdict({ runtimes: names, runIfMissing: o.gate === 'run', baseUrl, log });
    if (!v) return { status: 'unavailable', source: 'no recorded conformance run for this code (run `npm run conformance`, or the bench without --gate recorded)', runtimes: {} };
    const allPassed = names.every((n) => v.runtimes[n]?.passed);
    return { status: allPassed ? 'passed' : 'failed', source: `conformance run ${v.runId} (${v.source}${v.quick ? ', quick' : ''}, commit ${v.commit.slice(0, 10)}${v.dirty ? ' + changes' : ''})`, runtimes: v.runtimes };
  } catch (err) {
    return { status: 'unavailable', source: `conformance could not run: ${(err as Error).message.split('\n')[0]}`, runtimes: {} };
  }
}

/** What results.json records of the platform's resource model. */
export function modelRecord(platform: Platform, hostFactor?: HostFactorRecord, floorPlatform?: Platform): PlatformModelRecord {
  const m = platform.model;
  return {
    initCpu: m.initCpu,
    cpuPeriodMs: m.cpuPeriodMs,
    freezeIdle: m.freezeIdle,
    ...(m.freezeReason ? { freezeReason: m.freezeReason } : {}),
    tmp: m.tmp.mode,
    notEnforced: m.notEnforced,
    concurrencyLimits: Object.fromEntries(Object.entries(platform.concurrency).map(([name, c]) => [name, c.limit])),
    tracing: m.tracing,
    codeRead:
      m.codeRead.mode === 'off'
        ? { mode: 'off' }
        : { mode: 'modelled', awsMbPerSecond: m.codeRead.awsMbPerSecond, hostFactor: hostFactor ?? { value: m.codeRead.hostFactor, source: 'default' }, functions: platform.codeRead, ...(floorPlatform ? { floors: floorPlatform.codeRead } : {}) },
  };
}
