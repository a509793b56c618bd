/**
 * `npm run cost -- [results/<run>] [--requests 100000]`: what a month of traffic costs per
 * runtime, memory size and architecture, from a bench run's measured Billed Durations and
 * the bench's own cost model and price table (bench/src/cost.ts, bench/prices/). Default:
 * the newest run under results/ and the original description's dev traffic, about
 * 100,000 requests a month.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPriceTable, monthlyEstimate } from '../bench/src/cost';
import type { RuntimeResult } from '../bench/src/results';

const ROOT = path.resolve(__dirname, '..');

function newestRun(): string {
  const dir = path.join(ROOT, 'results');
  const runs = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((r) => fs.existsSync(path.join(dir, r, 'results.json')))
    : [];
  if (!runs.length) throw new Error('no bench run under results/: run `npm run bench -- --quick` first');
  return path.join(dir, runs.sort((a, b) => fs.statSync(path.join(dir, b)).mtimeMs - fs.statSync(path.join(dir, a)).mtimeMs)[0]!);
}

function main(): void {
  const args = process.argv.slice(2);
  const flag = args.indexOf('--requests');
  const requests = flag >= 0 ? Number(args[flag + 1]) : 100_000;
  const run = args.find((a, i) => !a.startsWith('--') && (flag < 0 || i !== flag + 1)) ?? newestRun();
  const results = JSON.parse(fs.readFileSync(path.join(run, 'results.json'), 'utf8')) as { runtimes: RuntimeResult[]; run: { id?: string } };
  const prices = loadPriceTable();
  const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;
  console.log(`Monthly cost at ${requests.toLocaleString('en')} requests (${prices.region}, prices as of ${prices.asOf}; run ${path.basename(run)})`);
  console.log('runtime     MB   arch    billed ms  per 1M req  month  month, Lambda free tier');
  for (const runtime of results.runtimes) {
    for (const size of runtime.memorySizes) {
      for (const cost of size.cost) {
        const month = monthlyEstimate(prices, cost, requests);
        console.log(
          `${runtime.name.padEnd(10)} ${String(size.memoryMb).padStart(4)}  ${cost.architecture.padEnd(7)} ${cost.meanBilledDurationMs.toFixed(1).padStart(9)}  ${usd(cost.totalUsd).padStart(10)}  ${usd(month.withoutFreeTierUsd).padStart(6)}  ${usd(month.withFreeTierUsd).padStart(8)}`,
        );
      }
    }
  }
  console.log(`Lambda requests + GB-seconds + API Gateway REST requests. Not included: ${prices.excluded ?? 'see bench/prices'}`);
}

main();
