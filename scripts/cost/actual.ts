/**
 * `npm run cost -- --actual --since DATE [--until DATE] [--environment dev|prod] [--run results/<run>] [--out FILE]`:
 * what the stage cost according to Cost Explorer, per runtime tag and service, beside the cost
 * model's estimate for the same invocations, written as JSON too. Everything is fetched before
 * anything is printed or written: a failure leaves no partial report behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { loadPriceTable } from '../../bench/src/cost';
import { explainAwsError } from './aws-errors';
import { checkTagActivation, dailyCosts, SetupError } from './cost-explorer';
import { functionName, invocationCounts } from './invocations';
import { findBasisRun, modelBasis, modelCosts } from './model';
import { classifyDays, compare, costLines, formatReport, type ActualCostReport } from './report';
import { addDays, costWindow, UsageError } from './window';

export const ACTUAL_USAGE = `npm run cost -- --actual --since YYYY-MM-DD [--until YYYY-MM-DD] [--environment dev|prod]
                       [--run results/<run>] [--out FILE] [--results DIR]
  Cost Explorer's daily costs of the stage (resources tagged project=multi-runtime-benchmark and
  environment=<env>), grouped by the runtime tag and by service (Lambda, API Gateway, DynamoDB,
  CloudWatch), beside the cost model's estimate for the invocations CloudWatch counted, with the
  difference and its known causes. Days are UTC; --until defaults to today; the last day or two
  may lag and are shown apart, never as final figures.
  --environment   the stage (default: BENCH_ENVIRONMENT, else dev)
  --run           the bench run whose Billed Durations price the invocations (default: the newest
                  run under results/ against a <env> stage that started in the window)
  --out           the JSON report (default: results/actual-cost-<env>-<since>_<until>.json)
  Needs: credentials allowed ce:GetCostAndUsage, ce:ListCostAllocationTags, cloudwatch:GetMetricData;
  Cost Explorer enabled; the tags project, environment, runtime activated (docs/aws.md).
  Each Cost Explorer page costs $0.01.`;

const ENVIRONMENTS = ['dev', 'prod'];

export interface ActualDeps {
  costExplorer: () => CostExplorerClient;
  cloudWatch: () => CloudWatchClient;
  now: Date;
  /** Where bench runs are found and the report goes by default. */
  resultsDir: string;
  /** name → memory size each runtime is deployed with (the manifests'). */
  deployedMemoryMb: () => Record<string, number>;
  print: (line: string) => void;
  printError: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

interface ActualOptions {
  since?: string;
  until?: string;
  environment: string;
  run?: string;
  out?: string;
  resultsDir?: string;
}

