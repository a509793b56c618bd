/**
 * The shape of results/<run>/results.json. Versioned: bench/schema/results.schema.json
 * describes RESULTS_SCHEMA_VERSION; bump both together and say what changed in the schema.
 */
import type { TargetResults } from './aws/target-results';
import type { CostPerMillion, MonthlyEstimate } from './cost';
import type { Percentiles } from './histogram';
import type { Summary } from './stats';

export const RESULTS_SCHEMA_VERSION = 1;

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
  /** Tool and language versions (node, python, go, java, ...). */
  versions: Record<string, string>;
  /** Versions of the bench's and the platform's npm dependencies. */
  dependencies: Record<string, string>;
  loadGenerator: { openModel: string; closedModel: string };
}

export interface ColdStartResult {
  /** Init Duration from REPORT (ms). */
  initDurationMs: Summary;
  /** Duration of the first invocation from REPORT (ms). */
  firstInvocationMs: Summary;
  /** Client-side end-to-end time of the first request (ms). */
  clientMs: Summary;
  /** Max Memory Used after the first invocation (MB). */
  maxMemoryUsedMb: Summary;
  /** Resident memory the runtime reports right after init (MB), from GET /metrics. */
  memoryAfterInitMb?: Summary;
  /** Per-round medians of Init Duration, to show drift between rounds. */
  initDurationPerRound: number[];
  /** Multiple of the language's hello-world floor (median / floor median). */
  multipleOfFloor?: { floor: string; initDuration: number; maxMemoryUsed: number };
  failures: number;
}

export interface WarmRateResult {
  /** Target arrival rate (requests per second, open model). */
  rate: number;
  durationS: number;
  requests: number;
  errors: number;
  /** Share of the measured window's requests that failed; above 1 % no latency ranking at this rate. */
  measuredErrorRate?: number;
  achievedRps: number;
  /** Client-side latency (ms), coordinated omission corrected, answered requests only. */
  client: Percentiles & { p50Ci95: [number, number]; p99Ci95: [number, number] };
  /** The same from the actual send time: the gap to `client` is the generator's lag. */
  clientUncorrected: Percentiles;
  /** Server-side Duration from REPORT (ms). */
  serverDurationMs: Summary & { p99: number };
  /** Cold starts during the phase (started from zero instances) per 1,000 requests. */
  coldStartsPer1000: number;
  coldStarts: number;
  /** Highest number of live instances during the phase. */
  peakInstances: number;
  p50PerRound: number[];
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
  throughput?: { steps: ThroughputStep[]; maxRpsUnder1PctErrors: number | null };
  memory: { maxMemoryUsedMb: Summary | null; cpuTimeMsPerInvocation: Summary | null };
  billedDurationMs: Summary | null;
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
  memorySizes: MemorySizeResult[];
}

export interface FloorResult {
  name: string;
  language: string;
  memoryMb: number;
  packageBytes: number | null;
  coldStart: ColdStartResult | null;
  /** Warm latency of the no-op function through the gateway (the platform's latency floor). */
  warm?: WarmRateResult;
}

export interface ComparisonResult {
  metric: string;
  memoryMb: number;
  rate?: number;
  a: string;
  b: string;
  medianA: number;
  medianB: number;
  delta: number;
  deltaCi95: [number, number];
  relative: number;
  pValue: number;
  significant: boolean;
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
    options: { runtimes: string[]; memoryMb: number[]; rounds: number; coldStarts: number; rates: number[]; warmSeconds: number; concurrency: number[]; throughputSeconds: number; requestsPerMonth: number; target: string | null; seed: number };
  };
  environment: Environment;
  conformance: ConformanceResult;
  prices: { region: string; asOf: string; sources: string[] };
  runtimes: RuntimeResult[];
  floors: FloorResult[];
  floorRanking: { memoryMb: number | null; ours: string[]; lambdaPerf: string[]; agrees: boolean | null; note: string };
  loadGenerator: { openModelMaxRps: number | null; closedModelMaxRps: number | null; highestRateUsed: number; note: string };
  comparisons: ComparisonResult[];
  conclusions: string[];
  /** Files under results/<run>/raw. */
  raw: string[];
  /** `--target` runs: the deployed functions' configuration and the request/REPORT count check. */
  target?: TargetResults;
  /** Present when the run stopped early or lacks figures: why. What was measured is kept. */
  incomplete?: { reasons: string[] };
}
