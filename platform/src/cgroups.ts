/**
 * Lambda's resource model through Linux cgroups: every instance gets its own group with
 * a hard memory cap of M MiB and a CPU quota of M/1769 of one core (1769 MB = 1 vCPU).
 * cgroup v1 (one hierarchy per controller) and v2 (unified) are both supported; groups are
 * nested under the platform's own cgroup so whoever runs the platform still accounts for
 * its instances. Where nothing is writable the platform runs unconstrained and says so.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const MB_PER_VCPU = 1769;
const CPU_PERIOD_US = 100_000;

export interface InstanceCgroup {
  /** The cgroup.procs files the instance's first process writes its pid into before exec. */
  procsFiles: string[];
  /** Peak memory of the whole group (bytes), as the kernel counts it. */
  peakMemoryBytes(): number | undefined;
  /** CPU time used by the group so far (nanoseconds). */
  cpuUsageNs(): number | undefined;
  /** Pids currently in the group (the instance's whole process tree). */
  pids(): number[];
  remove(): void;
}

export interface Cgroups {
  version: 'v1' | 'v2' | 'none';
  /** Why limits are not enforced, when they are not. */
  reason?: string;
  create(name: string, memoryMb: number): InstanceCgroup | undefined;
  /** Removes the platform's parent groups (after every instance is gone). */
  cleanup(): void;
}

const CGROUP_ROOT = '/sys/fs/cgroup';

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

function tryV1(tag: string): Cgroups | undefined {
  const controllers = ['memory', 'cpu', 'cpuacct'] as const;
  const parents: Record<string, string> = {};
  try {
    for (const c of controllers) {
      const mount = path.join(CGROUP_ROOT, c);
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
    fs.writeFileSync(path.join(parents.cpu!, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
    fs.rmdirSync(probe);
  } catch {
    for (const dir of Object.values(parents)) removeDir(dir);
    return undefined;
  }
  const hasMemsw = fs.existsSync(path.join(parents.memory!, 'memory.memsw.limit_in_bytes'));
  return {
    version: 'v1',
    create(name, memoryMb) {
      const dirs = Object.fromEntries(controllers.map((c) => [c, path.join(parents[c]!, name)])) as Record<
        (typeof controllers)[number],
        string
      >;
      for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
      const bytes = String(memoryMb * 1024 * 1024);
      fs.writeFileSync(path.join(dirs.memory, 'memory.limit_in_bytes'), bytes);
      if (hasMemsw) fs.writeFileSync(path.join(dirs.memory, 'memory.memsw.limit_in_bytes'), bytes);
      fs.writeFileSync(path.join(dirs.cpu, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
      fs.writeFileSync(path.join(dirs.cpu, 'cpu.cfs_quota_us'), String(Math.round((memoryMb / MB_PER_VCPU) * CPU_PERIOD_US)));
      return {
        procsFiles: controllers.map((c) => path.join(dirs[c], 'cgroup.procs')),
        peakMemoryBytes: () => readNumber(path.join(dirs.memory, 'memory.max_usage_in_bytes')),
        cpuUsageNs: () => readNumber(path.join(dirs.cpuacct, 'cpuacct.usage')),
        pids: () => readPids(path.join(dirs.memory, 'cgroup.procs')),
        remove: () => Object.values(dirs).forEach(removeDir),
      };
    },
    cleanup: () => Object.values(parents).forEach(removeDir),
  };
}

function tryV2(tag: string): Cgroups | undefined {
  if (!fs.existsSync(path.join(CGROUP_ROOT, 'cgroup.controllers'))) return undefined;
  const own = fs.readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.startsWith('0::'))?.slice(3) ?? '/';
  const ownDir = path.join(CGROUP_ROOT, own);
  const parent = path.join(ownDir, tag);
  removeStale(ownDir);
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
  return {
    version: 'v2',
    create(name, memoryMb) {
      const dir = path.join(parent, name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'memory.max'), String(memoryMb * 1024 * 1024));
      if (fs.existsSync(path.join(dir, 'memory.swap.max'))) fs.writeFileSync(path.join(dir, 'memory.swap.max'), '0');
      fs.writeFileSync(path.join(dir, 'cpu.max'), `${Math.round((memoryMb / MB_PER_VCPU) * CPU_PERIOD_US)} ${CPU_PERIOD_US}`);
      return {
        procsFiles: [path.join(dir, 'cgroup.procs')],
        // memory.peak exists from Linux 5.19; older kernels give no peak (undefined).
        peakMemoryBytes: () => readNumber(path.join(dir, 'memory.peak')),
        cpuUsageNs: () => {
          try {
            const m = /usage_usec (\d+)/.exec(fs.readFileSync(path.join(dir, 'cpu.stat'), 'utf8'));
            return m ? Number(m[1]) * 1000 : undefined;
          } catch {
            return undefined;
          }
        },
        pids: () => readPids(path.join(dir, 'cgroup.procs')),
        remove: () => removeDir(dir),
      };
    },
    cleanup: () => removeDir(parent),
  };
}

let platformsInProcess = 0;

/** Removes empty groups left by platforms whose process is gone (killed with no chance to clean up). */
function removeStale(parentDir: string): void {
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
      for (const child of fs.readdirSync(dir, { withFileTypes: true })) if (child.isDirectory()) fs.rmdirSync(path.join(dir, child.name));
      fs.rmdirSync(dir);
    } catch {
      /* still has processes, or not ours to remove */
    }
  }
}

/** Detects a writable cgroup hierarchy; `enabled: false` forces unconstrained mode. */
export function detectCgroups(enabled = true): Cgroups {
  const none = (reason: string): Cgroups => ({ version: 'none', reason, create: () => undefined, cleanup: () => undefined });
  if (!enabled) return none('disabled by option');
  if (process.platform !== 'linux') return none(`cgroups need Linux (this is ${process.platform})`);
  const tag = `lambda-platform-${process.pid}-${++platformsInProcess}`;
  return tryV1(tag) ?? tryV2(tag) ?? none('no writable cgroup v1 (memory, cpu, cpuacct) or v2 (memory, cpu) hierarchy; run as root');
}