function parseActualArgs(argv: string[], env: NodeJS.ProcessEnv): ActualOptions {
  const o: ActualOptions = { environment: env.BENCH_ENVIRONMENT || 'dev' };
  const flags: Record<string, keyof ActualOptions> = { '--since': 'since', '--until': 'until', '--environment': 'environment', '--run': 'run', '--out': 'out', '--results': 'resultsDir' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--actual') continue;
    const key = flags[arg];
    if (!key) throw new UsageError(`unknown argument "${arg}" for --actual`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value${key === 'since' || key === 'until' ? ': YYYY-MM-DD (a day in UTC)' : ''}`);
    o[key] = value;
    i++;
  }
  if (!ENVIRONMENTS.includes(o.environment)) throw new UsageError(`--environment "${o.environment}" is not one of ${ENVIRONMENTS.join(', ')}`);
  if (o.since === undefined) throw new UsageError('--actual needs --since YYYY-MM-DD (the first day, UTC)');
  return o;
}

async function buildReport(o: ActualOptions, deps: ActualDeps): Promise<ActualCostReport> {
  const window = costWindow(o.since, o.until, deps.now);
  const resultsDir = o.resultsDir ? path.resolve(o.resultsDir) : deps.resultsDir;
  const runDir = o.run ? path.resolve(o.run) : findBasisRun(resultsDir, window, o.environment);
  // A --run that cannot be read is a command-line mistake: refuse before any AWS call.
  const basis = runDir ? modelBasis(runDir, deps.deployedMemoryMb()) : null;

  const ce = deps.costExplorer();
  const tagActivation = await checkTagActivation(ce);
  const { days: fetched, pages } = await dailyCosts(ce, window, o.environment);
  const days = classifyDays(window, fetched, tagActivation, deps.now);
  const complete = days.filter((d) => d.status === 'complete');
  const provisional = days.filter((d) => d.status === 'may-lag');
  const actualLines = costLines(complete);
  const actual = { days: complete.map((d) => d.date), lines: actualLines, totalUsd: actualLines.reduce((a, l) => a + l.usd, 0) };
  const provisionalLines = costLines(provisional);

  let model: ActualCostReport['model'] = null;
  let modelAbsent: string | undefined;
  if (!basis) modelAbsent = `no bench run against a ${o.environment} stage started in the window under ${path.relative(process.cwd(), resultsDir) || resultsDir}/: name one with --run results/<run>`;
  else if (!complete.length) modelAbsent = 'no complete day to compare';
  else {
    // The same days as the actual figures: complete days are contiguous (activation before, lag after).
    const runtimes = new Set([...Object.keys(deps.deployedMemoryMb()), ...fetched.flatMap((d) => d.items.map((i) => i.runtime)).filter((r): r is string => !!r && r !== 'shared')]);
    const functions = [...runtimes].sort().map((runtime) => ({ runtime, functionName: functionName(o.environment, runtime) }));
    const invocations = await invocationCounts(deps.cloudWatch(), functions, complete[0]!.date, addDays(complete[complete.length - 1]!.date, 1));
    const { lines, notes } = modelCosts(basis, loadPriceTable(), invocations);
    model = { basis, invocations, lines, totalUsd: lines.reduce((a, l) => a + l.usd, 0), notes: [...basis.notes, ...notes] };
  }
  const notes = [
    'Costs without the project and environment tags are outside this report: e.g. X-Ray traces, custom metrics, CDK bootstrap assets, data transfer booked under other services.',
    "The model's figures are without free tiers; Cost Explorer's are after them (usage inside a free tier costs $0 there).",
  ];
  if (days.some((d) => d.status === 'complete' && d.estimated)) notes.push("Cost Explorer marks the current month's figures as estimated until the bill is final.");
  return {
    kind: 'multi-runtime-benchmark/actual-cost',
    version: 1,
    generatedAt: deps.now.toISOString(),
    environment: o.environment,
    window: { since: window.since, until: window.until },
    complete: days.every((d) => d.status === 'complete'),
    tagActivation,
    costExplorerPages: pages,
    days,
    actual,
    provisional: { days: provisional.map((d) => d.date), lines: provisionalLines, totalUsd: provisionalLines.reduce((a, l) => a + l.usd, 0) },
    model,
    ...(modelAbsent ? { modelAbsent } : {}),
    comparison: compare(actual.lines, model?.lines ?? null),
    notes,
  };
}

/** Exit code: 0 report written, 1 the account's set-up or AWS refused, 2 a command-line mistake. */
export async function runActual(argv: string[], deps: ActualDeps): Promise<number> {
  let report: ActualCostReport;
  let out: string;
  try {
    const o = parseActualArgs(argv, deps.env);
    report = await buildReport(o, deps);
    out = o.out ? path.resolve(o.out) : path.join(o.resultsDir ? path.resolve(o.resultsDir) : deps.resultsDir, `actual-cost-${report.environment}-${report.window.since}_${report.window.until}.json`);
  } catch (error) {
    if (error instanceof UsageError) {
      deps.printError(`error: ${error.message}\n\n${ACTUAL_USAGE}`);
      return 2;
    }
    if (error instanceof SetupError) {
      deps.printError(`error: ${error.message}`);
      return 1;
    }
    const explained = explainAwsError(error);
    if (explained) {
      deps.printError(`error: ${explained}`);
      return 1;
    }
    throw error;
  }
  // Written whole or not at all (a temporary file renamed over the target).
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
  fs.renameSync(`${out}.tmp`, out);
  for (const line of formatReport(report)) deps.print(line);
  deps.print(`\nWritten: ${path.relative(process.cwd(), out) || out}${report.complete ? '' : ' (complete: false — some days may lag or predate the tags)'}`);
  return 0;
}
