import { costPerMillion, gbSeconds, loadPriceTable, monthlyEstimate, type PriceTable } from '../src/cost';

const prices: PriceTable = {
  region: 'test',
  currency: 'USD',
  asOf: '2026-01-01',
  sources: ['https://example.invalid/prices'],
  lambda: { requestPerMillion: 0.2, gbSecond: { x86_64: 0.0000166667, arm64: 0.0000133334 }, tierNote: '', freeTierPerMonth: { requests: 1e6, gbSeconds: 400_000 } },
  apiGateway: { restRequestPerMillion: 3.5, tierNote: '', freeTierPerMonth: { requests: 0 } },
  excluded: '',
};

describe('cost model', () => {
  test('GB-seconds use 1024 MB per GB', () => {
    expect(gbSeconds(512, 300)).toBeCloseTo(0.15, 10);
    expect(gbSeconds(1024, 1000)).toBe(1);
  });

  test('one million 100 ms invocations at 1024 MB on x86_64 cost $1.67 compute + $0.20 + $3.50', () => {
    // Act
    const cost = costPerMillion(prices, 'x86_64', 1024, 100);
    // Assess: 1e6 × 0.1 GB-s × $0.0000166667 = $1.66667.
    expect(cost.lambdaComputeUsd).toBeCloseTo(1.66667, 4);
    expect(cost.lambdaRequestsUsd).toBe(0.2);
    expect(cost.apiGatewayUsd).toBe(3.5);
    expect(cost.totalUsd).toBeCloseTo(5.36667, 4);
  });

  test('arm64 compute is 20 % cheaper for the same billed duration', () => {
    const x86 = costPerMillion(prices, 'x86_64', 512, 40);
    const arm = costPerMillion(prices, 'arm64', 512, 40);
    expect(arm.lambdaComputeUsd / x86.lambdaComputeUsd).toBeCloseTo(0.8, 3);
  });

  test('monthly estimate scales linearly and the free tier covers a small dev deployment', () => {
    // Prepare
    const cost = costPerMillion(prices, 'x86_64', 512, 50);
    // Act
    const month = monthlyEstimate(prices, cost, 100_000);
    const big = monthlyEstimate(prices, cost, 10_000_000);
    // Assess: 100k requests are inside Lambda's free tier; only API Gateway's fee remains.
    expect(month.withoutFreeTierUsd).toBeCloseTo(cost.totalUsd / 10, 10);
    expect(month.withFreeTierUsd).toBeCloseTo(0.35, 10);
    expect(big.withoutFreeTierUsd).toBeCloseTo(cost.totalUsd * 10, 8);
    // 10M × 0.025 GB-s = 250k GB-s, inside the 400k free GB-s: requests 9M × 0.2/M + 10M × 3.5/M.
    expect(big.withFreeTierUsd).toBeCloseTo(1.8 + 35, 8);
  });

  test('the repository price table loads and names its source and date', () => {
    // Act
    const table = loadPriceTable();
    // Assess
    expect(table.sources.join(' ')).toContain('aws.amazon.com/lambda/pricing');
    expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.lambda.gbSecond.arm64).toBeLessThan(table.lambda.gbSecond.x86_64);
  });
});
