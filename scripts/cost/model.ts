/**
 * The cost model's estimate for the requests the stage actually served: CloudWatch's invocation
 * counts (invocations.ts) priced per request by bench/src/cost.ts with the Billed Durations of a
 * bench run against that stage. The run is the newest under results/ whose `--target` was a
 * stage named after the environment and that started in the window, or the one `--run` names.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dynamoDbPerMillion, headlineCost, type CostAtRate, type PriceTable } from '../../bench/src/cost';
import { RESULTS_SCHEMA_VERSION, type BenchResults } from '../../bench/src/results';
import type { ServiceKey } from './cost-explorer';
import { UsageError, type CostWindow } from './window';

export interface RuntimeBasis {
  memoryMb: number;
  architecture: string;
  /** The per-1M figures at the run's headline cold-start rate (measured, else 0.1 %). */
  at: CostAtRate;
}

export interface ModelBasis {
  run: string;
  target: string | null;
  startedAt: string;
  runtimes: Record<string, RuntimeBasis>;
  notes: string[];
}

function readResults(dir: string): BenchResults {
  const file = path.join(dir, 'results.json');
  if (!fs.existsSync(file)) throw new UsageError(`${file} not found: --run needs a results/<run> folder`);
  const results = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
  if (results.schemaVersion !== RESULTS_SCHEMA_VERSION) throw new UsageError(`${file} has results schema ${String(results.schemaVersion)}; this needs ${RESULTS_SCHEMA_VERSION}`);
  return results;
}

/** The stage name is the last path segment of a stage URL (`https://…/dev`). */
function stageOf(target: string): string {
  try {
    return new URL(target).pathname.replace(/\/+$/, '').split('/').pop() ?? '';
  } catch {
    return ''; // not a URL: not a run against a stage
  }
}

/** The newest run under `resultsDir` against a `<environment>` stage that started in the window; null if none. */
export function findBasisRun(resultsDir: string, window: CostWindow, environment: string): string | null {
  if (!fs.existsSync(resultsDir)) return null;
  const candidates: { dir: string; startedAt: string }[] = [];
  for (const name of fs.readdirSync(resultsDir)) {
    const dir = path.join(resultsDir, name);
    const file = path.join(dir, 'results.json');
    if (!fs.existsSync(file)) continue;
    let results: BenchResults;
    try {
      results = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
    } catch {
      continue; // not a results file this command can read; --run names one explicitly
    }
    const target = results.run?.options?.target;
    const startedAt = results.run?.startedAt ?? '';
    if (results.schemaVersion !== RESULTS_SCHEMA_VERSION || !target || stageOf(target) !== environment) continue;
    if (startedAt.slice(0, 10) >= window.since && startedAt.slice(0, 10) < window.endExclusive) candidates.push({ dir, startedAt });
  }
  candidates.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return candidates[0]?.dir ?? null;
}

/**
 * Per runtime: the memory size deployed (the manifest's) if the run measured it, else the
 * run's first; the architecture measured (not an arm64 estimate) if there is one.
 */
export function modelBasis(runDir: string, deployedMemoryMb: Record<string, number>): ModelBasis {
  const results = readResults(runDir);
  const notes: string[] = [];
  if (!results.run.options.target) notes.push(`${path.basename(runDir)} ran on the local platform: its Billed Durations are the platform's, not AWS's`);
  const runtimes: Record<string, RuntimeBasis> = {};
  for (const runtime of results.runtimes) {
    const deployed = deployedMemoryMb[runtime.name];
    const size = runtime.memorySizes.find((m) => m.memoryMb === deployed) ?? runtime.memorySizes[0];
    if (!size) continue;
    if (deployed !== undefined && size.memoryMb !== deployed) notes.push(`${runtime.name}: the run has no ${deployed} MB figures (the deployed size); priced at ${size.memoryMb} MB`);
    const cost = size.cost.find((c) => !c.estimate) ?? size.cost[0];
    if (!cost) continue;
    runtimes[runtime.name] = { memoryMb: size.memoryMb, architecture: cost.architecture, at: headlineCost(cost) };
  }
  return { run: path.relative(process.cwd(), runDir) || runDir, target: results.run.options.target, startedAt: results.run.startedAt, runtimes, notes };
}

export interface ModelLine {
  /** A runtime's name, or "shared". */
  runtime: string;
  service: ServiceKey;
  usd: number;
}

/**
 * The model's cost of `invocations`: Lambda (compute with billed init + requests) per runtime,
 * API Gateway and DynamoDB on the shared resources. CloudWatch is not modelled (bench/prices
 * excludes it). A runtime the run did not measure gets no Lambda line, and a note.
 */
export function modelCosts(basis: ModelBasis, prices: PriceTable, invocations: Record<string, number>): { lines: ModelLine[]; notes: string[] } {
  const lines: ModelLine[] = [];
  const notes: string[] = [];
  let total = 0;
  for (const [runtime, count] of Object.entries(invocations)) {
    total += count;
    const b = basis.runtimes[runtime];
    if (!b) {
      if (count > 0) notes.push(`${runtime}: ${count} invocations, but ${basis.run} did not measure it: its Lambda cost is not modelled`);
      continue;
    }
    lines.push({ runtime, service: 'lambda', usd: (count / 1e6) * (b.at.lambdaComputeUsd + b.at.lambdaRequestsUsd) });
  }
  lines.push({ runtime: 'shared', service: 'apiGateway', usd: (total / 1e6) * prices.apiGateway.restRequestPerMillion });
  lines.push({ runtime: 'shared', service: 'dynamoDb', usd: (total / 1e6) * dynamoDbPerMillion(prices) });
  return { lines, notes };
}
