/** What the run ran on: CPU, cores, limits, tool versions, git commit. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../core/src/paths';
import { localRuntimeVersion } from '../../core/src/runtime-version';
import { discoverRuntimes, type Runtime } from '../../core/src/runtimes';
import type { Environment, PlatformModelRecord } from './results';

function run(cmd: string, args: string[], cwd = REPO_ROOT): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd, timeout: 10_000 });
  // First line, without terminal colour codes (Maven prints them even when piped).
  // eslint-disable-next-line no-control-regex -- ESC is exactly the character to strip here
  return r.status === 0 ? `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n')[0]!.trim() : 'not found';
}

/** Each runtime's build tools, as its manifest names them (`toolchain`), run from its folder. */
export function toolchainVersions(runtimes: Pick<Runtime, 'dir' | 'toolchain'>[], exec = run): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of runtimes) {
    for (const t of r.toolchain ?? []) out[t.name] ??= exec(t.versionCommand[0]!, t.versionCommand.slice(1), r.dir);
  }
  return out;
}

/** Installed versions of the npm dependencies a runtime folder declares (an npm workspace), keyed "<runtime>/<package>". */
export function runtimeDependencies(runtimes: Pick<Runtime, 'name' | 'dir'>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of runtimes) {
    const file = path.join(r.dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> };
    for (const [name, declared] of Object.entries(pkg.dependencies ?? {})) out[`${r.name}/${name}`] = installedVersion(name, [r.dir, REPO_ROOT]) ?? declared;
  }
  return out;
}

/** The version in node_modules/<name>/package.json under the first of `roots` that has it. */
function installedVersion(name: string, roots: string[]): string | undefined {
  for (const root of roots) {
    const file = path.join(root, 'node_modules', name, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return undefined;
}

/** The interpreter each runtime ran on locally, keyed by its AWS runtime id (nodejs22.x: 22.23.5, ...). */
function runtimeVersions(runtimes: Runtime[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of runtimes) {
    const v = localRuntimeVersion(r);
    if ('version' in v) out[`${r.aws.runtime} (local ${path.basename(v.interpreter)})`] = v.version;
  }
  return out;
}

export function environment(
  limits: { enforced: boolean; reason?: string; cgroupVersion: string },
  target: string,
  loadGenerator: Environment['loadGenerator'],
  local?: { model: PlatformModelRecord; runtimes: Runtime[] },
): Environment {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  // The measuring tools are the root package's; a runtime's own dependencies come from its folder.
  const installed = (name: string) => installedVersion(name, [REPO_ROOT]) ?? deps[name] ?? 'not installed';
  // On a --target run the artifacts deployed were built here by the same toolchains.
  const built = local?.runtimes ?? discoverRuntimes();
  const status = spawnSync('git', ['status', '--porcelain'], { encoding: 'utf8', cwd: REPO_ROOT });
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    totalMemoryMb: Math.round(os.totalmem() / 1048576),
    os: `${os.type()} ${os.arch()}`,
    kernel: os.release(),
    limitsEnforced: limits.enforced,
    ...(limits.reason ? { limitsReason: limits.reason } : {}),
    cgroupVersion: limits.cgroupVersion,
    gitCommit: run('git', ['rev-parse', 'HEAD']),
    gitDirty: (status.stdout ?? '').trim().length > 0,
    target,
    ...(local ? { platformModel: local.model } : {}),
    versions: {
      node: process.version,
      ...toolchainVersions(built),
      ...(local ? runtimeVersions(local.runtimes) : {}),
    },
    dependencies: { ...Object.fromEntries(['autocannon', 'hdr-histogram-js', 'dynalite', 'aws-lambda-ric', 'typescript'].map((n) => [n, installed(n)])), ...runtimeDependencies(built) },
    loadGenerator,
  };
}
