/**
 * The floors: hello-world functions (bench/floors/<name>) measured beside the runtimes. Each
 * runtime's manifest names its floor (`bench.floor`, like TechEmpower's `versus`): a floor is
 * never guessed from the Lambda runtime id, since Go and, say, Rust both run on provided.al2023.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildIfStale } from '../../core/src/build';
import { discoverRuntimes, type Runtime } from '../../core/src/runtimes';

export const FLOORS_DIR = path.join(__dirname, '..', 'floors');

/** The floor a runtime's manifest names, if that floor is among the usable ones. */
export function floorFor(rt: Pick<Runtime, 'bench'>, floors: Pick<Runtime, 'name'>[]): string | undefined {
  const named = rt.bench?.floor;
  return named && floors.some((f) => f.name === named) ? named : undefined;
}

/** Manifests naming a floor that bench/floors/ does not hold: a typo must not silently drop the floor. */
export function unknownFloors(runtimes: Pick<Runtime, 'name' | 'bench'>[], floors: Pick<Runtime, 'name'>[]): string[] {
  return runtimes.filter((r) => r.bench && !floors.some((f) => f.name === r.bench!.floor)).map((r) => `${r.name} names floor "${r.bench!.floor}", which bench/floors/ does not hold`);
}

/** Every floor, built (one that fails to build is skipped, and said so); a manifest naming a missing floor throws. */
export function usableFloors(runtimes: Runtime[], enabled: boolean, log: (s: string) => void, floorsDir = FLOORS_DIR): Runtime[] {
  if (!enabled || !fs.existsSync(floorsDir)) return [];
  const all = discoverRuntimes(floorsDir);
  const unknown = unknownFloors(runtimes, all);
  if (unknown.length) throw new Error(unknown.join('; '));
  return all.filter((f) => {
    try {
      buildIfStale(f, log);
      return true;
    } catch (err) {
      log(`floor ${f.name} skipped: ${(err as Error).message.split('\n')[0]}`);
      return false;
    }
  });
}
