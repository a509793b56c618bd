/**
 * Writes a file so that it is either complete or absent: the text goes to a hidden temporary
 * file beside it, which is then renamed over the target (rename is atomic on one file system).
 * A run that dies mid-write leaves a `.name.partial-<pid>` file behind, never a truncated
 * results.json or index.json that looks complete.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.partial-${process.pid}`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
