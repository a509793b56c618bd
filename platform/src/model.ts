/**
 * The resource model the platform runs under, and what of it this machine enforces. Every
 * result says which model it ran under (REPORT records, GET /health, the `npm start` banner,
 * the bench's results.json), so a figure is never read as Lambda-faithful when it is not.
 */
import { MB_PER_VCPU, MIN_QUOTA_US, quotaUs, type Cgroups } from './cgroups';
import type { ResourceModelFields } from './report';
import type { TmpIsolation } from './sandbox';
import { ACTIVE_TRACING_BY_DEFAULT } from '../../core/src/tracing';
import { describeCodeRead, validateCodeRead, type CodeRead } from './code-read';
import { DEFAULT_SAMPLING_RULE, TRACING_MODES, type Tracing } from './xray-sampling';

/** AWS's CPU throttling interval as observed (pwrdrvr/lambda-dispatch issue 246), not the kernel's 100 ms default. */
export const DEFAULT_CPU_PERIOD_MS = 20;
export const INIT_CPU_MODES = ['burst', 'throttled'] as const;
export type InitCpu = (typeof INIT_CPU_MODES)[number];

export interface ResourceModel extends ResourceModelFields {
  cgroupVersion: Cgroups['version'];
  limitsReason?: string;
  freezeReason?: string;
  /** X-Ray tracing on the stage: `active` samples as API Gateway's default rule does (xray-sampling.ts). */
  tracing: Tracing;
  /** Reading the function's package at init, as AWS charges it (code-read.ts). */
  codeRead: CodeRead;
  /** How each instance's /tmp is kept private; its size is never enforced (see docs/platform.md). */
  tmp: TmpIsolation & { sizeEnforced: false };
  /** What of the model this machine does not enforce, one sentence each (empty when all is). */
  notEnforced: string[];
}

export type ModelOptions = { initCpu: InitCpu; cpuPeriodMs: number; tracing: Tracing; codeRead: CodeRead };

/** Checks the options a caller may get wrong; throws with a message that says what to pass instead. */
export function validateModelOptions(o: { initCpu?: unknown; cpuPeriodMs?: unknown; tracing?: unknown; codeReadMbps?: unknown; hostFactor?: unknown }): ModelOptions {
  const initCpu = o.initCpu ?? 'burst';
  if (typeof initCpu !== 'string' || !(INIT_CPU_MODES as readonly string[]).includes(initCpu)) {
    throw new Error(`init CPU must be one of ${INIT_CPU_MODES.join(', ')}, got "${String(initCpu)}"`);
  }
  const cpuPeriodMs = o.cpuPeriodMs ?? DEFAULT_CPU_PERIOD_MS;
  if (typeof cpuPeriodMs !== 'number' || !Number.isInteger(cpuPeriodMs) || cpuPeriodMs < 1 || cpuPeriodMs > 1000) {
    throw new Error(`the CPU period must be a whole number of milliseconds from 1 to 1000, got "${String(cpuPeriodMs)}"`);
  }
  const tracing = o.tracing ?? (ACTIVE_TRACING_BY_DEFAULT ? 'active' : 'off');
  if (typeof tracing !== 'string' || !(TRACING_MODES as readonly string[]).includes(tracing)) {
    throw new Error(`tracing must be one of ${TRACING_MODES.join(', ')}, got "${String(tracing)}"`);
  }
  return { initCpu: initCpu as InitCpu, cpuPeriodMs, tracing: tracing as Tracing, codeRead: validateCodeRead(o) };
}

/** The kernel refuses a CFS quota under 1 ms: a short period leaves small memory sizes no valid quota. */
export function checkQuotaFits(cpuPeriodMs: number, memoryByRuntime: Record<string, number>): void {
  for (const [runtime, memoryMb] of Object.entries(memoryByRuntime)) {
    const q = quotaUs(memoryMb, cpuPeriodMs * 1000);
    if (q < MIN_QUOTA_US) {
      const least = Math.ceil((MIN_QUOTA_US * MB_PER_VCPU) / memoryMb / 1000);
      throw new Error(`a ${cpuPeriodMs} ms CPU period gives ${runtime} at ${memoryMb} MB a quota of ${q} µs, below the kernel's 1 ms minimum; use a period of at least ${least} ms`);
    }
  }
}

export function resourceModel(cgroups: Cgroups, options: ModelOptions, tmp: TmpIsolation): ResourceModel {
  const limitsEnforced = cgroups.version !== 'none';
  const freezeIdle = cgroups.freezer.available;
  const notEnforced = [
    ...(limitsEnforced ? [] : [`memory cap and CPU share (${cgroups.reason}): instances run unconstrained`]),
    ...(freezeIdle ? [] : [`freezing idle instances (${cgroups.freezer.reason}): idle instances keep running`]),
    ...(tmp.mode === 'mount-namespace' ? [] : [`a private /tmp (${tmp.reason}): only TMPDIR points at the instance's own directory`]),
  ];
  return {
    limitsEnforced,
    ...(cgroups.reason ? { limitsReason: cgroups.reason } : {}),
    cgroupVersion: cgroups.version,
    initCpu: options.initCpu,
    cpuPeriodMs: options.cpuPeriodMs,
    freezeIdle,
    ...(cgroups.freezer.reason ? { freezeReason: cgroups.freezer.reason } : {}),
    tracing: options.tracing,
    codeRead: options.codeRead,
    tmp: { ...tmp, sizeEnforced: false },
    notEnforced,
  };
}

/** One line for the banner and logs. */
export function describeModel(m: ResourceModel): string {
  if (!m.limitsEnforced) return `NOT enforced: ${m.limitsReason ?? 'unknown'}; instances run unconstrained; ${describeCodeRead(m.codeRead)}; ${describeTracing(m.tracing)}`;
  return [
    `memory cap + CPU share (cgroup ${m.cgroupVersion})`,
    `init CPU ${m.initCpu}`,
    `CPU period ${m.cpuPeriodMs} ms`,
    m.freezeIdle ? 'idle instances frozen' : `idle instances NOT frozen (${m.freezeReason ?? 'unknown'})`,
    m.tmp.mode === 'mount-namespace' ? 'private /tmp' : `/tmp NOT private (${m.tmp.reason ?? 'unknown'})`,
    describeCodeRead(m.codeRead),
    describeTracing(m.tracing),
  ].join(', ');
}

/** The tracing part of the model's one-line description. */
export function describeTracing(tracing: Tracing): string {
  const { reservoirPerSecond, fixedRate } = DEFAULT_SAMPLING_RULE;
  return tracing === 'active' ? `X-Ray sampled as API Gateway's default rule (${reservoirPerSecond}/s + ${fixedRate * 100} %)` : 'X-Ray tracing off (nothing sampled)';
}

/** The fields copied into every REPORT record. */
export function reportFields(m: ResourceModel): ResourceModelFields {
  return { limitsEnforced: m.limitsEnforced, initCpu: m.initCpu, cpuPeriodMs: m.cpuPeriodMs, freezeIdle: m.freezeIdle };
}
