/**
 * `npm run cost -- [results/<run>] [--requests 100000]`: per 1M requests and per month, per
 * runtime, memory size and architecture, from a bench run's results.json — the bench's own
 * cost figures (bench/src/cost.ts: warm and cold Billed Duration, billed init at the measured
 * steady-state cold-start rate and at 0.1 % and 1 %, Lambda compute, Lambda requests, API
 * Gateway and DynamoDB apart) and its monthly estimate. docs/aws.md and
 * docs/bench-results.md quote this output for the same run. Default: the newest run under
 * results/ and the original description's dev traffic, about 100,000 requests a month.
 * `--actual` reads the bill instead (scripts/cost/actual.ts); `--help` prints both usages.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadPriceTable, monthlyEstimate } from '../bench/src/cost';
import { RESULTS_SCHEMA_VERSION, type BenchResults } from '../bench/src/results';
import { ACTUAL_USAGE } from './cost/actual';

const ROOT = path.resolve(__dirname, '..');

function newestRun(): string {
  const dir = path.join(ROOT, 'results');
  const runs = fs.existsSync(dir) ? fs.readdirSync(dir).filter((r) => fs.existsSync(path.join(dir, r, 'results.json'))) : [];
  if (!runs.length) throw new Error('no bench run under results/: run `npm run bench -- --quick` first');
  return path.join(dir, runs.sort((a, b) => fs.statSync(path.join(dir, b)).mtimeMs - fs.statSync(path.join(dir, a)).mtimeMs)[0]!);
}

export function costTable(results: BenchResults, requests: number): string[] {
  const prices = loadPriceTable();
  const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;
  const lines = [
    'runtime     MB    arch              warm ms  cold ms  cold-start rate  compute  of it init  requests  API GW   DynamoDB  per 1M   month    month, free tier',
  ];
  for (const runtime of results.runtimes) {
    for (const size of runtime.memorySizes) {
      for (const cost of size.cost) {
        for (const at of cost.atRates) {
          const month = monthlyEstimate(prices, cost, requests, at);
          lines.push(
            [
              runtime.name.padEnd(10),
              String(size.memoryMb).padStart(5),
              `${cost.architecture}${cost.estimate ? ' (est.)' : ''}`.padEnd(16),
              cost.meanWarmBilledMs.toFixed(1).padStart(8),
              (cost.meanColdBilledMs === null ? '–' : cost.meanColdBilledMs.toFixed(0)).padStart(8),
              `${at.label === 'measured steady state' ? `${(at.coldStartRate * 100).toFixed(3)} % measured` : at.label}`.padStart(16),
              usd(at.lambdaComputeUsd).padStart(8),
              usd(at.lambdaInitUsd).padStart(11),
              usd(at.lambdaRequestsUsd).padStart(9),
              usd(at.apiGatewayUsd).padStart(8),
              usd(at.dynamoDbUsd).padStart(9),
              usd(at.totalUsd).padStart(8),
              usd(month.withoutFreeTierUsd).padStart(8),
              usd(month.withFreeTierUsd).padStart(9),
            ].join(' '),
          );
        }
      }
    }
  }
  return lines;
}

export const USAGE = `usage:
  npm run cost -- [results/<run>] [--requests N]
  The cost model on a bench run (default: the newest under results/): per 1M requests and per month
  at N requests (default 100000), per runtime, memory size and architecture, in four parts.

  ${ACTUAL_USAGE}`;

/** `[results/<run>] [--requests N] [--help]`: the run folder (undefined: the newest) and the monthly volume. */
export function parseCostArgs(argv: string[]): { help: boolean; run?: string; requests: number } {
  const { values, positionals } = parseArgs({ args: argv, options: { requests: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  if (positionals.length > 1) throw new Error(`one run folder at a time, got ${positionals.join(', ')}`);
  const requests = values.requests === undefined ? 100_000 : Number(values.requests);
  if (!(requests > 0) || !Number.isFinite(requests)) throw new Error('--requests needs a positive number');
  return { help: values.help ?? false, run: positionals[0], requests };
}

function main(): number {
  let args: ReturnType<typeof parseCostArgs>;
  let run: string;
  try {
    args = parseCostArgs(process.argv.slice(2));
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    run = args.run ?? newestRun();
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const requests = args.requests;
  const file = path.join(run, 'results.json');
  if (!fs.existsSync(file)) {
    console.error(`${file} not found: give a results/<run> folder`);
    return 2;
  }
  const results = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
  if (results.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    console.error(`${file} has results schema ${String(results.schemaVersion)}; this needs ${RESULTS_SCHEMA_VERSION} (re-run the bench, or npm run bench:report on a version-${RESULTS_SCHEMA_VERSION} run)`);
    return 2;
  }
  const prices = loadPriceTable();
  console.log(`Cost per 1M requests and per month at ${requests.toLocaleString('en')} requests (${prices.region}, prices as of ${prices.asOf}; run ${path.basename(run)}${results.loadGuard.noisy ? ', NOISY run' : ''})`);
  for (const line of costTable(results, requests)) console.log(line);
  console.log('Lambda compute bills init on cold invocations (since 1 August 2025) at each cold-start rate; arm64 (est.) = x86_64 durations at arm64 prices.');
  console.log(`DynamoDB: on-demand request units of the bench's CRUD mix (an estimate from item sizes). Not included: ${prices.excluded}`);
  return 0;
}

if (require.main === module) {
  if (process.argv.includes('--actual') && !process.argv.includes('--help')) {
    // Loaded only here: the model path needs neither AWS SDK client.
    void import('./cost/actual-main').then((m) => m.main(process.argv.slice(2))).then(
      (code) => (process.exitCode = code),
      (error: unknown) => {
        console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      },
    );
  } else process.exitCode = main();
}
