/**
 * What results.json and the calibration record of the code-read model (platform/src/code-read.ts).
 * A leaf module: results.ts, host-factor.ts and the calibration all import it.
 */

export interface HostFactorRecord {
  value: number;
  /** measured: from this run's cold starts; given: --host-factor N; default: the platform's, when measuring was not possible. */
  source: 'measured' | 'given' | 'default';
  /** measured: the local Python floor's median Init (ms), the samples, and AWS's figure it was divided into. */
  localInitMs?: number;
  samples?: number[];
  awsInitMs?: number;
  /** default: why it could not be measured. */
  reason?: string;
}

export type PackageRead = Record<string, { packageBytes: number; ms: number }>;

/**
 * Off, or modelled: AWS's rate, the host factor, and per runtime (`functions`) and per floor
 * (`floors`: their names can be the runtimes', e.g. go) its package bytes and the ms added to each Init.
 */
export type CodeReadRecord = { mode: 'off' } | { mode: 'modelled'; awsMbPerSecond: number; hostFactor: HostFactorRecord; functions: PackageRead; floors?: PackageRead };

/** --host-factor: auto measures it on the Python floor (host-factor.ts), or a number. */
export type HostFactorSetting = 'auto' | number;
