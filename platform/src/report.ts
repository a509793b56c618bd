/**
 * Lambda's per-invocation accounting: one REPORT record per invocation, with the fields
 * and units AWS prints in its REPORT log line, plus what the bench needs beside them.
 */
import * as fs from 'node:fs';

/** The resource model an invocation ran under, copied into every REPORT record. */
export interface ResourceModelFields {
  /** Memory cap and CPU quota applied through cgroups. */
  limitsEnforced: boolean;
  /** burst: no CPU quota until the first invocation/next (as on AWS); throttled: the quota from exec on. */
  initCpu: 'burst' | 'throttled';
  /** CFS period over which the CPU quota is enforced (ms). */
  cpuPeriodMs: number;
  /** Whether the instance is frozen (cgroup freezer) while it waits for its next event. */
  freezeIdle: boolean;
}

export interface ReportRecord extends ResourceModelFields {
  requestId: string;
  runtime: string;
  instanceId: string;
  /** Wall-clock time the invocation ran: event handed to the runtime → its response/error (ms). */
  durationMs: number;
  /** Duration (plus Init Duration on a cold start) rounded up to the next 1 ms. */
  billedDurationMs: number;
  memorySizeMb: number;
  /** Peak memory of the instance's whole process tree so far (MiB, rounded up). */
  maxMemoryUsedMb: number | null;
  /** Cold starts only: the runtime's exec (its sandbox set up) → its first invocation/next (ms). */
  initDurationMs?: number;
  /** Cold starts only, when modelled: the part of Init Duration that is reading the package (ms, code-read.ts). */
  codeReadMs?: number;
  /** CPU time the instance used during this invocation (ms), where the cgroup counts it. */
  cpuTimeMs?: number;
  status: 'success' | 'error' | 'timeout' | 'crash';
  /** Lambda's error type for failures, e.g. Sandbox.Timedout, Runtime.ExitError. */
  errorType?: string;
  coldStart: boolean;
  /** Epoch ms at which the invocation ended. */
  timestamp: number;
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

/** The record as Lambda's REPORT log line. */
export function reportLine(r: ReportRecord): string {
  const parts = [
    `REPORT RequestId: ${r.requestId}`,
    `Duration: ${ms(r.durationMs)}`,
    `Billed Duration: ${r.billedDurationMs} ms`,
    `Memory Size: ${r.memorySizeMb} MB`,
    `Max Memory Used: ${r.maxMemoryUsedMb ?? '?'} MB`,
  ];
  if (r.initDurationMs !== undefined) parts.push(`Init Duration: ${ms(r.initDurationMs)}`);
  if (r.status !== 'success') parts.push(`Status: ${r.status}${r.errorType ? ` (${r.errorType})` : ''}`);
  return parts.join('\t');
}

/** Billed Duration as AWS computes it since the 2025 INIT billing change: init + invoke, 1 ms steps. */
export function billedDuration(durationMs: number, initDurationMs?: number): number {
  return Math.max(1, Math.ceil(durationMs + (initDurationMs ?? 0)));
}

/** Appends records to a JSONL file; writes are batched so the hot path never waits on disk. */
export class JsonlWriter {
  private buffer: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly file: string) {}

  write(record: ReportRecord): void {
    this.buffer.push(JSON.stringify(record));
    this.timer ??= setTimeout(() => this.flush(), 200);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    fs.appendFileSync(this.file, this.buffer.join('\n') + '\n');
    this.buffer = [];
  }
}
