/** The `sweep` block of results.json (bench/schema/results.schema.json, definitions.sweep). */
import type { Measure } from '../rounds';
import type { Strategy, SweepSettings } from './options';
import type { SizeRate, SweepProbe } from './rate';

/** One round of one runtime × memory point: what the recommendations compare. */
export interface RoundValue {
  round: number;
  /** Total cost per 1M requests (USD) with this round's warm Billed Duration. */
  costUsd: number | null;
  /** Mean REPORT Duration of the round's steady-state warm invocations (ms): Power Tuning's "duration". */
  durationMs: number | null;
  /** Client p99 of the round's steady-state requests (ms), coordinated omission corrected. */
  p99Ms: number | null;
}

export interface SweepCost {
  architecture: string;
  /** The cold-start rate the cost includes: the measured steady-state rate, else 0.1 %. */
  coldStartRate: number;
  coldStartRateLabel: string;
  /** Means over rounds, USD per 1M requests. */
  lambdaComputeUsd: number;
  /** Of the compute: what billed init adds at that rate. */
  lambdaInitUsd: number;
  lambdaRequestsUsd: number;
  apiGatewayUsd: number;
  dynamoDbUsd: number;
  /** Per-round totals with their t-interval. */
  totalUsd: Measure;
  /** Per-round Lambda compute (init included): the part that changes with memory. */
  computeUsd: Measure;
}

export interface SweepPoint {
  runtime: string;
  memoryMb: number;
  /** Conformance passed: only ranked points are recommended or put on the frontier. */
  ranked: boolean;
  rateRps: number;
  windowS: number;
  /** Requests due in the measured windows, all rounds. */
  requests: number;
  measuredErrorRate: number;
  /** Held the workload: at most 1 % of the measured requests failed, and latency was measured. */
  held: boolean;
  heldReason?: string;
  p50Ms: Measure;
  p99Ms: Measure;
  /** REPORT Duration of steady-state warm invocations: mean per round (t-interval), pooled p50 and p99. */
  durationMs: { mean: Measure; p50: number | null; p99: number | null };
  /** Init Duration of the cold POST /items (real work), per-round medians. */
  initDurationMs: Measure | null;
  /** Peak Max Memory Used over the warm invocations (MB). */
  maxMemoryUsedMb: number | null;
  /** Steady-state cold starts per 1,000 invocations (pooled), with its exact interval. */
  steadyColdStartsPer1000: { value: number; ci95: [number, number] } | null;
  cost: SweepCost | null;
  rounds: RoundValue[];
  /** Client p99 estimate ≤ the SLO; null without --slo-p99. */
  meetsSlo: boolean | null;
}

export interface ObjectiveValue {
  memoryMb: number;
  held: boolean;
  estimate: number;
  ci95: [number, number] | null;
}

/** The best memory of one runtime by AWS Lambda Power Tuning's strategy. */
export interface MemoryPick {
  runtime: string;
  strategy: Strategy;
  balancedWeight: number;
  /** Memory size picked; null when no size held the workload. */
  best: number | null;
  unit: string;
  objective: ObjectiveValue[];
  /** Sizes not significantly worse than the best on the objective (Welch t on round values, Holm). */
  indistinguishable: number[];
  statement: string;
}

export interface PointRef {
  runtime: string;
  memoryMb: number;
  costUsd: { estimate: number; ci95: [number, number] | null };
  p99Ms: { estimate: number; ci95: [number, number] | null };
  /** The p99 interval lies wholly at or under the SLO; null without one. */
  meetsConfidently: boolean | null;
}

export interface Margin {
  /** Runner-up's cost − the best's (USD per 1M). */
  deltaUsd: number;
  ci95: [number, number] | null;
  relative: number;
  test: 'paired t' | 'Welch t';
  rounds: number;
  pValue: number;
  noCall?: string;
}

export interface AcrossRuntimes {
  sloP99Ms: number | null;
  /** Points eligible (ranked, held the workload) and, of them, those meeting the SLO. */
  eligible: number;
  meeting: number;
  best: PointRef | null;
  runnerUp: PointRef | null;
  margin: Margin | null;
  /** When no point meets the SLO: the one with the lowest p99. */
  closest: PointRef | null;
  statement: string;
}

export interface SweepResult {
  /** The sweep's settings (options.ts SweepSettings) and how its workload was defined. */
  config: SweepSettings & {
    /** Share of each operation in the mix (open-model.ts MIX), the same for every runtime and size. */
    mix: Record<string, number>;
    rateRule: string;
    coldRequest: string;
    /** Sources of the strategies' definitions. */
    powerTuning: string;
  };
  sizes: (SizeRate & { vcpu: number; machineCores: number; probes: SweepProbe[] })[];
  points: SweepPoint[];
  /** Pareto frontier of cost and p99 over the eligible points, cheapest first. */
  frontier: { runtime: string; memoryMb: number }[];
  perRuntime: MemoryPick[];
  acrossRuntimes: AcrossRuntimes;
  notes: string[];
}
