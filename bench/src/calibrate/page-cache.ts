/**
 * Empties the machine's page cache for the calibration's cold-cache diagnostic: every file an
 * instance reads at init (its interpreter, its libraries, its own code) then comes from disk, as
 * in an execution environment whose files are not in memory yet. It affects the whole machine,
 * so it runs only when asked (`--drop-caches`) and only where the kernel lets this process.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

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
