/**
 * Cost model, per 1M requests, in four parts so that what differs between runtimes stands
 * beside what does not: Lambda compute (GB-seconds of Billed Duration, init included: AWS
 * bills INIT since 1 August 2025), Lambda requests, API Gateway REST requests, and DynamoDB
 * on-demand request units for the bench's CRUD mix. Compute is
 *   (1 − c) × mean warm Billed Duration + c × mean cold Billed Duration (init + first invocation)
 * at a cold-start rate c: the measured steady-state rate, and the stated rates 0.1 % and 1 %.
 * The same basis locally and with --target (warm and cold REPORTs kept apart in both).
 * Durations are measured on x86_64; arm64 figures apply arm64's price to them and are
 * labelled estimates until measured on arm64.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MIX } from './open-model';

export type Architecture = 'x86_64' | 'arm64';

export interface PriceTable {
  region: string;
  currency: string;
  asOf: string;
  sources: string[];
  lambda: {
    requestPerMillion: number;
    gbSecond: Record<Architecture, number>;
    tierNote: string;
    freeTierPerMonth: { requests: number; gbSeconds: number };
  };
  apiGateway: { restRequestPerMillion: number; tierNote: string; freeTierPerMonth: { requests: number } };
  dynamoDb: { writeRequestUnitPerMillion: number; readRequestUnitPerMillion: number; note: string };
  excluded: string;
}

export const DEFAULT_PRICE_TABLE = path.join(__dirname, '..', 'prices', 'aws-us-east-1.json');

export function loadPriceTable(file = DEFAULT_PRICE_TABLE): PriceTable {
  const table = JSON.parse(fs.readFileSync(file, 'utf8')) as PriceTable;
  for (const key of ['x86_64', 'arm64'] as const) {
    if (!(table.lambda?.gbSecond?.[key] > 0)) throw new Error(`${file}: lambda.gbSecond.${key} missing`);
  }
  if (!(table.dynamoDb?.writeRequestUnitPerMillion > 0) || !(table.dynamoDb?.readRequestUnitPerMillion > 0)) throw new Error(`${file}: dynamoDb request-unit prices missing`);
  if (!table.asOf || !table.sources?.length) throw new Error(`${file}: a price table needs asOf and sources`);
  return table;
}

/**
 * DynamoDB request units per request of the bench's mix (open-model.ts MIX), as the runtimes
 * call the table: PutItem / UpdateItem / DeleteItem of an item under 1 KB = 1 write unit;
 * strongly consistent GetItem under 4 KB = 1 read unit; a strongly consistent Scan page of
 * 20 items (≈ 3 KB) = 1 read unit. An estimate from item sizes, not measured consumption.
 */
export const DYNAMODB_UNITS: Record<(typeof MIX)[number], { write: number; read: number }> = {
  create: { write: 1, read: 0 },
  update: { write: 1, read: 0 },
  delete: { write: 1, read: 0 },
  get: { write: 0, read: 1 },
  list: { write: 0, read: 1 },
};

export function dynamoDbPerMillion(prices: PriceTable): number {
  const units = MIX.reduce((acc, op) => ({ write: acc.write + DYNAMODB_UNITS[op].write, read: acc.read + DYNAMODB_UNITS[op].read }), { write: 0, read: 0 });
  return (units.write / MIX.length) * prices.dynamoDb.writeRequestUnitPerMillion + (units.read / MIX.length) * prices.dynamoDb.readRequestUnitPerMillion;
}

/** GB-seconds Lambda bills: memory in GB (1024 MB) × billed milliseconds / 1000. */
export const gbSeconds = (memoryMb: number, billedMs: number): number => (memoryMb / 1024) * (billedMs / 1000);

/** Stated cold-start rates every cost is also shown at. */
export const STATED_COLD_START_RATES = [0.001, 0.01];

export interface CostAtRate {
  /** "measured steady state", "0.1 %" or "1 %". */
  label: string;
  coldStartRate: number;
  lambdaComputeUsd: number;
  /** Of the compute: what billed init adds at this rate. */
  lambdaInitUsd: number;
  lambdaRequestsUsd: number;
  apiGatewayUsd: number;
  dynamoDbUsd: number;
  totalUsd: number;
}

