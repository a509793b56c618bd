/**
 * Load guard: how busy the machine was before the run and during each phase, from /proc.
 * CPU time is split three ways: used by the bench's own process tree (the bench, its worker
 * thread, dynalite, every instance), used by everything else (other processes, and steal
 * time the hypervisor took), and idle. A run that started on a busy machine, or whose phases
 * shared the CPU with others, is marked noisy in results.json, the summary and the report.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

/** Share of the machine's CPU other processes may use before the run counts as noisy. */
export const NOISY_OTHER_SHARE = 0.1;
/** A phase during which others used more than this share is marked noisy on its own. */
export const NOISY_PHASE_SHARE = 0.2;

export interface CpuCounters {
  /** Clock ticks over all CPUs: total, idle (idle + iowait), and the bench's own tree. */
  total: number;
  idle: number;
  own: number;
}

/** /proc/<pid>/stat → [ppid, utime + stime + cutime + cstime]. */
function procStat(pid: string): [number, number] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: fields start after the last ')'.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // f[0] is field 3 (state): ppid is field 4, utime..cstime fields 14..17.
    return [Number(f[1]), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])];
  } catch {
    return undefined; // exited meanwhile
  }
}

/** CPU ticks of a process and all its live descendants (reaped ones are in its cutime/cstime). */
export function treeTicks(rootPid = process.pid): number {
  const stats = new Map<number, [number, number]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = procStat(name);
    if (s) stats.set(Number(name), s);
  }
  const children = new Map<number, number[]>();
  for (const [pid, [ppid]] of stats) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let ticks = 0;
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.pop()!;
    ticks += stats.get(pid)?.[1] ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return ticks;
}

/** Machine and own counters now; undefined where /proc is not there (not Linux). */
export function readCounters(rootPid = process.pid): CpuCounters | undefined {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu as [number, number, number, number, number, number, number, number];
    return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait, own: treeTicks(rootPid) };
  } catch {
    return undefined;
  }
}

/** CPU over an interval in cores (of os.cpus().length): the bench's, others', idle. */
export interface CpuShare {
  seconds: number;
  ownCores: number;
  otherCores: number;
  idleCores: number;
  /** Cores not taken by others: what the bench could have used. */
  availableCores: number;
  /** otherCores / cores. */
  otherShare: number;
}

export function cpuShare(before: CpuCounters, after: CpuCounters, seconds: number, cores = os.cpus().length): CpuShare {
  const total = Math.max(1, after.total - before.total);
  const idle = Math.max(0, after.idle - before.idle);
  const own = Math.max(0, after.own - before.own);
  const other = Math.max(0, total - idle - own);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { seconds: r(seconds), ownCores: r((own / total) * cores), otherCores: r((other / total) * cores), idleCores: r((idle / total) * cores), availableCores: r(cores - (other / total) * cores), otherShare: r(other / total) };
}

export interface LoadSnapshot extends CpuShare {
  at: string;
  loadAvg: [number, number, number];
  cores: number;
}

/** Samples the machine for `seconds` before anything starts: is someone else using it? */
export async function sampleMachine(seconds = 1.5): Promise<LoadSnapshot | undefined> {
  const before = readCounters();
  const t = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const after = readCounters();
  if (!before || !after) return undefined;
  const la = os.loadavg().map((x) => Math.round(x * 100) / 100) as [number, number, number];
  return { at: new Date().toISOString(), loadAvg: la, cores: os.cpus().length, ...cpuShare(before, after, (performance.now() - t) / 1000) };
}

export interface LoadRecord extends CpuShare {
  phase: string;
  runtime: string;
  memoryMb: number;
  round: number;
  loadAvg1Start: number;
  loadAvg1End: number;
  noisy: boolean;
}

/** Wraps each phase: counters and load average before and after. */
export class LoadGuard {
  readonly records: LoadRecord[] = [];

  async phase<T>(where: { phase: string; runtime: string; memoryMb: number; round: number }, fn: () => Promise<T>): Promise<T> {
    const before = readCounters();
    const la = os.loadavg()[0]!;
    const t = performance.now();
    const result = await fn();
    const after = readCounters();
    if (before && after) {
      const share = cpuShare(before, after, (performance.now() - t) / 1000);
      this.records.push({ ...where, loadAvg1Start: Math.round(la * 100) / 100, loadAvg1End: Math.round(os.loadavg()[0]! * 100) / 100, ...share, noisy: share.otherShare > NOISY_PHASE_SHARE });
    }
    return result;
  }
}

export interface LoadVerdict {
  noisy: boolean;
  reasons: string[];
  /** Time-weighted share of the CPU others used over all phases. */
  meanOtherShare: number | null;
  maxOtherShare: number | null;
  noisyPhases: number;
  phases: number;
  thresholds: { preRunOtherShare: number; meanOtherShare: number; phaseOtherShare: number };
}

/** Noisy when others used more than 10 % of the CPU before the run or over its phases. */
export function loadVerdict(preRun: LoadSnapshot | undefined, records: readonly LoadRecord[]): LoadVerdict {
  const reasons: string[] = [];
  if (!preRun) reasons.push('machine load could not be read (/proc missing): the run cannot be shown to be quiet');
  else if (preRun.otherShare > NOISY_OTHER_SHARE) reasons.push(`before the run other processes used ${(preRun.otherShare * 100).toFixed(0)} % of the CPU (${preRun.otherCores} of ${preRun.cores} cores; load average ${preRun.loadAvg.join(', ')})`);
  const seconds = records.reduce((s, r) => s + r.seconds, 0);
  const meanOtherShare = seconds > 0 ? Math.round((records.reduce((s, r) => s + r.otherShare * r.seconds, 0) / seconds) * 1000) / 1000 : null;
  const maxOtherShare = records.length ? Math.max(...records.map((r) => r.otherShare)) : null;
  const noisyPhases = records.filter((r) => r.noisy).length;
  if (meanOtherShare !== null && meanOtherShare > NOISY_OTHER_SHARE) reasons.push(`during the phases other processes used ${(meanOtherShare * 100).toFixed(0)} % of the CPU on average (${noisyPhases} of ${records.length} phases above ${NOISY_PHASE_SHARE * 100} %)`);
  return { noisy: reasons.length > 0, reasons, meanOtherShare, maxOtherShare, noisyPhases, phases: records.length, thresholds: { preRunOtherShare: NOISY_OTHER_SHARE, meanOtherShare: NOISY_OTHER_SHARE, phaseOtherShare: NOISY_PHASE_SHARE } };
}
