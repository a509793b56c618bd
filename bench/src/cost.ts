/**
 * Cost model: per 1M requests, Lambda's request fee + GB-seconds from the measured Billed
 * Duration (memory size in GB × billed seconds, per architecture) + API Gateway REST's fee,
 * from a dated price table in bench/prices. Monthly estimate at a given traffic, with and
 * without Lambda's permanent free tier.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

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
  excluded: string;
}

export const DEFAULT_PRICE_TABLE = path.join(__dirname, '..', 'prices', 'aws-us-east-1.json');

export function loadPriceTable(file = DEFAULT_PRICE_TABLE): PriceTable {
  const table = JSON.parse(fs.readFileSync(file, 'utf8')) as PriceTable;
  for (const key of ['x86_64', 'arm64'] as const) {
    if (!(table.lambda?.gbSecond?.[key] > 0)) throw new Error(`${file}: lambda.gbSecond.${key} missing`);
  }
  if (!table.asOf || !table.sources?.length) throw new Error(`${file}: a price table needs asOf and sources`);
  return table;
}

export interface CostPerMillion {
  architecture: Architecture;
  memoryMb: number;
  meanBilledDurationMs: number;
  lambdaRequestsUsd: number;
  lambdaComputeUsd: number;
  apiGatewayUsd: number;
  totalUsd: number;
}

/** GB-seconds Lambda bills: memory in GB (1024 MB) × billed milliseconds / 1000. */
export const gbSeconds = (memoryMb: number, billedMs: number): number => (memoryMb / 1024) * (billedMs / 1000);

/** Cost of one million requests whose Billed Duration averages meanBilledMs. */
export function costPerMillion(prices: PriceTable, architecture: Architecture, memoryMb: number, meanBilledMs: number): CostPerMillion {
  const lambdaRequestsUsd = prices.lambda.requestPerMillion;
  const lambdaComputeUsd = gbSeconds(memoryMb, meanBilledMs) * 1e6 * prices.lambda.gbSecond[architecture];
  const apiGatewayUsd = prices.apiGateway.restRequestPerMillion;
  return {
    architecture,
    memoryMb,
    meanBilledDurationMs: meanBilledMs,
    lambdaRequestsUsd,
    lambdaComputeUsd,
    apiGatewayUsd,
    totalUsd: lambdaRequestsUsd + lambdaComputeUsd + apiGatewayUsd,
  };
}

export interface MonthlyEstimate {
  requestsPerMonth: number;
  withoutFreeTierUsd: number;
  /** Lambda's permanent free tier (requests and GB-seconds) applied; API Gateway's none. */
  withFreeTierUsd: number;
}

export function monthlyEstimate(prices: PriceTable, cost: CostPerMillion, requestsPerMonth: number): MonthlyEstimate {
  const millions = requestsPerMonth / 1e6;
  const withoutFreeTierUsd = millions * cost.totalUsd;
  const free = prices.lambda.freeTierPerMonth;
  const billableRequests = Math.max(0, requestsPerMonth - free.requests);
  const usedGbSeconds = gbSeconds(cost.memoryMb, cost.meanBilledDurationMs) * requestsPerMonth;
  const billableGbSeconds = Math.max(0, usedGbSeconds - free.gbSeconds);
  const apiRequests = Math.max(0, requestsPerMonth - prices.apiGateway.freeTierPerMonth.requests);
  const withFreeTierUsd =
    (billableRequests / 1e6) * prices.lambda.requestPerMillion +
    billableGbSeconds * prices.lambda.gbSecond[cost.architecture] +
    (apiRequests / 1e6) * prices.apiGateway.restRequestPerMillion;
  return { requestsPerMonth, withoutFreeTierUsd, withFreeTierUsd };
}
