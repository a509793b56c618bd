/**
 * How one instance's process is started: a small shell wrapper joins the instance's cgroups,
 * gives it a private /tmp (a per-instance directory bind-mounted over /tmp in its own mount
 * namespace, as each Lambda execution environment has its own /tmp), writes the time on fd 3 as
 * the runtime is about to start, then execs the runtime. The sandbox set-up before the signal is
 * not Init Duration: on AWS the execution environment exists before its INIT phase starts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Lambda's default ephemeral storage (/tmp), MB. */
export const DEFAULT_EPHEMERAL_STORAGE_MB = 512;

export interface TmpIsolation {
  /** mount-namespace: /tmp itself is private; TMPDIR: only programs that honour TMPDIR are kept apart. */
  mode: 'mount-namespace' | 'TMPDIR';
  /** Why /tmp itself could not be made private, when it could not. */
  reason?: string;
}

export const INIT_MARKER_FD = 3;

/**
 * The marker's wall-clock time as a performance.now() value, or undefined when it is not a
 * time (a `date` without %N): then the marker's arrival is the best estimate.
 */
export function markerTime(text: string): number | undefined {
  const ns = /^(\d{19})\s*$/.exec(text)?.[1];
  return ns ? Number(BigInt(ns) / 1000n) / 1000 - performance.timeOrigin : undefined;
}

/** Exit codes of the wrapper, before the runtime runs. */
export const WRAPPER_EXIT = { cgroup: 97, tmp: 96 } as const;

const WRAPPER = [
  'for f in $LAMBDA_PLATFORM_CGROUP_PROCS; do echo $$ > "$f" || exit 97; done',
  // Entries of /tmp the instance's own code lives in (a repository cloned under /tmp) are bound into
  // its private /tmp first, so covering /tmp does not hide them; one entry per line.
  'if [ -n "$LAMBDA_PLATFORM_PRIVATE_TMP" ]; then',
  '  old_ifs=$IFS; IFS="$(printf \'\\nx\')"; IFS="${IFS%x}"',
  '  for d in $LAMBDA_PLATFORM_KEEP_TMP; do mkdir -p "$LAMBDA_PLATFORM_PRIVATE_TMP/$d" && mount --bind "/tmp/$d" "$LAMBDA_PLATFORM_PRIVATE_TMP/$d" || exit 96; done',
  '  IFS=$old_ifs',
  '  mount --rbind "$LAMBDA_PLATFORM_PRIVATE_TMP" /tmp || exit 96',
  'fi',
  'unset LAMBDA_PLATFORM_CGROUP_PROCS LAMBDA_PLATFORM_PRIVATE_TMP LAMBDA_PLATFORM_KEEP_TMP old_ifs',
  // The wall clock (ns) just before exec: Init Duration starts here, however late the platform reads it.
  `printf '%s\n' "$(date +%s%N)" >&${INIT_MARKER_FD}; exec ${INIT_MARKER_FD}>&-`,
  'exec "$@"',
].join('\n');

/** Whether a private mount namespace (and a bind mount in it) can be made here: Linux, root, util-linux unshare. */
export function detectTmpIsolation(): TmpIsolation {
  if (process.platform !== 'linux') return { mode: 'TMPDIR', reason: `mount namespaces need Linux (this is ${process.platform})` };
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-platform-probe-'));
  try {
    const r = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', 'mount --bind "$1" "$1"', 'probe', probe], { encoding: 'utf8', timeout: 5000 });
    if (r.status === 0) return { mode: 'mount-namespace' };
    const why = r.error ? r.error.message : (r.stderr || `exit ${r.status}`).trim().split('\n')[0];
    return { mode: 'TMPDIR', reason: `cannot make a private mount namespace (${why}); run as root with util-linux unshare` };
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

export interface SandboxSpec {
  argv: string[];
  env: Record<string, string>;
  /** cgroup.procs files to join before exec (none when limits are not enforced). */
  procsFiles: string[];
  /** The instance's own directory, which becomes its /tmp. */
  tmpDir: string;
  isolation: TmpIsolation;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The first component under /tmp of an absolute path (`/tmp/ci-1/lambdas` → `ci-1`), if it lies there. */
function tmpEntryOf(p: string): string | undefined {
  if (!path.isAbsolute(p)) return undefined;
  const rel = path.relative('/tmp', path.normalize(p));
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep)[0];
}

/**
 * The entries of /tmp an instance needs visible through its private /tmp: those its working
 * directory, command line or environment (path lists included) point into: its code and runtime
 * when the repository lives under /tmp.
 */
export function tmpEntriesToKeep(s: Pick<SandboxSpec, 'argv' | 'env'> & { cwd?: string }): string[] {
  const candidates = [...(s.cwd ? [s.cwd] : []), ...s.argv, ...Object.values(s.env).flatMap((v) => v.split(':'))];
  const entries = new Set<string>();
  for (const c of candidates) {
    const e = tmpEntryOf(c);
    // Only entries that exist as directories: PATH names ancestors' node_modules/.bin that may not.
    if (e !== undefined && !e.includes('\n') && !entries.has(e) && isDirectory(path.join('/tmp', e))) entries.add(e);
  }
  return [...entries].sort();
}

/** The file, arguments and environment to spawn for one instance. */
export function sandboxCommand(s: SandboxSpec & { cwd?: string }): { file: string; args: string[]; env: Record<string, string> } {
  const env: Record<string, string> = { ...s.env };
  if (s.procsFiles.length) env.LAMBDA_PLATFORM_CGROUP_PROCS = s.procsFiles.join(' ');
  const shell = ['/bin/sh', '-c', WRAPPER, 'lambda-instance', ...s.argv];
  if (s.isolation.mode === 'mount-namespace') {
    env.LAMBDA_PLATFORM_PRIVATE_TMP = s.tmpDir;
    const keep = tmpEntriesToKeep(s);
    if (keep.length) env.LAMBDA_PLATFORM_KEEP_TMP = keep.join('\n');
    return { file: 'unshare', args: ['--mount', '--propagation', 'private', '--', ...shell], env };
  }
  // Without a mount namespace, TMPDIR is the best that can be done (Node, Python and Go honour it; the JVM does not).
  env.TMPDIR = s.tmpDir;
  return { file: shell[0]!, args: shell.slice(1), env };
}

/** Bytes under a directory (the instance's /tmp), for the ephemeral-storage check at its end. */
export function directoryBytes(dir: string): number {
  let total = 0;
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        try {
          total += fs.lstatSync(p).size;
        } catch {
          /* removed meanwhile */
        }
      }
    }
  };
  walk(dir);
  return total;
}
