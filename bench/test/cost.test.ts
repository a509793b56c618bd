import { costAtRate, costPerMillion, dynamoDbPerMillion, gbSeconds, headlineCost, loadPriceTable, monthlyEstimate, type PriceTable } from '../src/cost';
import { costBasis } from '../src/summaries';
import { syntheticRaw } from './helpers/synthetic';

const prices: PriceTable = {
  region: 'test',
  currency: 'USD',
  asOf: '2026-01-01',
  sources: ['https://example.invalid/prices'],
  lambda: { requestPerMillion: 0.2, gbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 }, tierNote: '', freeTierPerMonth: { requests: 1e6, gbSeconds: 400_000 } },
  apiGateway: { restRequestPerMillion: 3.5, tierNote: '', freeTierPerMonth: { requests: 0 } },
  dynamoDb: { writeRequestUnitPerMillion: 0.625, readRequestUnitPerMillion: 0.125, note: '' },
  excluded: '',
};

const basis = { memoryMb: 1024, meanWarmBilledMs: 100, meanColdBilledMs: 1100, measuredColdStartRate: 0 };

describe('cost model', () => {
  test('GB-seconds use 1024 MB per GB', () => {
    expect(gbSeconds(512, 300)).toBeCloseTo(0.15, 10);
    expect(gbSeconds(1024, 1000)).toBe(1);
  });

  test('one million warm 100 ms invocations at 1024 MB: $1.67 compute, $0.20 requests, $3.50 API Gateway, DynamoDB apart', () => {
    // Act
    const at = costAtRate(prices, 'x86_64', basis, 0, 'none');
    // Assess: 1e6 × 0.1 GB-s × $0.0000166667 = $1.66667.
    expect(at.lambdaComputeUsd).toBeCloseTo(1.66667, 4);
    expect(at.lambdaInitUsd).toBe(0);
    expect(at.lambdaRequestsUsd).toBe(0.2);
    expect(at.apiGatewayUsd).toBe(3.5);
    expect(at.dynamoDbUsd).toBeCloseTo(0.275, 10);
    expect(at.totalUsd).toBeCloseTo(1.66667 + 0.2 + 3.5 + 0.275, 4);
  });

  test('DynamoDB: the mix has 3 writes and 7 reads in 10 requests', () => {
    expect(dynamoDbPerMillion(prices)).toBeCloseTo(0.3 * 0.625 + 0.7 * 0.125, 12);
  });

  test('billed init: at 1 % cold starts of 1,100 ms billed, compute grows by 1 % × 1,000 ms', () => {
    // Act
    const c = costPerMillion(prices, 'x86_64', basis);
    const onePct = c.atRates.find((x) => x.label === '1 %')!;
    // Assess: 0.99 × 100 + 0.01 × 1100 = 110 ms on average: 10 % more compute.
    expect(c.atRates.map((x) => x.label)).toEqual(['measured steady state', '0.1 %', '1 %']);
    expect(onePct.lambdaComputeUsd).toBeCloseTo(1.66667 * 1.1, 4);
    expect(onePct.lambdaInitUsd).toBeCloseTo(1.66667 * 0.1, 4);
    expect(headlineCost(c).coldStartRate).toBe(0);
  });

  test('without a measured rate the stated rates remain; without cold samples init adds nothing', () => {
    const c = costPerMillion(prices, 'x86_64', { ...basis, measuredColdStartRate: null, meanColdBilledMs: null });
    expect(c.atRates.map((x) => x.label)).toEqual(['0.1 %', '1 %']);
    expect(c.atRates[1]!.lambdaInitUsd).toBe(0);
  });

  test('arm64 applies arm64’s price to x86_64 durations and is labelled an estimate', () => {
    const x86 = costPerMillion(prices, 'x86_64', basis);
    const arm = costPerMillion(prices, 'arm64', basis);
    expect(arm.atRates[0]!.lambdaComputeUsd / x86.atRates[0]!.lambdaComputeUsd).toBeCloseTo(0.8, 3);
    expect([x86.estimate, arm.estimate]).toEqual([false, true]);
  });

  test('local and deployed runs share a basis: cold billed from cold requests, else from the phases’ cold REPORTs', () => {
    // Prepare
    const raw = syntheticRaw();
    const warm = raw.warm.filter((s) => s.runtime === 'slow');
    const cold = raw.coldStarts.filter((s) => s.runtime === 'slow');
    // Act
    const local = costBasis(512, warm, cold, [])!;
    const deployed = costBasis(512, warm, [], [])!;
    // Assess: the synthetic cold REPORTs bill init + 10 and init + 12 ms, init 400.
    expect(local.meanColdBilledMs).toBeGreaterThan(350);
    expect(deployed.meanColdBilledMs).toBe(411);
    expect(local.meanWarmBilledMs).toBe(deployed.meanWarmBilledMs);
    expect(costBasis(512, [], cold, [])).toBeUndefined();
  });

  test('warm billing leaves out each instance’s first N invocations, unless nothing else was measured', () => {
    // Prepare: one phase whose first two invocations (of their instance) billed 100 ms, the rest 10 ms.
    const [sample] = syntheticRaw().warm;
    const s = { ...sample!, billedDurationMs: [100, 100, 10, 10], serverInvocation: [1, 2, 3, 4] };
    // Act / Assess
    expect(costBasis(512, [s], [], [], 2)!.meanWarmBilledMs).toBe(10);
    expect(costBasis(512, [s], [], [], 0)!.meanWarmBilledMs).toBe(55);
    expect(costBasis(512, [{ ...s, serverInvocation: [1, 2, 1, 2] }], [], [], 2)!.meanWarmBilledMs).toBe(55);
  });

  test('monthly estimate scales linearly and the free tier covers a small dev deployment', () => {
    // Prepare
    const cost = costPerMillion(prices, 'x86_64', { memoryMb: 512, meanWarmBilledMs: 50, meanColdBilledMs: null, measuredColdStartRate: 0 });
    const at = headlineCost(cost);
    // Act
    const month = monthlyEstimate(prices, cost, 100_000);
    const big = monthlyEstimate(prices, cost, 10_000_000);
    // Assess: 100k requests are inside Lambda's free tier; API Gateway and DynamoDB remain.
    expect(month.withoutFreeTierUsd).toBeCloseTo(at.totalUsd / 10, 10);
    expect(month.withFreeTierUsd).toBeCloseTo(0.35 + 0.0275, 10);
    expect(big.withoutFreeTierUsd).toBeCloseTo(at.totalUsd * 10, 8);
    // 10M × 0.025 GB-s = 250k GB-s, inside the 400k free GB-s: requests 9M × 0.2/M + 10M × 3.5/M + DynamoDB.
    expect(big.withFreeTierUsd).toBeCloseTo(1.8 + 35 + 2.75, 8);
  });

  test('the repository price table loads and names its sources and date', () => {
    // Act
    const table = loadPriceTable();
    // Assess
    expect(table.sources.join(' ')).toContain('aws.amazon.com/lambda/pricing');
    expect(table.sources.join(' ')).toContain('aws.amazon.com/dynamodb/pricing');
    expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.lambda.gbSecond.arm64).toBeLessThan(table.lambda.gbSecond.x86_64);
  });
});
