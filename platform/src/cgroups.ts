/**
 * Lambda's resource model through Linux cgroups: every instance gets its own group with a
 * hard memory cap of M MiB and a CPU quota of M/1769 of one core per CPU period (1769 MB =
 * 1 vCPU). The quota may start lifted (burst init) and be applied when the instance's init is
 * over; the freezer stops an idle instance between invocations. cgroup v1 (one hierarchy per
 * controller) and v2 (unified) are both supported; groups are nested under the platform's own
 * cgroup so whoever runs the platform still accounts for its instances. Where nothing is
 * writable the platform runs unconstrained and says so.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MB_PER_VCPU = 1769;
/** The kernel's smallest CFS quota (µs): a shorter one is refused. */
export const MIN_QUOTA_US = 1000;

export interface CpuStat {
  /** CFS periods that had runnable tasks. */
  periods: number;
  /** Periods in which the group ran out of quota and was throttled. */
  throttled: number;
  /** Total time the group spent throttled (ns). */
  throttledNs: number;
}

export interface InstanceCgroup {
  /** The cgroup.procs files the instance's first process writes its pid into before exec. */
  procsFiles: string[];
  /** Peak memory of the whole group (bytes), as the kernel counts it. */
  peakMemoryBytes(): number | undefined;
  /** Processes the kernel's OOM killer ended in this group (undefined when the kernel does not count them). */
  oomKills(): number | undefined;
  /** CPU time used by the group so far (nanoseconds). */
  cpuUsageNs(): number | undefined;
  /** The CFS bandwidth counters of the group. */
  cpuStat(): CpuStat | undefined;
  /** The quota now in force (µs per period), undefined when lifted. */
  cpuQuotaUs(): number | undefined;
  /** Applies the memory-proportional quota (burst init ends at the first invocation/next). */
  applyCpuQuota(): void;
  /** Whether freeze() stops the group (a writable freezer). */
  readonly canFreeze: boolean;
  freeze(): void;
  thaw(): void;
  /** FROZEN, FREEZING or THAWED (v1 names; v2 is mapped onto them), undefined without a freezer. */
  freezerState(): string | undefined;
  /** Pids currently in the group (the instance's whole process tree). */
  pids(): number[];
  remove(): void;
}

export interface CpuModel {
  /** CFS period (µs): the window over which the quota is enforced. */
  periodUs: number;
  /** burst: no quota until applyCpuQuota(); throttled: the quota from exec on. */
  initCpu: 'burst' | 'throttled';
}

export interface Cgroups {
  version: 'v1' | 'v2' | 'none';
  /** Why limits are not enforced, when they are not. */
  reason?: string;
  /** Whether idle instances can be frozen, and why not when they cannot. */
  freezer: { available: boolean; reason?: string };
  create(name: string, memoryMb: number, cpu: CpuModel): InstanceCgroup | undefined;
  /** Removes the platform's parent groups (after every instance is gone). */
  cleanup(): void;
}

export interface DetectOptions {
  /** false forces unconstrained mode. */
  enabled?: boolean;
  /** false leaves idle instances running (not frozen). */
  freeze?: boolean;
  /** Where the hierarchies are mounted (tests point it elsewhere). */
  root?: string;
}

/** The quota (µs per period) for a memory size: M/1769 of a core. */
export function quotaUs(memoryMb: number, periodUs: number): number {
  return Math.round((memoryMb / MB_PER_VCPU) * periodUs);
}

