/**
 * Memory over a soak: the resident set of each instance's process tree (from /proc: the same
 * pages Lambda's memory limit counts), and the platform's own JavaScript heap after a full GC.
 * The checks are pure functions of the samples, so they are tested without a platform.
 */
import * as fs from 'node:fs';

export interface Sample {
  atMs: number;
  bytes: number;
}

/** Resident bytes of a process and all its descendants; undefined when the process is gone. */
export function treeRssBytes(root: number): number | undefined {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* exited meanwhile */
    }
  }
  let total: number | undefined;
  const visit = (pid: number) => {
    const rss = vmRssBytes(pid);
    if (rss !== undefined) total = (total ?? 0) + rss;
    for (const c of children.get(pid) ?? []) visit(c);
  };
  visit(root);
  return total;
}

function vmRssBytes(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** The platform's heap after a full collection (the soak runs with --expose-gc), else as it is. */
export function heapUsedAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** When the growth window starts: minute 2, or halfway through runs shorter than 4 minutes. */
export function baselineAtMs(durationMs: number): number {
  return Math.min(120_000, durationMs / 2);
}

export interface Growth {
  /** The highest sample of the first window after the baseline time. */
  baseline: Sample;
  /** The highest sample of the last window. */
  end: Sample;
  /** (end − baseline) / baseline. */
  ratio: number;
}

/**
 * Growth of the peak from the window that starts at `fromMs` to the window that ends the run.
 * Peaks, not single samples: a garbage-collected runtime's RSS saw-tooths, and comparing one
 * sample at a trough with one at a crest would call noise a leak. Undefined without two windows.
 */
export function growth(samples: readonly Sample[], fromMs: number, windowMs: number): Growth | undefined {
  const last = samples.at(-1);
  if (!last || last.atMs - fromMs < windowMs) return undefined;
  const peak = (xs: readonly Sample[]) => xs.reduce<Sample | undefined>((m, s) => (!m || s.bytes > m.bytes ? s : m), undefined);
  const baseline = peak(samples.filter((s) => s.atMs >= fromMs && s.atMs < fromMs + windowMs));
  const end = peak(samples.filter((s) => s.atMs > last.atMs - windowMs));
  if (!baseline || !end) return undefined;
  return { baseline, end, ratio: (end.bytes - baseline.bytes) / baseline.bytes };
}

/** The length of the two windows: a third of what follows the baseline, at most a minute, two samples at least. */
export function windowMs(durationMs: number, sampleEveryMs: number): number {
  return Math.max(2 * sampleEveryMs, Math.min(60_000, (durationMs - baselineAtMs(durationMs)) / 3));
}
