/**
 * `npm run build`, `npm run test:runtimes` and `npm run lint:runtimes`: for every runtime
 * found by lambdas/*\/runtime.json (or `--runtime a,b`), run its idempotent setup (venvs,
 * module downloads), then build its artifact when stale, or run its linters (manifest `lint`)
 * and its own unit tests, or its linters only.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { buildIfStale } from '../core/src/build';
import { discoverRuntimes, selectRuntimes, type Runtime } from '../core/src/runtimes';

function run(runtime: Runtime, argv: readonly string[], what: string): boolean {
  console.log(`\n▶ ${runtime.name}: ${what}: ${argv.join(' ')}`);
  const [cmd, ...args] = argv;
  const result = spawnSync(cmd!, args, { cwd: runtime.dir, stdio: 'inherit' });
  if (result.status === 0) return true;
  console.error(`✖ ${runtime.name}: ${what} failed (${result.error?.message ?? `exit ${result.status}`})`);
  return false;
}

function setup(runtime: Runtime): boolean {
  return runtime.test?.setup ? run(runtime, runtime.test.setup, 'setup') : true;
}

function lint(runtime: Runtime): boolean {
  if (runtime.lint) return run(runtime, runtime.lint.command, 'lint');
  console.log(`• ${runtime.name}: no lint block in runtime.json`);
  return true;
}

const USAGE = 'usage: runtimes.ts build|test|lint [--runtime a,b]';
const MODES = ['build', 'test', 'lint'] as const;
type Mode = (typeof MODES)[number];

/** `build|test|lint [--runtime a,b]`; anything else is refused with the usage. */
export function parseRuntimesArgs(argv: string[]): { mode: Mode; runtime?: string } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { runtime: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USAGE}`, { cause: err });
  }
  const [mode, ...extra] = parsed.positionals;
  const known = MODES.find((m) => m === mode);
  if (!known || extra.length) throw new Error(USAGE);
  return { mode: known, runtime: parsed.values.runtime };
}

function main(): void {
  const { mode, runtime: names } = parseRuntimesArgs(process.argv.slice(2));
  const runtimes = selectRuntimes(discoverRuntimes(), names);
  const failed: string[] = [];
  for (const runtime of runtimes) {
    if (mode === 'build') {
      // buildIfStale runs the runtime's setup itself when it has to build.
      try {
        if (!buildIfStale(runtime, (line) => console.log(`▶ ${line}`))) console.log(`✓ ${runtime.name}: ${runtime.build.artifact} is up to date`);
      } catch (error) {
        console.error(`✖ ${(error as Error).message}`);
        failed.push(runtime.name);
      }
    } else {
      if (!setup(runtime) || !lint(runtime)) failed.push(runtime.name);
      else if (mode === 'lint') continue;
      else if (!runtime.test) console.log(`• ${runtime.name}: no unit tests of its own in runtime.json (covered by the root Jest suites)`);
      else if (!run(runtime, runtime.test.command, 'unit tests')) failed.push(runtime.name);
    }
  }
  if (failed.length) {
    console.error(`\n✖ ${mode} failed for: ${failed.join(', ')}`);
    process.exit(1);
  }
  console.log(`\n✓ ${mode}: ${runtimes.map((r) => r.name).join(', ')}`);
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(`✖ ${(err as Error).message}`);
    process.exit(2);
  }
}
