/**
 * Builds a runtime's artifact when it is missing or older than any of its inputs
 * (runtime.json build.inputs), by running its build.command from the runtime folder.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { globSync } from 'tinyglobby';
import type { Runtime } from './runtimes';

export function staleReason(runtime: Runtime): string | undefined {
  if (!fs.existsSync(runtime.artifactPath)) return 'no artifact yet';
  if (!fs.existsSync(runtime.taskRootPath)) return 'no task root yet';
  const built = fs.statSync(runtime.artifactPath).mtimeMs;
  const files = globSync(runtime.build.inputs, { cwd: runtime.dir, absolute: true, dot: false });
  const newer = files.find((f) => fs.statSync(f).mtimeMs > built);
  return newer ? `${path.relative(runtime.dir, newer)} changed` : undefined;
}

/** Returns true when it built; throws with the build's output when the build fails. */
export function buildIfStale(runtime: Runtime, log: (line: string) => void = () => undefined): boolean {
  const reason = staleReason(runtime);
  if (!reason) return false;
  log(`building ${runtime.name} (${reason}): ${runtime.build.command.join(' ')}`);
  const [cmd, ...args] = runtime.build.command;
  const result = spawnSync(cmd!, args, { cwd: runtime.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`build of ${runtime.name} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
  }
  return true;
}
