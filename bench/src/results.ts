/**
 * The shape of results/<run>/results.json. Versioned: bench/schema/results.schema.json
 * describes RESULTS_SCHEMA_VERSION; bump both together and say what changed in the schema.
 * Version 2: round-based estimates with t-intervals (Measure), paired comparisons with Holm,
 * cold starts that do real work, steady-state cold-start rates and ramps, per-instance
 * capacity, cost parts with billed init at stated rates, the load guard, lambda-perf magnitudes.
 */
import type { CodeReadRecord } from './code-read-record';
import type { TargetResults } from './aws/target-results';
import type { CostPerMillion, MonthlyEstimate } from './cost';
import type { Percentiles } from './histogram';
import type { FloorComparison } from './lambda-perf';
import type { LoadRecord, LoadSnapshot, LoadVerdict } from './loadguard';
import type { Tracing } from '../../platform/src/xray-sampling';
import type { CapacityStep } from './raw';
import type { Measure } from './rounds';
import type { SteadyRate } from './steady';
import type { SweepResult } from './sweep/types';
import type { Descriptive } from './stats';

export const RESULTS_SCHEMA_VERSION = 2;

export interface ConformanceResult {
  /** passed: every selected runtime passed; failed: at least one did not; unavailable: no verdict found. */
  status: 'passed' | 'failed' | 'unavailable' | 'skipped';
  source: string;
  runtimes: Record<string, { passed: boolean; reason?: string }>;
}

export interface Environment {
  cpuModel: string;
  cores: number;
  totalMemoryMb: number;
  os: string;
  kernel: string;
  limitsEnforced: boolean;
  limitsReason?: string;
  cgroupVersion: string;
  gitCommit: string;
  gitDirty: boolean;
  target: string;
  /** The local platform's resource model (absent against a deployed API). */
  platformModel?: PlatformModelRecord;
  /** Tool and language versions (node, python, go, java, ...). */
  versions: Record<string, string>;
  /** Versions of the bench's and the platform's npm dependencies. */
  dependencies: Record<string, string>;
  loadGenerator: { openModel: string; closedModel: string };
}

/** What the local platform enforced during the run (docs/platform.md, "Resource model"). */
export interface PlatformModelRecord {
  initCpu: 'burst' | 'throttled';
  cpuPeriodMs: number;
  freezeIdle: boolean;
  freezeReason?: string;
  /** How each instance's /tmp was kept private. */
  tmp: 'mount-namespace' | 'TMPDIR';
  /** What of the model was not enforced, one sentence each. */
  notEnforced: string[];
  /** Instances per function (the manifests' aws.reservedConcurrency unless overridden). */
  concurrencyLimits: Record<string, number>;
  /** X-Ray tracing on the stage (absent in results from before it was modelled: nothing was sampled). */
  tracing?: Tracing;
  /**
   * Reading each package at init (platform/src/code-read.ts); absent in results from before it was
   * modelled: no time was added. Per runtime and floor: package bytes and the ms added to each Init.
   */
  codeRead?: CodeReadRecord;
}

/** One kind of cold request (probe, write, read): per-round medians, t-intervals. */
export interface ColdRequestResult {
  n: number;
  initDurationMs: Measure;
  /** Duration of the first invocation (REPORT). */
  firstInvocationMs: Measure;
  /** Client-side end to end of the first request. */
  clientMs: Measure;
  maxMemoryUsedMb: Measure;
  /** Billed Duration of the cold invocation (init + first invocation). */
  billedDurationMs: Descriptive | null;
}

export interface ColdStartResult {
  /** Init Duration of the cold requests that did real work (write and read). */
  initDurationMs: Measure;
  write?: ColdRequestResult;
  read?: ColdRequestResult;
  /** GET /metrics: no table I/O; reports memory after init. */
  probe?: ColdRequestResult;
  /** Resident memory the runtime reports right after init (MB), from the probe. */
  memoryAfterInitMb?: Measure;
  /** Multiple of the language's hello-world floor (work-request Init Duration / floor's). */
  multipleOfFloor?: { floor: string; initDuration: number; maxMemoryUsed: number };
  failures: number;
}

export interface ServerDuration {
  /** REPORT Duration of warm invocations in the measured window, steady state. */
  steady: Descriptive & { p99: number };
  /** The same for the first N invocations of each instance. */
  instanceWarmup: Descriptive | null;
}

export interface WarmRateResult {
  /** Target arrival rate (requests per second, open model). */
  rate: number;
  /** Measured window per round (s). */
  durationS: number;
  requests: number;
  errors: number;
  /** Share of the measured window's requests that failed (exact); above 1 % no latency ranking at this rate. */
  measuredErrorRate: number;
  achievedRps: number;
  /** Pooled client-side latency of the steady state (ms), coordinated omission corrected, answered requests only: descriptive. */
  client: Percentiles & { curve: [number, number][] };
  /** Round-based estimates with t-intervals: mean over rounds of each round's p50 / p99 (steady state). */
  p50: Measure;
  p99: Measure;
  /** The pooled figures from the actual send time: the gap to `client` is the generator's lag. */
  clientUncorrected: Percentiles;
  /** Requests served by the first N invocations of their instance, reported apart. */
  instanceWarmup: { firstInvocations: number; requests: number; p50: number | null; p90: number | null; attributedShare: number | null };
  serverDurationMs: ServerDuration;
  /** From the phase's first request until every instance had finished its init. */
  ramp: { fromZero: boolean; seconds: Measure; coldStarts: Measure; reachedSteadyRounds: number };
  /** Cold starts per 1,000 invocations in the measured (steady-state) window. */
  steadyColdStarts: SteadyRate | null;
  peakInstances: number;
}

