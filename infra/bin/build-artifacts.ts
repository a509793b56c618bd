/**
 * Builds every runtime artifact that is missing or stale, the way the local platform
 * does (platform/src/build.ts), so `cdk deploy` ships exactly what the platform ran.
 * Run from the repository root: `node --import tsx infra/bin/build-artifacts.ts`.
 */
import { buildIfStale } from '../../core/src/build';
import { discoverRuntimes } from '../../core/src/runtimes';

for (const runtime of discoverRuntimes()) {
  const built = buildIfStale(runtime, (line) => console.log(line));
  if (!built) console.log(`${runtime.name}: ${runtime.build.artifact} is up to date`);
}
