/** What the run ran on: CPU, cores, limits, tool versions, git commit. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../../core/src/paths';
import { localRuntimeVersion } from '../../core/src/runtime-version';
import type { Runtime } from '../../core/src/runtimes';
import type { Environment, PlatformModelRecord } from './results';


function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: REPO_ROOT, timeout: 10_000 });
  // First line, without terminal colour codes (Maven prints them even when piped).
  // eslint-disable-next-line no-control-regex
  return r.status === 0 ? `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '').trim().split('\n')[0]!.trim() : 'not found';
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
  const installed = (name: string) => {
    try {
      return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return deps[name] ?? 'not installed';
    }
  };
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
      go: run('go', ['version']),
      mvn: run('mvn', ['-v']),
      ...(local ? runtimeVersions(local.runtimes) : {}),
    },
    dependencies: Object.fromEntries(['autocannon', 'hdr-histogram-js', 'dynalite', 'aws-lambda-ric', 'express', 'serverless-http', 'openapi-backend', '@aws-sdk/client-dynamodb', 'typescript'].map((n) => [n, installed(n)])),
    loadGenerator,
  };
}
