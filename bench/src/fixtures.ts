/**
 * The "one runtime slowed on purpose" acceptance fixture: the runtime's own manifest, its
 * command run behind bench/fixtures/slowed/wrap.mjs, which holds every invocation's response
 * for `ms` milliseconds. Used by `npm run bench -- --slowed <runtime> [--slowed-ms 5]`.
 */
import * as path from 'node:path';
import type { Runtime } from '../../core/src/runtimes';

export const SLOWED_WRAPPER = path.join(__dirname, '..', 'fixtures', 'slowed', 'wrap.mjs');

export function slowedRuntime(rt: Runtime, ms: number): Runtime {
  return {
    ...rt,
    framework: `${rt.framework} — FIXTURE: slowed by ${ms} ms per request`,
    local: { ...rt.local, command: [process.execPath, SLOWED_WRAPPER, ...rt.local.command], env: { ...rt.local.env, SLOWED_DELAY_MS: String(ms) } },
  };
}

/** The selected runtimes with the fixture applied to the one named, if any. */
export function withFixture(runtimes: Runtime[], slowed: { runtime: string; ms: number } | null): Runtime[] {
  if (!slowed) return runtimes;
  if (!runtimes.some((r) => r.name === slowed.runtime)) throw new Error(`--slowed ${slowed.runtime}: no such runtime (known: ${runtimes.map((r) => r.name).join(', ')})`);
  return runtimes.map((r) => (r.name === slowed.runtime ? slowedRuntime(r, slowed.ms) : r));
}
