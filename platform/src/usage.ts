/**
 * What an instance used, read from the kernel: peak memory of its process tree and CPU time.
 * These are file reads (cgroup files, /proc): the platform does them after the client has its
 * answer, never on the response path.
 */
import * as fs from 'node:fs';
import type { InstanceCgroup } from './cgroups';

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
export function peakMemoryBytes(cgroup: InstanceCgroup | undefined, mainPid: number | undefined): number | undefined {
  const pids = cgroup ? cgroup.pids() : mainPid ? [mainPid] : [];
  const values = [cgroup?.peakMemoryBytes(), peakRssBytes(pids)].filter((v): v is number => v !== undefined);
  return values.length ? Math.max(...values) : undefined;
}
