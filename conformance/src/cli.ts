/**
 * `npm run conformance -- [--runtime a,b] [--base-url URL] [--quick]`: runs the conformance
 * suite and exits 0 only when every runtime passes. See conformance/README.md.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runConformance } from './run';
import { exitOnTerminationSignals } from '../../core/src/signals';

const USAGE = `Usage: npm run conformance -- [--runtime NAME[,NAME]] [--base-url http://127.0.0.1:3000] [--quick]
                             [--max-examples N] [--seed N] [--no-schemathesis] [--lambdas-dir DIR] [--results-dir DIR]
  --seed N   the adversarial corpus's seed (default: a fresh one, printed and recorded in summary.md)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runtime: { type: 'string' },
      'base-url': { type: 'string' },
      quick: { type: 'boolean', default: false },
      'max-examples': { type: 'string' },
      seed: { type: 'string' },
      'no-schemathesis': { type: 'boolean', default: false },
      'lambdas-dir': { type: 'string' },
      'results-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const maxExamples = values['max-examples'] === undefined ? undefined : Number(values['max-examples']);
  if (maxExamples !== undefined && (!Number.isInteger(maxExamples) || maxExamples < 1)) throw new Error(`--max-examples must be a positive integer\n${USAGE}`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32)) throw new Error(`--seed must be an integer from 0 to 4294967295\n${USAGE}`);
  const { summary, runDir } = await runConformance({
    runtimes: values.runtime?.split(',').map((s) => s.trim()).filter(Boolean),
    baseUrl: values['base-url'],
    quick: values.quick,
    maxExamples,
    seed,
    schemathesis: !values['no-schemathesis'],
    lambdasDir: values['lambdas-dir'] && path.resolve(values['lambdas-dir']),
    resultsDir: values['results-dir'] && path.resolve(values['results-dir']),
    log: (line) => console.log(`[conformance] ${line}`),
  });
  console.log('');
  for (const r of summary.runtimes) {
    const s = summary.results[r]!;
    console.log(`${s.passed ? 'PASS' : 'FAIL'} ${r}${s.reason ? `: ${s.reason}` : ''}`);
  }
  const passed = summary.runtimes.filter((r) => summary.results[r]!.passed).length;
  console.log(`\nconformance: ${passed} passed, ${summary.runtimes.length - passed} failed (${(summary.durationMs / 1000).toFixed(1)} s)`);
  console.log(`report: ${path.relative(process.cwd(), path.join(runDir, 'summary.md'))}`);
  return summary.passed ? 0 : 1;
}

exitOnTerminationSignals((line) => console.error(`\n[conformance] ${line}`));
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
