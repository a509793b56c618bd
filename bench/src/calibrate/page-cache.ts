/**
 * Empties the machine's page cache for the calibration's cold-cache diagnostic: every file an
 * instance reads at init (its interpreter, its libraries, its own code) then comes from disk, as
 * in an execution environment whose files are not in memory yet. It affects the whole machine,
 * so it runs only when asked (`--drop-caches`) and only where the kernel lets this process.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DROP_CACHES = '/proc/sys/vm/drop_caches';

export type PageCacheDropper = { drop: () => void } | { skipped: string };

export function pageCacheDropper(file = DROP_CACHES): PageCacheDropper {
  if (process.platform !== 'linux') return { skipped: `emptying the page cache needs Linux (this is ${process.platform})` };
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch (e) {
    return { skipped: `${file} is not writable here (${(e as NodeJS.ErrnoException).code ?? 'error'}; it needs root)` };
  }
  return {
    drop: () => {
      // Dirty pages cannot be dropped: write them out first. 3 = page cache + dentries and inodes.
      execFileSync('sync');
      fs.writeFileSync(file, '3\n');
    },
  };
}

/** Every regular file under a directory. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * How many bytes of a directory's files are in the page cache (util-linux `fincore`); right after
 * the cache was emptied and a function started, what the function read of them (readahead
 * included). Undefined where `fincore` is missing.
 */
export function residentBytes(dir: string, fincore = 'fincore'): number | undefined {
  let files: string[];
  try {
    files = filesUnder(dir);
  } catch {
    return undefined;
  }
  let total = 0;
  for (let i = 0; i < files.length; i += 500) {
    try {
      const out = execFileSync(fincore, ['--bytes', '--noheadings', '--output', 'RES', ...files.slice(i, i + 500)], { encoding: 'utf8' });
      for (const line of out.split('\n')) if (line.trim()) total += Number(line.trim());
    } catch {
      return undefined;
    }
  }
  return total;
}
