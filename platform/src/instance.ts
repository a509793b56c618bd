/**
 * One execution environment: a runtime process (started the way its runtime.json says, inside
 * its own cgroup before its init runs), its Runtime API server, and the invocation it serves.
 * It runs one invocation at a time and lives on between them; a timeout, crash or OOM kill
 * ends it, and the pool replaces it on the next request.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { InstanceCgroup } from './cgroups';
import { billedDuration, type ReportRecord } from './report';
import { RuntimeApiServer, type PendingInvocation } from './runtime-api';

/** Lambda gives an on-demand init 10 s before it retries init inside the invocation's own timeout. */
export const INIT_TIMEOUT_MS = 10_000;

export type Outcome =
  | { kind: 'response'; payload: Buffer }
  | { kind: 'error'; payload: Buffer; errorType: string }
  | { kind: 'timeout' }
  | { kind: 'crash'; errorType: string; reason: string };

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
  onLog?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Pre-warmed instances (provisioned concurrency) report no Init Duration, as on AWS. */
  provisioned?: boolean;
}

interface Current {
  invocation: PendingInvocation;
  deliveredAt?: number;
  cpuAtStart?: number;
  timer?: NodeJS.Timeout;
  resolve: (result: { outcome: Outcome; report: ReportRecord }) => void;
}

/** The instance's shell wrapper joins its cgroups, then execs the runtime: its whole tree is counted. */
const CGROUP_WRAPPER = 'for f in $LAMBDA_PLATFORM_CGROUP_PROCS; do echo $$ > "$f" || exit 97; done; unset LAMBDA_PLATFORM_CGROUP_PROCS; exec "$@"';

/** Sum of the processes' peak RSS (VmHWM): exact for one process, an upper bound for several. */
function peakRssBytes(pids: number[]): number | undefined {
  let total: number | undefined;
  for (const pid of pids) {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total = (total ?? 0) + Number(m[1]) * 1024;
    } catch {
      /* exited meanwhile */
    }
  }
  return total;
}

/**
 * Max Memory Used is the peak RSS of the process tree. The cgroup's peak misses file pages
 * (the runtime's own binary) charged to whoever read them first, and RSS misses a process
 * that died at its peak (an OOM kill): the larger of the two is the better estimate.
 */
function peakMemoryBytes(cgroup: InstanceCgroup | undefined, mainPid: number | undefined): number | undefined {
  const pids = cgroup ? cgroup.pids() : mainPid ? [mainPid] : [];
  const values = [cgroup?.peakMemoryBytes(), peakRssBytes(pids)].filter((v): v is number => v !== undefined);
  return values.length ? Math.max(...values) : undefined;
}

export class Instance {
  state: 'starting' | 'idle' | 'busy' | 'dead' = 'starting';
  initDurationMs: number | undefined;
  invocations = 0;
  exitReason: string | undefined;
  readonly spawnedAt = performance.now();
  private readonly api: RuntimeApiServer;
  private child: ChildProcess | undefined;
  private current: Current | undefined;
  private initTimer: NodeJS.Timeout | undefined;
  private readonly logTail: string[] = [];
  private readonly exitListeners: (() => void)[] = [];
  private readonly initListeners: ((ok: boolean) => void)[] = [];

  constructor(readonly spec: InstanceSpec) {
    this.api = new RuntimeApiServer({
      onNext: () => this.onNext(),
      onResponse: (id, payload) => this.finish(id, { kind: 'response', payload }),
      onError: (id, payload, type) => this.finish(id, { kind: 'error', payload, errorType: type ?? errorTypeOf(payload) }),
      onInitError: (payload, type) => this.die(`init error: ${type ?? errorTypeOf(payload)}`, 'Runtime.InitError'),
    });
    this.api.onDelivered = (inv) => this.markDelivered(inv.requestId);
  }

  get pid(): number | undefined {
    return this.child?.pid;
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
    const env: Record<string, string> = { ...spec.env, AWS_LAMBDA_RUNTIME_API: runtimeApi };
    const [file, args] = spec.cgroup
      ? ['/bin/sh', ['-c', CGROUP_WRAPPER, 'lambda-instance', ...spec.argv]]
      : [spec.argv[0]!, spec.argv.slice(1)];
    if (spec.cgroup) env.LAMBDA_PLATFORM_CGROUP_PROCS = spec.cgroup.procsFiles.join(' ');
    // detached: its own process group, so the whole tree can be killed at once.
    const child = spawn(file, args, { cwd: spec.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
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
      const oom = signal === 'SIGKILL' && this.state !== 'dead';
      this.die(
        signal ? `exited on ${signal}${oom ? ' (killed: out of memory or by the system)' : ''}` : `exited with code ${code}`,
        oom ? 'Runtime.OutOfMemory' : 'Runtime.ExitError',
      );
    });
    this.initTimer = setTimeout(() => this.die('init timed out', 'Sandbox.Timedout'), INIT_TIMEOUT_MS + spec.functionTimeoutMs);
  }

