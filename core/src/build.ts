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

function runStep(runtime: Runtime, what: string, argv: readonly string[]): void {
  const [cmd, ...args] = argv;
  const result = spawnSync(cmd!, args, { cwd: runtime.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${what} of ${runtime.name} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
  }
}

/**
 * Returns true when it built; throws with the output when a step fails. A stale runtime
 * first runs its idempotent setup (runtime.json test.setup: venvs, module downloads), so
 * that a fresh clone builds and starts without any other preparation.
 */
export function buildIfStale(runtime: Runtime, log: (line: string) => void = () => undefined): boolean {
  const reason = staleReason(runtime);
  if (!reason) return false;
  if (runtime.test?.setup) {
    log(`preparing ${runtime.name}: ${runtime.test.setup.join(' ')}`);
    runStep(runtime, 'setup', runtime.test.setup);
  }
  log(`building ${runtime.name} (${reason}): ${runtime.build.command.join(' ')}`);
  runStep(runtime, 'build', runtime.build.command);
  return true;
}
