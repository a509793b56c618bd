/**
 * Lambda's concurrency model for one function (runtime): warm instances are reused, one
 * invocation at a time each; a request that finds none idle starts a new instance (a cold
 * start) up to the concurrency limit, beyond which Lambda throttles; idle instances are
 * reclaimed after a while; dead ones are dropped and replaced on demand.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Cgroups, CpuModel } from './cgroups';
import { Instance, type Outcome } from './instance';
import type { ReportRecord, ResourceModelFields } from './report';
import { MAX_PAYLOAD_BYTES } from './runtime-api';
import type { TmpIsolation } from './sandbox';

export interface PoolOptions {
  runtime: string;
  memoryMb: number;
  concurrencyLimit: number;
  idleTimeoutMs: number;
  functionTimeoutMs: number;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  functionArn: string;
  cgroups: Cgroups;
  cpu: CpuModel;
  /** Freeze idle instances (where the freezer is available). */
  freezeIdle: boolean;
  /** The resource model, copied into every REPORT record. */
  model: ResourceModelFields;
  /** Where each instance's private /tmp is made, how it is isolated, and its size (MB). */
  tmp: { parentDir: string; isolation: TmpIsolation; sizeMb: number };
  /** Modelled time to read the function's package at init (ms, code-read.ts); 0 when not modelled. */
  codeReadMs: number;
  onReport: (report: ReportRecord) => void;
  onLog?: (instanceId: string, line: string, stream: 'stdout' | 'stderr') => void;
}

export type InvokeResult =
  | { outcome: Outcome; report: Promise<ReportRecord> }
  | { outcome: { kind: 'throttled' } }
  /** Lambda's Invoke API refused the event before any instance saw it (RequestEntityTooLargeException). */
  | { outcome: { kind: 'rejected'; errorType: string; reason: string } };

export class FunctionPool {
  private readonly live = new Set<Instance>();
  /** Idle instances, most recently used last: reuse the warmest. */
  private readonly idle: Instance[] = [];
  private readonly idleTimers = new Map<Instance, NodeJS.Timeout>();
  private sequence = 0;
  private stopped = false;
  /** Instances started so far (cold starts included), for tests and the bench. */
  started = 0;

  constructor(readonly options: PoolOptions) {}

  get size(): number {
    return this.live.size;
  }

  instances(): { id: string; state: Instance['state']; pid: number | undefined; invocations: number; initDurationMs: number | undefined; frozen: boolean }[] {
    return [...this.live].map((i) => ({ id: i.spec.id, state: i.state, pid: i.pid, invocations: i.invocations, initDurationMs: i.initDurationMs, frozen: i.isFrozen }));
  }

  /** What the kernel says of each live instance's group (freezer state, CPU quota and throttling): for tests and diagnostics, it reads cgroup files. */
  kernelView(): { id: string; freezerState: string | undefined; cpuQuotaUs: number | undefined; cpuStat: ReturnType<NonNullable<Instance['spec']['cgroup']>['cpuStat']> }[] {
    return [...this.live].map((i) => ({ id: i.spec.id, freezerState: i.spec.cgroup?.freezerState(), cpuQuotaUs: i.spec.cgroup?.cpuQuotaUs(), cpuStat: i.spec.cgroup?.cpuStat() }));
  }

  /** One synchronous invocation; `traceHeader` is the event's X-Amzn-Trace-Id, continued by the runtime. */
  async invoke(event: string, traceHeader?: string): Promise<InvokeResult> {
    if (this.stopped) return { outcome: { kind: 'throttled' } };
    const bytes = Buffer.byteLength(event);
    if (bytes > MAX_PAYLOAD_BYTES) {
      return { outcome: { kind: 'rejected', errorType: 'RequestEntityTooLargeException', reason: `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the Invoke operation (was ${bytes})` } };
    }
    let instance = this.idle.pop();
    if (instance) clearTimeout(this.idleTimers.get(instance));
    else if (this.live.size < this.options.concurrencyLimit) instance = await this.spawn(false);
    else return { outcome: { kind: 'throttled' } };
    const result = await instance.invoke(event, traceHeader);
    void result.report.then(this.options.onReport);
    this.release(instance);
    return result;
  }

