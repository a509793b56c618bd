/**
 * One execution environment: a runtime process (started the way its runtime.json says, inside
 * its own cgroup and with its own /tmp before its init runs), its Runtime API server, and the
 * invocation it serves. It runs one invocation at a time and lives on between them, frozen
 * while it waits for the next event, as on AWS; a timeout, crash or OOM kill ends it, and the
 * pool replaces it on the next request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { InstanceCgroup } from './cgroups';
import { billedDuration, type ReportRecord, type ResourceModelFields } from './report';
import { RuntimeApiServer, type PendingInvocation } from './runtime-api';
import { directoryBytes, INIT_MARKER_FD, markerTime, sandboxCommand, WRAPPER_EXIT, type TmpIsolation } from './sandbox';
import { lambdaTraceHeader } from './trace';
import { peakMemoryBytes } from './usage';

/** Lambda gives an on-demand init 10 s before it retries init inside the invocation's own timeout. */
export const INIT_TIMEOUT_MS = 10_000;

export type Outcome =
  | { kind: 'response'; payload: Buffer }
  | { kind: 'error'; payload: Buffer; errorType: string }
  | { kind: 'timeout' }
  | { kind: 'crash'; errorType: string; reason: string };

/** An invocation's outcome at once; its REPORT once the kernel's counters have been read (after the answer). */
export interface InvocationResult {
  outcome: Outcome;
  report: Promise<ReportRecord>;
}

export interface InstanceSpec {
  runtime: string;
  id: string;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  memoryMb: number;
  functionTimeoutMs: number;
  functionArn: string;
  cgroup: InstanceCgroup | undefined;
  /** Freeze the instance while it waits for its next event (needs cgroup.canFreeze). */
  freezeIdle: boolean;
  /** The resource model, copied into every REPORT record. */
  model: ResourceModelFields;
  /** The instance's private /tmp. */
  tmp: { dir: string; isolation: TmpIsolation; sizeMb: number };
  onLog?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Pre-warmed instances (provisioned concurrency) report no Init Duration, as on AWS. */
  provisioned?: boolean;
  /** Modelled time to read the function's package (ms, code-read.ts): waited before the runtime starts, part of Init Duration. */
  codeReadMs?: number;
}

interface Current {
  invocation: PendingInvocation;
  deliveredAt?: number;
  cpuAtStart?: number;
  timer?: NodeJS.Timeout;
  resolve: (result: InvocationResult) => void;
}

const WRAPPER_FAILURES: Record<number, string> = {
  [WRAPPER_EXIT.cgroup]: 'could not join its cgroup',
  [WRAPPER_EXIT.tmp]: 'could not mount its private /tmp',
};

export class Instance {
  state: 'starting' | 'idle' | 'busy' | 'dead' = 'starting';
  initDurationMs: number | undefined;
  invocations = 0;
  exitReason: string | undefined;
  readonly spawnedAt = performance.now();
  /** When the runtime was exec'ed (the sandbox set up): Init Duration starts here. */
  private initStartedAt: number | undefined;
  private firstNextAt: number | undefined;
  private frozen = false;
  private readonly api: RuntimeApiServer;
  private child: ChildProcess | undefined;
  private current: Current | undefined;
  private initTimer: NodeJS.Timeout | undefined;
  private lastReport: Promise<unknown> = Promise.resolve();
  private readonly logTail: string[] = [];
  private readonly exitListeners: (() => void)[] = [];
  private readonly initListeners: ((ok: boolean) => void)[] = [];