function readNumber(file: string): number | undefined {
  try {
    const n = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

function readPids(file: string): number[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function parseStat(text: string | undefined, names: { periods: string; throttled: string; throttledTime: string }, timeScale: number): CpuStat | undefined {
  if (text === undefined) return undefined;
  const value = (key: string) => Number(new RegExp(`^${key} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  const stat = { periods: value(names.periods), throttled: value(names.throttled), throttledNs: value(names.throttledTime) * timeScale };
  return Object.values(stat).every(Number.isFinite) ? stat : undefined;
}

/** The number on a `key N` line of a flat-keyed file (memory.events, memory.oom_control). */
function readKeyed(file: string, key: string): number | undefined {
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(readText(file) ?? '');
  return m ? Number(m[1]) : undefined;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** rmdir works only on an empty group; a just-killed process may linger a moment. */
function removeDir(dir: string): void {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      if (fs.existsSync(dir)) fs.rmdirSync(dir);
      return;
    } catch {
      const until = Date.now() + 10;
      while (Date.now() < until) {
        /* short busy wait: cleanup runs at stop, once per instance */
      }
    }
  }
}

/** The platform's own group in a v1 controller hierarchy, from /proc/self/cgroup. */
function ownV1Group(controller: string): string {
  const line = fs
    .readFileSync('/proc/self/cgroup', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[1]?.split(',').includes(controller));
  return line?.split(':')[2] ?? '/';
}

/** The v1 freezer hierarchy: optional, so a machine without it still gets memory and CPU limits. */
function v1Freezer(root: string, tag: string, wanted: boolean): { parent?: string; reason?: string } {
  if (!wanted) return { reason: 'disabled by option' };
  const mount = path.join(root, 'freezer');
  if (!fs.existsSync(path.join(mount, 'cgroup.procs'))) return { reason: `no cgroup v1 freezer hierarchy at ${mount}` };
  const own = path.join(mount, ownV1Group('freezer'));
  removeStale(own, (dir) => fs.writeFileSync(path.join(dir, 'freezer.state'), 'THAWED'));
  const parent = path.join(own, tag);
  try {
    fs.mkdirSync(parent, { recursive: true });
    if (!fs.existsSync(path.join(parent, 'freezer.state'))) throw new Error('no freezer.state');
    return { parent };
  } catch (err) {
    removeDir(parent);
    return { reason: `the cgroup v1 freezer at ${mount} is not writable (${(err as Error).message}); run as root` };
  }
}

function tryV1(root: string, tag: string, freezeWanted: boolean): Cgroups | undefined {
  const controllers = ['memory', 'cpu', 'cpuacct'] as const;
  const parents: Record<string, string> = {};
  try {
    for (const c of controllers) {
      const mount = path.join(root, c);
      if (!fs.existsSync(path.join(mount, 'cgroup.procs'))) return undefined;
      removeStale(path.join(mount, ownV1Group(c)));
      const parent = path.join(mount, ownV1Group(c), tag);
      fs.mkdirSync(parent, { recursive: true });
      parents[c] = parent;
    }
    // Swap would let a capped instance grow past its cap instead of being OOM-killed.
    const probe = path.join(parents.memory!, 'probe');
    fs.mkdirSync(probe, { recursive: true });
    fs.writeFileSync(path.join(probe, 'memory.limit_in_bytes'), String(128 * 1024 * 1024));
    fs.rmdirSync(probe);
  } catch {
    for (const dir of Object.values(parents)) removeDir(dir);
    return undefined;
  }
  const freezer = v1Freezer(root, tag, freezeWanted);
  const hasMemsw = fs.existsSync(path.join(parents.memory!, 'memory.memsw.limit_in_bytes'));
  return {
    version: 'v1',
    freezer: freezer.parent ? { available: true } : { available: false, reason: freezer.reason },
    create(name, memoryMb, cpu) {
      const dirs = Object.fromEntries(controllers.map((c) => [c, path.join(parents[c]!, name)])) as Record<(typeof controllers)[number], string>;
      const freezerDir = freezer.parent ? path.join(freezer.parent, name) : undefined;
      for (const dir of [...Object.values(dirs), ...(freezerDir ? [freezerDir] : [])]) fs.mkdirSync(dir, { recursive: true });
      const bytes = String(memoryMb * 1024 * 1024);
      fs.writeFileSync(path.join(dirs.memory, 'memory.limit_in_bytes'), bytes);
      if (hasMemsw) fs.writeFileSync(path.join(dirs.memory, 'memory.memsw.limit_in_bytes'), bytes);
      const quota = quotaUs(memoryMb, cpu.periodUs);
      fs.writeFileSync(path.join(dirs.cpu, 'cpu.cfs_period_us'), String(cpu.periodUs));
      let applied = cpu.initCpu === 'throttled';
      fs.writeFileSync(path.join(dirs.cpu, 'cpu.cfs_quota_us'), applied ? String(quota) : '-1');
      const freezerFile = freezerDir && path.join(freezerDir, 'freezer.state');
      return {
        procsFiles: [...controllers.map((c) => path.join(dirs[c], 'cgroup.procs')), ...(freezerDir ? [path.join(freezerDir, 'cgroup.procs')] : [])],
        peakMemoryBytes: () => readNumber(path.join(dirs.memory, 'memory.max_usage_in_bytes')),
        // memory.oom_control's oom_kill line exists from Linux 4.13.
        oomKills: () => readKeyed(path.join(dirs.memory, 'memory.oom_control'), 'oom_kill'),
        cpuUsageNs: () => readNumber(path.join(dirs.cpuacct, 'cpuacct.usage')),
        cpuStat: () => parseStat(readText(path.join(dirs.cpu, 'cpu.stat')), { periods: 'nr_periods', throttled: 'nr_throttled', throttledTime: 'throttled_time' }, 1),
        cpuQuotaUs: () => {
          const q = readNumber(path.join(dirs.cpu, 'cpu.cfs_quota_us'));
          return q === undefined || q < 0 ? undefined : q;
        },
        applyCpuQuota: () => {
          if (applied) return;
          applied = true;
          fs.writeFileSync(path.join(dirs.cpu, 'cpu.cfs_quota_us'), String(quota));
        },
        canFreeze: freezerFile !== undefined,
        freeze: () => freezerFile && fs.writeFileSync(freezerFile, 'FROZEN'),
        thaw: () => freezerFile && fs.writeFileSync(freezerFile, 'THAWED'),
        freezerState: () => (freezerFile ? readText(freezerFile)?.trim() : undefined),
        pids: () => readPids(path.join(dirs.memory, 'cgroup.procs')),
        remove: () => [...Object.values(dirs), ...(freezerDir ? [freezerDir] : [])].forEach(removeDir),
      };
    },
    cleanup: () => [...Object.values(parents), ...(freezer.parent ? [freezer.parent] : [])].forEach(removeDir),
  };
}

function tryV2(root: string, tag: string, freezeWanted: boolean): Cgroups | undefined {
  if (!fs.existsSync(path.join(root, 'cgroup.controllers'))) return undefined;
  const own = fs.readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.startsWith('0::'))?.slice(3) ?? '/';
  const ownDir = path.join(root, own);
  const parent = path.join(ownDir, tag);
  removeStale(ownDir, (dir) => fs.writeFileSync(path.join(dir, 'cgroup.freeze'), '0'));
  try {
    fs.mkdirSync(parent, { recursive: true });
    const enable = (dir: string) => fs.writeFileSync(path.join(dir, 'cgroup.subtree_control'), '+memory +cpu');
    try {
      enable(ownDir);
    } catch {
      // v2 forbids controllers below a group that holds processes: move the platform into a leaf first.
      const leaf = path.join(ownDir, 'platform');
      fs.mkdirSync(leaf, { recursive: true });
      fs.writeFileSync(path.join(leaf, 'cgroup.procs'), String(process.pid));
      enable(ownDir);
    }
    enable(parent);
  } catch {
    removeDir(parent);
    return undefined;
  }
  // cgroup.freeze exists in every non-root v2 group since Linux 5.2.
  const freezeFileExists = fs.existsSync(path.join(parent, 'cgroup.freeze'));
  const freezer = !freezeWanted
    ? { available: false, reason: 'disabled by option' }
    : freezeFileExists
      ? { available: true }
      : { available: false, reason: 'this kernel has no cgroup v2 freezer (cgroup.freeze needs Linux 5.2)' };
  return {
    version: 'v2',
    freezer,
    create(name, memoryMb, cpu) {
      const dir = path.join(parent, name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'memory.max'), String(memoryMb * 1024 * 1024));
      if (fs.existsSync(path.join(dir, 'memory.swap.max'))) fs.writeFileSync(path.join(dir, 'memory.swap.max'), '0');
      const quota = quotaUs(memoryMb, cpu.periodUs);
      let applied = cpu.initCpu === 'throttled';
      fs.writeFileSync(path.join(dir, 'cpu.max'), `${applied ? quota : 'max'} ${cpu.periodUs}`);
      const freezeFile = freezer.available ? path.join(dir, 'cgroup.freeze') : undefined;
      return {
        procsFiles: [path.join(dir, 'cgroup.procs')],
        // memory.peak exists from Linux 5.19; older kernels give no peak (undefined).
        peakMemoryBytes: () => readNumber(path.join(dir, 'memory.peak')),
        oomKills: () => readKeyed(path.join(dir, 'memory.events'), 'oom_kill'),
        cpuUsageNs: () => {
          const m = /^usage_usec (\d+)$/m.exec(readText(path.join(dir, 'cpu.stat')) ?? '');
          return m ? Number(m[1]) * 1000 : undefined;
        },
        cpuStat: () => parseStat(readText(path.join(dir, 'cpu.stat')), { periods: 'nr_periods', throttled: 'nr_throttled', throttledTime: 'throttled_usec' }, 1000),
        cpuQuotaUs: () => {
          const q = readText(path.join(dir, 'cpu.max'))?.split(' ')[0];
          return q === undefined || q === 'max' ? undefined : Number(q);
        },
        applyCpuQuota: () => {
          if (applied) return;
          applied = true;
          fs.writeFileSync(path.join(dir, 'cpu.max'), `${quota} ${cpu.periodUs}`);
        },
        canFreeze: freezeFile !== undefined,
        freeze: () => freezeFile && fs.writeFileSync(freezeFile, '1'),
        thaw: () => freezeFile && fs.writeFileSync(freezeFile, '0'),
        freezerState: () => {
          if (!freezeFile) return undefined;
          const frozen = /^frozen (\d)$/m.exec(readText(path.join(dir, 'cgroup.events')) ?? '')?.[1];
          const wanted = readText(freezeFile)?.trim();
          return frozen === '1' ? 'FROZEN' : wanted === '1' ? 'FREEZING' : 'THAWED';
        },
        pids: () => readPids(path.join(dir, 'cgroup.procs')),
        remove: () => removeDir(dir),
      };
    },
    cleanup: () => removeDir(parent),
  };
}

let platformsInProcess = 0;

/**
 * Removes groups left by platforms whose process is gone (killed with no chance to clean up).
 * `release` first lets their instances run again: a frozen process cannot even die.
 */
function removeStale(parentDir: string, release?: (dir: string) => void): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(parentDir).filter((e) => e.startsWith('lambda-platform-'));
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(entry.split('-')[2]);
    try {
      process.kill(pid, 0);
      continue; // its platform still runs
    } catch {
      /* gone */
    }
    const dir = path.join(parentDir, entry);
    try {
      for (const child of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!child.isDirectory()) continue;
        try {
          release?.(path.join(dir, child.name));
        } catch {
          /* not frozen, or not ours */
        }
        fs.rmdirSync(path.join(dir, child.name));
      }
      fs.rmdirSync(dir);
    } catch {
      /* still has processes, or not ours to remove */
    }
  }
}

/** Detects a writable cgroup hierarchy (and freezer); `enabled: false` forces unconstrained mode. */
export function detectCgroups(options: DetectOptions = {}): Cgroups {
  const none = (reason: string): Cgroups => ({ version: 'none', reason, freezer: { available: false, reason: `no cgroups (${reason})` }, create: () => undefined, cleanup: () => undefined });
  if (options.enabled === false) return none('disabled by option');
  if (process.platform !== 'linux') return none(`cgroups need Linux (this is ${process.platform})`);
  const root = options.root ?? '/sys/fs/cgroup';
  const tag = `lambda-platform-${process.pid}-${++platformsInProcess}`;
  const freeze = options.freeze !== false;
  return tryV1(root, tag, freeze) ?? tryV2(root, tag, freeze) ?? none('no writable cgroup v1 (memory, cpu, cpuacct) or v2 (memory, cpu) hierarchy; run as root');
}