  /** Runs one invocation; the instance must be idle or starting (a cold start's first request). */
  invoke(event: string): Promise<{ outcome: Outcome; report: ReportRecord }> {
    if (this.current) throw new Error(`instance ${this.spec.id} is already serving an invocation`);
    const dead = this.state === 'dead';
    if (!dead) this.state = 'busy';
    const requestId = randomUUID();
    const epoch = Date.now();
    const invocation: PendingInvocation = {
      requestId,
      event,
      deadlineMs: epoch + this.spec.functionTimeoutMs,
      functionArn: this.spec.functionArn,
      traceId: `Root=1-${Math.floor(epoch / 1000).toString(16)}-${randomUUID().replaceAll('-', '').slice(0, 24)};Parent=${randomUUID().replaceAll('-', '').slice(0, 16)};Sampled=0`,
    };
    return new Promise((resolve) => {
      this.current = { invocation, resolve };
      if (dead) this.settle({ kind: 'crash', errorType: 'Runtime.ExitError', reason: this.exitReason ?? 'dead' }, 'Runtime.ExitError');
      else if (this.api.deliver(invocation)) this.markDelivered(requestId);
    });
  }

  /** Kills the instance's whole process tree and closes its Runtime API. */
  kill(reason = 'stopped'): void {
    this.die(reason, 'Runtime.ExitError', true);
  }

  private markDelivered(requestId: string): void {
    const current = this.current;
    if (!current || current.invocation.requestId !== requestId) return;
    current.deliveredAt = performance.now();
    // The deadline counts from the moment the runtime has the event (after any init).
    current.invocation.deadlineMs = Date.now() + this.spec.functionTimeoutMs;
    current.cpuAtStart = this.spec.cgroup?.cpuUsageNs();
    current.timer = setTimeout(() => this.timeOut(requestId), this.spec.functionTimeoutMs);
  }

  private onNext(): void {
    if (this.initDurationMs === undefined) {
      this.initDurationMs = performance.now() - this.spawnedAt;
      clearTimeout(this.initTimer);
      if (this.state === 'starting') this.state = 'idle';
      this.initListeners.splice(0).forEach((l) => l(true));
    }
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

  private settle(outcome: Outcome, errorType: string | undefined): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    clearTimeout(current.timer);
    const now = performance.now();
    const durationMs = current.deliveredAt === undefined ? 0 : now - current.deliveredAt;
    const firstInvocation = this.invocations === 0;
    this.invocations++;
    const initDurationMs = firstInvocation && !this.spec.provisioned ? this.initDurationMs : undefined;
    const peak = peakMemoryBytes(this.spec.cgroup, this.pid);
    const cpuEnd = this.spec.cgroup?.cpuUsageNs();
    const report: ReportRecord = {
      requestId: current.invocation.requestId,
      runtime: this.spec.runtime,
      instanceId: this.spec.id,
      durationMs: Math.round(durationMs * 100) / 100,
      billedDurationMs: billedDuration(durationMs, initDurationMs),
      memorySizeMb: this.spec.memoryMb,
      maxMemoryUsedMb: peak === undefined ? null : Math.ceil(peak / (1024 * 1024)),
      ...(initDurationMs !== undefined ? { initDurationMs: Math.round(initDurationMs * 100) / 100 } : {}),
      ...(cpuEnd !== undefined && current.cpuAtStart !== undefined ? { cpuTimeMs: Math.round((cpuEnd - current.cpuAtStart) / 1e4) / 100 } : {}),
      status: outcome.kind === 'response' ? 'success' : outcome.kind,
      ...(errorType ? { errorType } : {}),
      coldStart: initDurationMs !== undefined,
      limitsEnforced: this.spec.cgroup !== undefined,
      timestamp: Date.now(),
    };
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
  }

  /** Waits until the process has exited, then removes its cgroup. */
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
    for (let i = 0; i < 100 && (this.spec.cgroup?.pids().length ?? 0) > 0; i++) await new Promise((r) => setTimeout(r, 10));
    this.spec.cgroup?.remove();
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