  constructor(readonly spec: InstanceSpec) {
    this.api = new RuntimeApiServer({
      onNext: (hasWork) => this.onNext(hasWork),
      beforeDeliver: (inv) => this.beforeDeliver(inv),
      onResponse: (id, payload) => this.finish(id, { kind: 'response', payload }),
      onError: (id, payload, type) => this.finish(id, { kind: 'error', payload, errorType: type ?? errorTypeOf(payload) }),
      onInitError: (payload, type) => this.die(`init error: ${type ?? errorTypeOf(payload)}`, 'Runtime.InitError'),
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Whether the instance is frozen right now (idle, waiting in invocation/next). */
  get isFrozen(): boolean {
    return this.frozen;
  }

  /** Recent output of the instance, for diagnostics. */
  get recentLog(): string[] {
    return [...this.logTail];
  }

  onExit(listener: () => void): void {
    this.exitListeners.push(listener);
  }

  /** Resolves true once the runtime first asks for work, false if it dies first. */
  ready(): Promise<boolean> {
    if (this.state === 'dead') return Promise.resolve(false);
    if (this.initDurationMs !== undefined) return Promise.resolve(true);
    return new Promise((resolve) => this.initListeners.push(resolve));
  }

  async start(): Promise<void> {
    const runtimeApi = await this.api.listen();
    const { spec } = this;
    // The package's bytes arrive before the runtime can run them. Waiting here takes no CPU, as
    // reading over the network takes none; Init Duration counts exactly this much more (below).
    const codeReadMs = spec.codeReadMs ?? 0;
    if (codeReadMs > 0) await new Promise((r) => setTimeout(r, codeReadMs));
    if (this.state === 'dead') return;
    const cmd = sandboxCommand({
      argv: spec.argv,
      env: { ...spec.env, AWS_LAMBDA_RUNTIME_API: runtimeApi },
      procsFiles: spec.cgroup?.procsFiles ?? [],
      tmpDir: spec.tmp.dir,
      isolation: spec.tmp.isolation,
      cwd: spec.cwd,
    });
    // detached: its own process group, so the whole tree can be killed at once.
    const child = spawn(cmd.file, cmd.args, { cwd: spec.cwd, env: cmd.env, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    this.child = child;
    const marker = child.stdio[INIT_MARKER_FD];
    marker?.once('data', (chunk: Buffer) => {
      const arrived = performance.now();
      const written = markerTime(chunk.toString());
      this.initStartedAt ??= (written !== undefined && written <= arrived ? written : arrived) - (spec.codeReadMs ?? 0);
      // A busy event loop can read the first invocation/next before this marker: correct the figure.
      if (this.firstNextAt !== undefined) this.initDurationMs = this.firstNextAt - this.initStartedAt;
    });
    marker?.on('error', () => undefined);
    for (const stream of ['stdout', 'stderr'] as const) {
      let partial = '';
      child[stream]!.setEncoding('utf8').on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.log(line, stream);
      });
    }
    child.on('error', (err) => this.die(`spawn failed: ${err.message}`, 'Runtime.InvalidEntrypoint'));
    child.on('exit', (code, signal) => {
      // Out of memory only when the kernel's OOM killer says so: a SIGKILL from anything else is an exit error.
      const oom = signal === 'SIGKILL' && this.state !== 'dead' && (this.spec.cgroup?.oomKills() ?? 0) > 0;
      const beforeRuntime = this.initStartedAt === undefined && code !== null ? WRAPPER_FAILURES[code] : undefined;
      this.die(
        beforeRuntime ? `sandbox set-up failed: ${beforeRuntime}` : signal ? `exited on ${signal}${oom ? ' (out of memory: killed by the kernel)' : ''}` : `exited with code ${code}`,
        oom ? 'Runtime.OutOfMemory' : 'Runtime.ExitError',
      );
    });
    this.initTimer = setTimeout(() => this.die('init timed out', 'Sandbox.Timedout'), INIT_TIMEOUT_MS + spec.functionTimeoutMs);
  }

  /**
   * Runs one invocation; the instance must be idle or starting (a cold start's first request).
   * `traceHeader` is the event's X-Amzn-Trace-Id: the runtime gets the same trace Root.
   */
  invoke(event: string, traceHeader?: string): Promise<InvocationResult> {
    if (this.current) throw new Error(`instance ${this.spec.id} is already serving an invocation`);
    const dead = this.state === 'dead';
    if (!dead) this.state = 'busy';
    const invocation: PendingInvocation = {
      requestId: randomUUID(),
      event,
      // Set again when the runtime gets the event: the function's clock starts with its Invoke phase.
      deadlineMs: Date.now() + this.spec.functionTimeoutMs,
      functionArn: this.spec.functionArn,
      traceId: lambdaTraceHeader(traceHeader),
    };
    return new Promise((resolve) => {
      this.current = { invocation, resolve };
      if (dead) this.settle({ kind: 'crash', errorType: 'Runtime.ExitError', reason: this.exitReason ?? 'dead' }, 'Runtime.ExitError');
      else this.api.deliver(invocation);
    });
  }

  /** Kills the instance's whole process tree and closes its Runtime API. */
  kill(reason = 'stopped'): void {
    this.die(reason, 'Runtime.ExitError', true);
  }

  /** The event is about to reach the runtime: thaw it, start the function's clock and timeout. */
  private beforeDeliver(invocation: PendingInvocation): void {
    const current = this.current;
    if (!current || current.invocation.requestId !== invocation.requestId) return;
    this.thaw();
    current.deliveredAt = performance.now();
    // Lambda-Runtime-Deadline-Ms counts from here (after any init), as the enforced timeout does.
    invocation.deadlineMs = Date.now() + this.spec.functionTimeoutMs;
    current.cpuAtStart = this.spec.cgroup?.cpuUsageNs();
    current.timer = setTimeout(() => this.timeOut(invocation.requestId), this.spec.functionTimeoutMs);
  }

  private onNext(hasWork: boolean): void {
    if (this.initDurationMs === undefined) {
      this.firstNextAt = performance.now();
      this.initDurationMs = this.firstNextAt - (this.initStartedAt ?? this.spawnedAt);
      // Init ran with burst CPU; from its first invocation/next on, the instance gets its share.
      this.spec.cgroup?.applyCpuQuota();
      clearTimeout(this.initTimer);
      if (this.state === 'starting') this.state = 'idle';
      this.initListeners.splice(0).forEach((l) => l(true));
    }
    // Nothing to do: the runtime now waits for its next event, and AWS freezes it there.
    if (!hasWork && this.spec.freezeIdle && this.state !== 'dead' && this.spec.cgroup?.canFreeze) {
      this.spec.cgroup.freeze();
      this.frozen = true;
    }
  }

  private thaw(): void {
    if (!this.frozen) return;
    this.frozen = false;
    this.spec.cgroup?.thaw();
  }

  private timeOut(requestId: string): void {
    if (this.current?.invocation.requestId !== requestId) return;
    // Lambda ends a timed-out environment; the next request gets a fresh one.
    this.settle({ kind: 'timeout' }, 'Sandbox.Timedout');
    this.die('timed out', 'Sandbox.Timedout', true);
  }

  private finish(requestId: string, outcome: Outcome): boolean {
    if (this.current?.invocation.requestId !== requestId || this.current.deliveredAt === undefined) return false;
    this.settle(outcome, outcome.kind === 'error' ? outcome.errorType : undefined);
    if (this.state === 'busy') this.state = 'idle';
    return true;
  }

  /** Ends the current invocation: its outcome now, its REPORT after the kernel's counters are read. */
  private settle(outcome: Outcome, errorType: string | undefined): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    clearTimeout(current.timer);
    const durationMs = current.deliveredAt === undefined ? 0 : performance.now() - current.deliveredAt;
    const firstInvocation = this.invocations === 0;
    this.invocations++;
    const initDurationMs = firstInvocation && !this.spec.provisioned ? this.initDurationMs : undefined;
    const base = {
      requestId: current.invocation.requestId,
      runtime: this.spec.runtime,
      instanceId: this.spec.id,
      durationMs: Math.round(durationMs * 100) / 100,
      billedDurationMs: billedDuration(durationMs, initDurationMs),
      memorySizeMb: this.spec.memoryMb,
      ...(initDurationMs !== undefined ? { initDurationMs: Math.round(initDurationMs * 100) / 100 } : {}),
      ...(initDurationMs !== undefined && this.spec.codeReadMs ? { codeReadMs: Math.round(this.spec.codeReadMs * 100) / 100 } : {}),
      status: outcome.kind === 'response' ? ('success' as const) : outcome.kind,
      ...(errorType ? { errorType } : {}),
      coldStart: initDurationMs !== undefined,
      ...this.spec.model,
      timestamp: Date.now(),
    };
    // No /proc or cgroup reads on the response path: they run once the answer is on its way.
    const report = new Promise<ReportRecord>((resolve) =>
      setImmediate(() => {
        const peak = peakMemoryBytes(this.spec.cgroup, this.pid);
        const cpuEnd = this.spec.cgroup?.cpuUsageNs();
        const cpu = cpuEnd !== undefined && current.cpuAtStart !== undefined ? { cpuTimeMs: Math.round((cpuEnd - current.cpuAtStart) / 1e4) / 100 } : {};
        resolve({ ...base, maxMemoryUsedMb: peak === undefined ? null : Math.ceil(peak / (1024 * 1024)), ...cpu });
      }),
    );
    this.lastReport = report;
    current.resolve({ outcome, report });
  }

  private die(reason: string, errorType: string, byPlatform = false): void {
    if (this.state === 'dead') return;
    this.exitReason = reason;
    // A crash mid-invocation fails that invocation (Runtime.ExitError / OutOfMemory on AWS).
    this.settle({ kind: 'crash', errorType, reason }, errorType);
    this.state = 'dead';
    clearTimeout(this.initTimer);
    this.killTree();
    this.api.close();
    this.initListeners.splice(0).forEach((l) => l(false));
    if (!byPlatform) this.log(`[platform] instance ${this.spec.id} ended: ${reason}`, 'stderr');
    this.exitListeners.splice(0).forEach((l) => l());
  }

  private killTree(): void {
    const pid = this.child?.pid;
    if (pid) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    // Processes that left the process group are still in the cgroup.
    for (const p of this.spec.cgroup?.pids() ?? []) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    // A frozen process cannot act on SIGKILL: thaw it so it dies (and runs nothing more).
    this.thaw();
  }

  /** Waits until the process has exited and its REPORT is read, then removes its cgroup and /tmp. */
  async cleanup(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    await this.lastReport;
    for (let i = 0; i < 100 && (this.spec.cgroup?.pids().length ?? 0) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    this.spec.cgroup?.remove();
    this.releaseTmp();
  }

  /** Lambda's /tmp is 512 MB unless configured otherwise; the size is not enforced here, so say when it was exceeded. */
  private releaseTmp(): void {
    const { dir, sizeMb } = this.spec.tmp;
    const used = directoryBytes(dir);
    if (used > sizeMb * 1024 * 1024) {
      this.log(`[platform] instance ${this.spec.id} wrote ${Math.ceil(used / 1048576)} MB to /tmp: over its ${sizeMb} MB ephemeral storage, where AWS would have failed the writes (ENOSPC)`, 'stderr');
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }

  private log(line: string, stream: 'stdout' | 'stderr'): void {
    this.logTail.push(line);
    if (this.logTail.length > 30) this.logTail.shift();
    this.spec.onLog?.(line, stream);
  }
}

function errorTypeOf(payload: Buffer): string {
  try {
    const parsed = JSON.parse(payload.toString()) as { errorType?: unknown };
    return typeof parsed.errorType === 'string' ? parsed.errorType : 'Unhandled';
  } catch {
    return 'Unhandled';
  }
}
