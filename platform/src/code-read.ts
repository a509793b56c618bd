/**
 * Reading the function's own code at init, as AWS appears to charge it. On AWS a function's
 * deployment package is not in the execution environment's page cache when it starts: the
 * bytes come over the network, while the managed runtime's own files sit in cached, shared
 * images. Locally the package is on a disk whose pages are cached after the first start, so
 * reading it costs nothing, and a custom runtime (Go, Rust: the whole runtime is the
 * package) starts 4-10 times faster relative to Python than AWS reports (docs/platform.md,
 * "What reading files costs"). The model adds, to every cold start's Init, the time AWS would
 * take to read the package's bytes, in this machine's time: bytes ÷ (AWS's rate × host factor).
 */

/**
 * AWS's rate of reading a zip function's code, MB/s (10^6 bytes): ql4b/lambda-benchmarks
 * (commit f7dcb69, raw Init Durations, provided.al2023, zip) measured a 5 MB Go bootstrap at a
 * median 41.0 ms and a 2.3 MB one at 20.9 ms: 2.7 MB in 20.1 ms. An estimate from one pair of
 * functions, not a figure AWS publishes.
 */
export const DEFAULT_CODE_READ_MBPS = 134;

/**
 * How many times faster this machine runs what AWS runs: lambda-perf's python3.13 hello-world
 * Init at 512 MB (84.6 ms, 2026-08-22) ÷ the local Python floor's (30.2 ms, calibration of
 * 2026-12-01, commit 48c60b7). It is the machine's, not AWS's: the bench and the calibration
 * measure it again before they start (`--host-factor auto`); this default serves `npm start`.
 */
export const DEFAULT_HOST_FACTOR = 2.8;

export type CodeRead = { mode: 'modelled'; awsMbPerSecond: number; hostFactor: number } | { mode: 'off' };

const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Checks the two options; throws with a message that says what to pass instead. */
export function validateCodeRead(o: { codeReadMbps?: unknown; hostFactor?: unknown }): CodeRead {
  const rate = o.codeReadMbps ?? DEFAULT_CODE_READ_MBPS;
  if (rate === 'off') return { mode: 'off' };
  if (!isPositive(rate) || rate > 100_000) throw new Error(`the code read rate must be "off" or MB/s from 0 to 100000, got "${String(rate)}"`);
  const hostFactor = o.hostFactor ?? DEFAULT_HOST_FACTOR;
  if (!isPositive(hostFactor) || hostFactor > 100) throw new Error(`the host factor must be a number above 0 and at most 100, got "${String(hostFactor)}"`);
  return { mode: 'modelled', awsMbPerSecond: rate, hostFactor };
}

/** The time (ms, this machine's) reading `bytes` of a package adds to a cold start's Init. */
export function codeReadMs(model: CodeRead, bytes: number): number {
  if (model.mode === 'off' || bytes <= 0) return 0;
  return (bytes / (model.awsMbPerSecond * 1e6 * model.hostFactor)) * 1000;
}

/** The code-read part of the model's one-line description. */
export function describeCodeRead(model: CodeRead): string {
  if (model.mode === 'off') return 'code read at init NOT modelled';
  return `code read at init modelled (${model.awsMbPerSecond} MB/s on AWS, host factor ${model.hostFactor.toFixed(2)})`;
}

/** A `--code-read-mbps` value as given on a command line: a number, or "off". */
export function codeReadFlag(v: string | undefined): number | 'off' | undefined {
  if (v === undefined || v === 'off') return v;
  const n = Number(v);
  if (v.trim() === '' || !isPositive(n)) throw new Error(`--code-read-mbps must be "off" or a rate in MB/s above 0, got "${v}"`);
  return n;
}

/** A `--host-factor` value as given on a command line. */
export function hostFactorFlag(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !isPositive(n)) throw new Error(`--host-factor must be a number above 0, got "${v}"`);
  return n;
}
