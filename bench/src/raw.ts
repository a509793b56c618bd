/**
 * Raw samples as the runner collects them, kept in results/<run>/raw/samples.json so that
 * every figure in results.json can be recomputed and two runs compared sample by sample.
 */
import type { ClosedModelResult } from './closed-model';
import type { LoadRecord, LoadSnapshot } from './loadguard';

/**
 * What the request that met the fresh instance did: `probe` is GET /metrics (no table I/O, it
 * reports memory after init); `write` is POST /items and `read` is GET /items/{id} of that item,
 * each on its own fresh instance (real work: the table client's connection set-up included).
 * Older runs have no `request`: their samples are probes.
 */
export type ColdRequest = 'probe' | 'write' | 'read';

export interface ColdStartSample {
  runtime: string;
  memoryMb: number;
  round: number;
  request?: ColdRequest;
  ok: boolean;
  error?: string;
  initDurationMs?: number;
  /** Duration of the first invocation (REPORT). */
  firstInvocationMs?: number;
  /** Billed Duration of the cold invocation: init + first invocation (billed since 1 August 2025). */
  billedDurationMs?: number;
  clientMs?: number;
  maxMemoryUsedMb?: number;
  memoryAfterInitMb?: number;
}

/** The ramp: from the first request of the phase until every instance had finished its init. */
export interface RampRecord {
  /** Whether the phase started from zero instances. */
  fromZero: boolean;
  seconds: number;
  /** Instances started during the ramp. */
  coldStarts: number;
  /** False when the ramp hit its time cap with instances still starting. */
  reachedSteady: boolean;
}

/** Invocations and cold starts inside the measured (steady-state) window, and in its first half. */
export interface SteadyRecord {
  invocations: number;
  coldStarts: number;
  firstHalfInvocations: number;
  firstHalfColdStarts: number;
}

export interface WarmSample {
  runtime: string;
  memoryMb: number;
  rate: number;
  round: number;
  /** Length of the measured window (s). */
  durationS: number;
  requests: number;
  errors: number;
  /** Requests due in the measured window and, of them, the failed ones. */
  measuredRequests?: number;
  measuredErrors?: number;
  /** Client latencies from the intended send time (ms), measured window only, answered requests only. */
  latencyMs: number[];
  /** Client latencies from the actual send time (ms). */
  uncorrectedMs: number[];
  /**
   * For each latency: which invocation of its instance served it (1 = the instance's cold start),
   * 0 where the request could not be matched to a REPORT. Absent in older runs and on --target.
   */
  latencyInvocation?: number[];
  /** REPORT Duration of the measured window's warm invocations, and which invocation of its instance each was. */
  serverDurationMs: number[];
  serverInvocation?: number[];
  /** Billed Duration of the measured window's warm invocations. */
  billedDurationMs: number[];
  /** Billed Duration (init included) of the phase's cold invocations. */
  coldBilledDurationMs?: number[];
  maxMemoryUsedMb: number[];
  cpuTimeMs: number[];
  /** Whole phase. */
  coldStarts: number;
  invocations: number;
  peakInstances: number;
  ramp?: RampRecord;
  steady?: SteadyRecord;
}

/** One step of the per-instance capacity search: an open-model rate against one warm instance. */
export interface CapacityStep {
  rate: number;
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  passed: boolean;
}

export interface CapacitySample {
  runtime: string;
  memoryMb: number;
  round: number;
  /** The bound p99 latency had to stay under (ms). */
  p99BoundMs: number;
  /** Requests per second of one instance answering back to back (closed model, one connection). */
  serialRps: number;
  steps: CapacityStep[];
  /** Highest passing rate; null when none passed. */
  capacityRps: number | null;
  /** Whether a failing step above the capacity was seen; if not, the capacity is a lower bound. */
  bracketed?: boolean;
}

/** One closed-model step (closed-model.ts): machine-bound throughput, --full only. */
export interface ThroughputSample extends ClosedModelResult {
  runtime: string;
  memoryMb: number;
  round: number;
}

export interface RawRun {
  coldStarts: ColdStartSample[];
  warm: WarmSample[];
  capacity: CapacitySample[];
  throughput: ThroughputSample[];
  /** Floors use the same shapes with runtime = the floor's name. */
  floorColdStarts: ColdStartSample[];
  floorWarm: WarmSample[];
  /** Machine load before the run and around each phase (loadguard.ts). */
  preRun?: LoadSnapshot;
  load: LoadRecord[];
}

export const emptyRaw = (): RawRun => ({ coldStarts: [], warm: [], capacity: [], throughput: [], floorColdStarts: [], floorWarm: [], load: [] });

/** A raw file from an older run, with the arrays it lacks filled in. */
export function normalizeRaw(raw: Partial<RawRun>): RawRun {
  return { ...emptyRaw(), ...raw, capacity: raw.capacity ?? [], load: raw.load ?? [] };
}
