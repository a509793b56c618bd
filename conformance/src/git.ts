/**
 * Identifies the code a conformance run judged: the commit, and a hash of uncommitted changes
 * to what the runtimes are made of, so that a verdict is reused only for the same code.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

/** What decides a runtime's behaviour: changes elsewhere (docs, bench) leave a verdict valid. */
export const JUDGED_PATHS = ['lambdas', 'openapi', 'generated', 'core/src', 'platform/src', 'conformance/src'];

const git = (args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

export interface CodeIdentity {
  commit: string;
  /** Uncommitted changes under JUDGED_PATHS. */
  dirty: boolean;
  /** sha256 of those changes (diff against HEAD plus untracked files); '' when clean. */
  changesHash: string;
}

export function codeIdentity(): CodeIdentity {
  let commit = 'unknown';
  try {
    commit = git(['rev-parse', 'HEAD']).trim();
  } catch {
    return { commit, dirty: true, changesHash: 'no-git' };
  }
  const diff = git(['diff', 'HEAD', '--binary', '--', ...JUDGED_PATHS]);
  const untracked = git(['ls-files', '--others', '--exclude-standard', '--', ...JUDGED_PATHS]).split('\n').filter(Boolean).sort();
  if (!diff && untracked.length === 0) return { commit, dirty: false, changesHash: '' };
  const hash = createHash('sha256').update(diff);
  for (const f of untracked) {
    hash.update(`\0${f}\0`);
    try {
      hash.update(fs.readFileSync(path.join(REPO_ROOT, f)));
    } catch {
      // Vanished between listing and reading: its name still counts.
    }
  }
  return { commit, dirty: true, changesHash: hash.digest('hex') };
}