  /** Starts n instances ahead of traffic (like provisioned concurrency) and waits for their init. */
  async warm(n: number): Promise<void> {
    const count = Math.min(n, this.options.concurrencyLimit - this.live.size);
    const started = await Promise.all(Array.from({ length: count }, () => this.spawn(true)));
    const ok = await Promise.all(started.map((i) => i.ready()));
    started.forEach((i, k) => ok[k] && this.release(i));
    if (ok.includes(false)) throw new Error(`${this.options.runtime}: an instance failed to initialize: ${started.find((i) => i.state === 'dead')?.exitReason}`);
  }

  /** Ends every idle instance, so the next request is a cold start. */
  forceColdStart(): void {
    for (const instance of this.idle.splice(0)) instance.kill('forced cold start');
  }

  /** Waits for running invocations, then ends every instance. */
  async drain(): Promise<void> {
    while ([...this.live].some((i) => i.state === 'busy' || i.state === 'starting')) {
      this.forceColdStart();
      await new Promise((r) => setTimeout(r, 20));
    }
    this.forceColdStart();
    await this.settled();
  }

  /** Kills every instance now, synchronously (thawed first): for a process that exits without stop(). */
  killAll(reason: string): void {
    this.stopped = true;
    for (const instance of this.live) instance.kill(reason);
  }

  async stop(): Promise<void> {
    this.killAll('platform stopped');
    this.idle.length = 0;
    await this.settled();
  }

  private pendingCleanups = new Set<Promise<void>>();

  private async settled(): Promise<void> {
    while (this.pendingCleanups.size) await Promise.all([...this.pendingCleanups]);
  }

  private async spawn(provisioned: boolean): Promise<Instance> {
    const o = this.options;
    const id = `${o.runtime}-${++this.sequence}`;
    const instance = new Instance({
      runtime: o.runtime,
      id,
      argv: o.argv,
      cwd: o.cwd,
      env: { ...o.env, AWS_LAMBDA_LOG_STREAM_NAME: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${id}`, AWS_LAMBDA_INITIALIZATION_TYPE: provisioned ? 'provisioned-concurrency' : 'on-demand' },
      memoryMb: o.memoryMb,
      functionTimeoutMs: o.functionTimeoutMs,
      functionArn: o.functionArn,
      cgroup: o.cgroups.create(id, o.memoryMb, o.cpu),
      freezeIdle: o.freezeIdle,
      model: o.model,
      tmp: { dir: fs.mkdtempSync(path.join(o.tmp.parentDir, `${id}-`)), isolation: o.tmp.isolation, sizeMb: o.tmp.sizeMb },
      onLog: o.onLog ? (line, stream) => o.onLog!(id, line, stream) : undefined,
      provisioned,
      codeReadMs: o.codeReadMs,
    });
    this.live.add(instance);
    this.started++;
    instance.onExit(() => {
      this.live.delete(instance);
      clearTimeout(this.idleTimers.get(instance));
      this.idleTimers.delete(instance);
      const at = this.idle.indexOf(instance);
      if (at >= 0) this.idle.splice(at, 1);
      const cleanup = instance.cleanup().finally(() => this.pendingCleanups.delete(cleanup));
      this.pendingCleanups.add(cleanup);
    });
    await instance.start();
    return instance;
  }

  private release(instance: Instance): void {
    if (instance.state !== 'idle' || this.stopped) return;
    this.idle.push(instance);
    this.idleTimers.set(
      instance,
      setTimeout(() => instance.kill('idle reclaim'), this.options.idleTimeoutMs).unref(),
    );
  }
}