export interface CapacityResult {
  p99BoundMs: number;
  /** Highest rate one warm instance sustained (< 1 % errors, p99 under the bound), per round. */
  rps: Measure;
  serialRps: Measure;
  /** Rounds where no step passed. */
  failedRounds: number;
  /** Rounds whose step budget ran out before a step failed: their capacity is a lower bound. */
  lowerBoundRounds: number;
  steps: (CapacityStep & { round: number })[];
}

export interface ThroughputStep {
  concurrency: number;
  rps: number;
  requests: number;
  errorRate: number;
  p50Ms: number;
  p99Ms: number;
}

export interface MemorySizeResult {
  memoryMb: number;
  coldStart?: ColdStartResult;
  warm: WarmRateResult[];
  capacity?: CapacityResult;
  /** Closed-model throughput of the whole machine: bound by its cores, not a runtime property. */
  machineThroughput?: { boundBy: string; steps: ThroughputStep[]; maxRpsUnder1PctErrors: number | null };
  memory: { maxMemoryUsedMb: Descriptive | null; cpuTimeMsPerInvocation: Descriptive | null };
  billedDurationMs: Descriptive | null;
  cost: CostPerMillion[];
  monthly?: MonthlyEstimate & { architecture: string };
}

export interface RuntimeResult {
  name: string;
  language: string;
  framework: string;
  awsRuntime: string;
  architecture: string;
  packageBytes: number | null;
  /** false when conformance failed or is unknown: numbers are shown, never ranked. */
  ranked: boolean;
  unrankedReason?: string;
  floor?: string;
  /** Set when this runtime ran as the slowed acceptance fixture. */
  fixture?: string;
  memorySizes: MemorySizeResult[];
}

export interface FloorResult {
  name: string;
  language: string;
  awsRuntime: string;
  memoryMb: number;
  packageBytes: number | null;
  coldStart: ColdRequestResult | null;
  /** Warm latency of the no-op function through the gateway (the platform's latency floor). */
  warm?: WarmRateResult;
}

export interface ComparisonResult {
  metric: string;
  label: string;
  unit: string;
  memoryMb: number;
  rate?: number;
  a: string;
  b: string;
  test: 'paired t' | 'Welch t';
  /** Estimates over the rounds both have: delta = estimateB − estimateA. */
  estimateA: number;
  estimateB: number;
  delta: number;
  deltaCi95: [number, number] | null;
  relative: number;
  rounds: number;
  pValue: number;
  /** Holm-adjusted within the metric's family (its runtime pairs at that memory size and rate). */
  pAdjusted: number;
  significant: boolean;
  noCall?: string;
  /** Plain-language sentence for the report. */
  statement: string;
}

export interface BenchResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  run: {
    id: string;
    startedAt: string;
    finishedAt: string;
    profile: string;
    options: {
      runtimes: string[];
      memoryMb: number[];
      rounds: number;
      coldStarts: number;
      rates: number[];
      warmSeconds: number;
      instanceWarmup: number;
      capacity: { probeSeconds: number; stepSeconds: number; minStepRequests: number; maxSteps: number; p99BoundMs: number };
      concurrency: number[];
      throughputSeconds: number;
      requestsPerMonth: number;
      target: string | null;
      seed: number;
      slowed: { runtime: string; ms: number } | null;
    };
  };
  environment: Environment;
  loadGuard: LoadVerdict & { preRun: LoadSnapshot | null; records: LoadRecord[] };
  conformance: ConformanceResult;
  prices: { region: string; asOf: string; sources: string[] };
  runtimes: RuntimeResult[];
  floors: FloorResult[];
  lambdaPerf: FloorComparison;
  loadGenerator: { openModelMaxRps: number | null; closedModelMaxRps: number | null; configuration: string; highestRateUsed: number; note: string };
  comparisons: ComparisonResult[];
  conclusions: string[];
  /** Files under results/<run>/raw. */
  raw: string[];
  /** Present in a sweep's results (`npm run bench -- --sweep`): points, frontier, recommendations. */
  sweep?: SweepResult;
  /** `--target` runs: the deployed functions' configuration and the request/REPORT count check. */
  target?: TargetResults;
  /** Present when the run stopped early or lacks figures: why. What was measured is kept. */
  incomplete?: { reasons: string[] };
}

/**
 * A `--target` run's results.json additions: the target block, the incomplete reasons, and each
 * runtime's figures at the one memory size its function is deployed with (run.ts, rerender.ts).
 */
export function withTarget(results: BenchResults, target: TargetResults, incomplete: readonly string[]): BenchResults {
  for (const r of results.runtimes) {
    const d = target.functions[r.name];
    if (d) r.memorySizes = r.memorySizes.filter((m) => m.memoryMb === d.memoryMb);
  }
  results.target = target;
  if (incomplete.length) results.incomplete = { reasons: [...incomplete] };
  return results;
}
