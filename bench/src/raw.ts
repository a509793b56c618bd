/**
 * Raw samples as the runner collects them, kept in results/<run>/raw/samples.json so that
 * every figure in results.json can be recomputed and two runs compared sample by sample.
 */
import type { ClosedModelResult } from './closed-model';

export interface ColdStartSample {
  runtime: string;
  memoryMb: number;
  round: number;
  ok: boolean;
  error?: string;
  initDurationMs?: number;
  firstInvocationMs?: number;
  clientMs?: number;
  maxMemoryUsedMb?: number;
  memoryAfterInitMb?: number;
}

export interface WarmSample {
  runtime: string;
  memoryMb: number;
  rate: number;
  round: number;
  durationS: number;
  requests: number;
  errors: number;
  /** Requests due in the measured window and, of them, the failed ones (absent in older runs). */
  measuredRequests?: number;
  measuredErrors?: number;
  /** Client latencies from the intended send time (ms), measured window only, answered requests only. */
  latencyMs: number[];
  /** Client latencies from the actual send time (ms). */
  uncorrectedMs: number[];
  /** REPORT Duration / Billed Duration / Max Memory Used / CPU time of the phase's invocations. */
  serverDurationMs: number[];
  billedDurationMs: number[];
  maxMemoryUsedMb: number[];
  cpuTimeMs: number[];
  /** Whole phase, from zero instances. */
  coldStarts: number;
  invocations: number;
  peakInstances: number;
}

/** One closed-model step (closed-model.ts) of one runtime, memory size and round. */
export interface ThroughputSample extends ClosedModelResult {
  runtime: string;
  memoryMb: number;
  round: number;
}

export interface RawRun {
  coldStarts: ColdStartSample[];
  warm: WarmSample[];
  throughput: ThroughputSample[];
  /** Floors use the same shapes with runtime = the floor's name. */
  floorColdStarts: ColdStartSample[];
  floorWarm: WarmSample[];
}

export const emptyRaw = (): RawRun => ({ coldStarts: [], warm: [], throughput: [], floorColdStarts: [], floorWarm: [] });
