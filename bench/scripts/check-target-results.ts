/**
 * `npx tsx bench/scripts/check-target-results.ts results/<target run> [results/<local run>]`:
 * exits 0 when the --target run's results.json is complete, has cold starts and REPORT figures
 * for every runtime, matches the schema and, given a local run, reports every figure it does
 * (bench/src/check-results.ts). CI runs it after the local --target smoke.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkTargetResults } from '../src/check-results';
import type { BenchResults } from '../src/results';

const read = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')) as BenchResults;

const [target, local] = process.argv.slice(2);
if (!target) {
  console.error('usage: npx tsx bench/scripts/check-target-results.ts results/<target run> [results/<local run>]');
  process.exit(2);
}
const problems = checkTargetResults(read(target), local ? read(local) : undefined);
if (problems.length) {
  console.error(`${target}/results.json:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`${target}/results.json: complete, schema-valid, cold starts and REPORT figures for every runtime${local ? `, every figure of ${local} present` : ''}`);
