/**
 * The host factor the code-read model divides by (platform/src/code-read.ts): how many times
 * faster this machine starts the Python hello-world than AWS does. It is the machine's, and it
 * drifts (2.7× within two days here, docs/platform.md), so the bench and the calibration measure
 * it before they start (`--host-factor auto`): forced cold starts of the Python floor at 512 MB
 * against lambda-perf's median for python3.13 at 512 MB. The Python floor's own package is a
 * few KB, so the code-read model hardly touches the figure it is measured from.
 */
import * as path from 'node:path';
import { startPlatform, type PlatformOptions } from '../../platform/src/platform';
import { DEFAULT_HOST_FACTOR } from '../../platform/src/code-read';
import { buildIfStale } from '../../core/src/build';
import { discoverRuntimes, type Runtime } from '../../core/src/runtimes';
import { FLOORS_DIR } from './floors';
import { loadLambdaPerf } from './calibrate/lambda-perf-file';
import type { LambdaPerfData } from './calibrate/evaluate';
import type { LoadGenerator } from './loadgen/client';
import { coldStart, ReportCollector } from './phases';
import { median } from './stats';
import type { HostFactorRecord, HostFactorSetting } from './code-read-record';

export type { HostFactorRecord, HostFactorSetting } from './code-read-record';

/** The floor and size the factor is taken at: the shape figure's reference (docs/fidelity.md). */
export const REFERENCE_FLOOR = 'python';
export const REFERENCE_MB = 512;
export const HOST_FACTOR_SAMPLES = 10;


/** lambda-perf's median Init Duration (ms) of the reference runtime at the reference size. */
export function referenceAwsInit(floor: Pick<Runtime, 'aws'>, data: LambdaPerfData = loadLambdaPerf()): number | undefined {
  return data.runtimes[floor.aws.runtime]?.byMemoryMb[String(REFERENCE_MB)]?.initDurationMs.median;
}

/** The factor from measured Init Durations: AWS's median ÷ ours. */
export function hostFactorFrom(localSamples: number[], awsInitMs: number): number {
  const local = median(localSamples);
  if (!(local > 0)) throw new Error('no positive Init Duration to take the host factor from');
  return awsInitMs / local;
}

/** The reference floor, built; undefined (and why) when it is missing or does not build. */
function referenceFloor(log: (s: string) => void, floorsDir: string): Runtime | string {
  try {
    const floor = discoverRuntimes(floorsDir).find((f) => f.name === REFERENCE_FLOOR);
    if (!floor) return `no ${REFERENCE_FLOOR} floor in ${path.basename(floorsDir)}/`;
    buildIfStale(floor, log);
    return floor;
  } catch (err) {
    return `the ${REFERENCE_FLOOR} floor did not build: ${(err as Error).message.split('\n')[0]}`;
  }
}

/** The factor as the options say: given, measured on the Python floor, or the platform's default with the reason. */
export async function resolveHostFactor(setting: HostFactorSetting, generator: LoadGenerator, log: (s: string) => void, samples = HOST_FACTOR_SAMPLES, floorsDir = FLOORS_DIR): Promise<HostFactorRecord> {
  if (setting !== 'auto') return { value: setting, source: 'given' };
  const fallback = (reason: string): HostFactorRecord => {
    log(`host factor: the default ${DEFAULT_HOST_FACTOR} (${reason})`);
    return { value: DEFAULT_HOST_FACTOR, source: 'default', reason };
  };
  const floor = referenceFloor(log, floorsDir);
  if (typeof floor === 'string') return fallback(floor);
  const awsInitMs = referenceAwsInit(floor);
  if (awsInitMs === undefined) return fallback(`lambda-perf has no ${floor.aws.runtime} figure at ${REFERENCE_MB} MB`);
  const collector = new ReportCollector();
  const platform = await startPlatform({ port: 0, runtimes: [floor], memoryMb: REFERENCE_MB, build: false, codeReadMbps: 'off', onReport: collector.onReport, log });
  const initMs: number[] = [];
  try {
    // One cold start first, not counted: it reads the interpreter into the page cache if another
    // job (or the calibration's --drop-caches) left it out; every later phase finds it there.
    for (let round = -1; round < samples; round++) {
      const s = await coldStart({ platform, collector, generator, runtime: floor.name, memoryMb: REFERENCE_MB, round }, 'probe', { path: '/health' });
      if (round >= 0 && s.ok && s.initDurationMs !== undefined) initMs.push(s.initDurationMs);
    }
  } finally {
    await platform.stop();
  }
  if (initMs.length < Math.ceil(samples / 2)) return fallback(`only ${initMs.length} of ${samples} cold starts of the ${floor.name} floor succeeded`);
  const value = hostFactorFrom(initMs, awsInitMs);
  const localInitMs = median(initMs);
  log(`host factor: ${value.toFixed(2)} (AWS ${awsInitMs} ms ÷ local ${localInitMs.toFixed(1)} ms, ${floor.name} floor at ${REFERENCE_MB} MB, ${initMs.length} cold starts)`);
  return { value, source: 'measured', localInitMs, samples: initMs, awsInitMs };
}

export interface CodeReadSetting {
  codeReadMbps: number | 'off';
  hostFactor: HostFactorSetting;
}

/** The platform options for the code-read model, and the host factor's record (none when the model is off). */
export async function codeReadOptions(o: CodeReadSetting, generator: LoadGenerator, log: (s: string) => void): Promise<{ options: Pick<PlatformOptions, 'codeReadMbps' | 'hostFactor'>; hostFactor?: HostFactorRecord }> {
  if (o.codeReadMbps === 'off') return { options: { codeReadMbps: 'off' } };
  const hostFactor = await resolveHostFactor(o.hostFactor, generator, log);
  return { options: { codeReadMbps: o.codeReadMbps, hostFactor: hostFactor.value }, hostFactor };
}