export interface CostPerMillion {
  architecture: Architecture;
  /** true for arm64: x86_64 durations at arm64's price. */
  estimate: boolean;
  memoryMb: number;
  meanWarmBilledMs: number;
  /** Mean Billed Duration of a cold invocation (init + first invocation); null when none was measured. */
  meanColdBilledMs: number | null;
  atRates: CostAtRate[];
}

export interface CostBasis {
  memoryMb: number;
  meanWarmBilledMs: number;
  meanColdBilledMs: number | null;
  /** Measured steady-state cold-start rate (cold starts / invocations); null when not measured. */
  measuredColdStartRate: number | null;
}

const pct = (r: number) => `${+(r * 100).toFixed(2)} %`;

export function costAtRate(prices: PriceTable, architecture: Architecture, basis: CostBasis, coldStartRate: number, label: string): CostAtRate {
  const price = prices.lambda.gbSecond[architecture];
  const warm = gbSeconds(basis.memoryMb, basis.meanWarmBilledMs) * 1e6 * price;
  const cold = basis.meanColdBilledMs === null ? warm : gbSeconds(basis.memoryMb, basis.meanColdBilledMs) * 1e6 * price;
  const lambdaComputeUsd = (1 - coldStartRate) * warm + coldStartRate * cold;
  const lambdaRequestsUsd = prices.lambda.requestPerMillion;
  const apiGatewayUsd = prices.apiGateway.restRequestPerMillion;
  const dynamoDbUsd = dynamoDbPerMillion(prices);
  return { label, coldStartRate, lambdaComputeUsd, lambdaInitUsd: lambdaComputeUsd - warm, lambdaRequestsUsd, apiGatewayUsd, dynamoDbUsd, totalUsd: lambdaComputeUsd + lambdaRequestsUsd + apiGatewayUsd + dynamoDbUsd };
}

/** Cost per 1M requests at the measured rate (when there is one) and at 0.1 % and 1 %. */
export function costPerMillion(prices: PriceTable, architecture: Architecture, basis: CostBasis): CostPerMillion {
  const rates: [number, string][] = [
    ...(basis.measuredColdStartRate !== null ? ([[basis.measuredColdStartRate, 'measured steady state']] as [number, string][]) : []),
    ...STATED_COLD_START_RATES.map((r) => [r, pct(r)] as [number, string]),
  ];
  return {
    architecture,
    estimate: architecture === 'arm64',
    memoryMb: basis.memoryMb,
    meanWarmBilledMs: basis.meanWarmBilledMs,
    meanColdBilledMs: basis.meanColdBilledMs,
    atRates: rates.map(([r, label]) => costAtRate(prices, architecture, basis, r, label)),
  };
}

/** The rate a headline cost uses: the measured one, else 0.1 %. */
export const headlineCost = (c: CostPerMillion): CostAtRate => c.atRates[0]!;

export interface MonthlyEstimate {
  requestsPerMonth: number;
  coldStartRate: number;
  withoutFreeTierUsd: number;
  /** Lambda's permanent free tier (requests and GB-seconds) applied; API Gateway's and DynamoDB's none. */
  withFreeTierUsd: number;
}

export function monthlyEstimate(prices: PriceTable, cost: CostPerMillion, requestsPerMonth: number, at: CostAtRate = headlineCost(cost)): MonthlyEstimate {
  const millions = requestsPerMonth / 1e6;
  const free = prices.lambda.freeTierPerMonth;
  const billableRequests = Math.max(0, requestsPerMonth - free.requests);
  const usedGbSeconds = (at.lambdaComputeUsd / prices.lambda.gbSecond[cost.architecture]) * millions;
  const billableGbSeconds = Math.max(0, usedGbSeconds - free.gbSeconds);
  const apiRequests = Math.max(0, requestsPerMonth - prices.apiGateway.freeTierPerMonth.requests);
  const withFreeTierUsd =
    (billableRequests / 1e6) * prices.lambda.requestPerMillion +
    billableGbSeconds * prices.lambda.gbSecond[cost.architecture] +
    (apiRequests / 1e6) * prices.apiGateway.restRequestPerMillion +
    millions * at.dynamoDbUsd;
  return { requestsPerMonth, coldStartRate: at.coldStartRate, withoutFreeTierUsd: millions * at.totalUsd, withFreeTierUsd };
}
