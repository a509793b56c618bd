/**
 * `npm run variants:check`: runs every manifest variant's `check` argv (lambdas/*\/runtime.json
 * `variants[].check`) from its runtime folder: what can be validated of a variant where its
 * toolchain is missing (CI has no GraalVM for lambdas/kotlin's native image, for example).
 * `--runtime a,b` narrows it; a variant without a check is listed, not failed.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { discoverRuntimes, selectRuntimes, type Runtime } from '../core/src/runtimes';

/** The checks to run, in runtime order: [runtime, variant name, argv]. */
export function variantChecks(runtimes: readonly Pick<Runtime, 'name' | 'variants'>[]): { runtime: string; variant: string; argv: string[] | undefined }[] {
  return runtimes.flatMap((r) => (r.variants ?? []).map((v) => ({ runtime: r.name, variant: v.name, argv: v.check })));
}

function main(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { runtime: { type: 'string' } }, strict: true });
  const runtimes = selectRuntimes(discoverRuntimes(), values.runtime);
  let failed = 0;
  for (const check of variantChecks(runtimes)) {
    if (!check.argv) {
      console.log(`• ${check.variant} (${check.runtime}): no check in runtime.json`);
      continue;
    }
    console.log(`\n▶ ${check.variant} (${check.runtime}): ${check.argv.join(' ')}`);
    const [cmd, ...args] = check.argv;
    const result = spawnSync(cmd!, args, { cwd: runtimes.find((r) => r.name === check.runtime)!.dir, stdio: 'inherit' });
    if (result.status !== 0) {
      failed++;
      console.error(`✖ ${check.variant}: check failed (${result.error?.message ?? `exit ${result.status}`})`);
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(`variants:check: ${(err as Error).message}`);
    process.exitCode = 2;
  }
}
