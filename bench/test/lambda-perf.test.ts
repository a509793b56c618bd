import { keyOf, refresh } from '../scripts/lambda-perf-refresh';
import { compareWithLambdaPerf, lambdaPerfKey, loadLambdaPerf, publishedInit, type LambdaPerfData } from '../src/lambda-perf';

const data: LambdaPerfData = {
  source: 'test',
  fetchedFrom: 'https://example.invalid/last.json',
  date: '2026-08-22',
  architecture: 'x86_64',
  statistic: 'mean',
  figures: { 'provided.al2023:go': { '512': 50 }, 'python3.11': { '512': 75 }, 'nodejs22.x': { '512': 140, '1024': 150 }, java21: { '512': 230 } },
};

test('the data file is dated, says where it came from, and keys custom runtimes by language', () => {
  const file = loadLambdaPerf();
  expect(file.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(file.fetchedFrom).toContain('github.com/maxday/lambda-perf');
  expect(lambdaPerfKey('provided.al2023', 'go')).toBe('provided.al2023:go');
  expect(lambdaPerfKey('java21', 'java')).toBe('java21');
  expect(publishedInit(file, 'nodejs22.x', 512)!.initMs).toBeGreaterThan(100);
});

test('the nearest published memory size stands in for ours', () => {
  expect(publishedInit(data, 'nodejs22.x', 1769)).toEqual({ memoryMb: 1024, initMs: 150 });
  expect(publishedInit(data, 'ruby3.3', 512)).toBeUndefined();
});

test('order and magnitude: ratios to the Python floor, ours and theirs, and their factor', () => {
  // Prepare: ours go 10, python 100, node 400, java 500 at 512 MB.
  const floors = [
    { name: 'go', awsRuntime: 'provided.al2023', initMs: 10 },
    { name: 'python', awsRuntime: 'python3.11', initMs: 100 },
    { name: 'node', awsRuntime: 'nodejs22.x', initMs: 400 },
    { name: 'java', awsRuntime: 'java21', initMs: 500 },
  ];
  // Act
  const c = compareWithLambdaPerf(floors, 512, data);
  // Assess
  expect(c.ours).toEqual(['go', 'python', 'node', 'java']);
  expect(c.published).toEqual(['go', 'python', 'node', 'java']);
  expect(c.orderAgrees).toBe(true);
  const node = c.rows.find((r) => r.floor === 'node')!;
  expect(node).toMatchObject({ oursRatio: 4, publishedRatio: 1.87, factor: 2.14 });
  expect(c.note).toContain('More than a factor 2 off');
  expect(c.note).toContain('node 2.14×');
});

test('a different order is said to differ; fewer than two floors compare nothing', () => {
  const c = compareWithLambdaPerf([{ name: 'node', awsRuntime: 'nodejs22.x', initMs: 10 }, { name: 'python', awsRuntime: 'python3.11', initMs: 100 }], 512, data);
  expect(c.orderAgrees).toBe(false);
  expect(c.note).toContain('order differs');
  expect(compareWithLambdaPerf([], null, data)).toMatchObject({ rows: [], orderAgrees: null });
});

describe('lambda-perf-refresh: every published x86_64 zip runtime, keyed as lambdaPerfKey', () => {
  test.each([
    ['lambda-perf-python313-zip-512-x86_64', 'python3.13', 'python3.13'],
    ['lambda-perf-nodejs22x-zip-512-x86_64', 'nodejs22.x', 'nodejs22.x'],
    ['lambda-perf-rust_on_provided_al2023-zip-512-x86_64', 'rust (prov.al2023)', lambdaPerfKey('provided.al2023', 'rust')],
    ['lambda-perf-go_on_provided_al2-zip-512-x86_64', 'go (prov.al2)', lambdaPerfKey('provided.al2', 'go')],
    ['lambda-perf-bun_layer-zip-512-x86_64', 'bun layer(prov.al2)', null],
  ])('%s → %s', (r, d, key) => {
    // Act + Assess
    expect(keyOf({ r, d, p: 'zip', m: 512, a: 'x86_64', mu: 1, ad: 1, acd: 1 })).toBe(key);
  });

  test('the medians, means and first invocations of the calibration file come from the samples', () => {
    // Prepare
    const row = { r: 'lambda-perf-rust_on_provided_al2023-zip-512-x86_64', d: 'rust (prov.al2023)', p: 'zip', m: 512, a: 'x86_64', mu: 15.55, ad: 1.26, acd: 17, i: [20, 10, 15, 30] };
    // Act
    const out = refresh({ metadata: { generatedAt: '2026-08-22T14:00:43.227Z' }, runtimeData: [row, { ...row, a: 'arm64' }] }, 'f'.repeat(40));
    // Assess
    expect(out.figures).toEqual({ 'provided.al2023:rust': { '512': 17 } });
    expect(out.runtimes['provided.al2023:rust']!.byMemoryMb['512']).toEqual({ n: 4, initDurationMs: { median: 17.5, mean: 18.8 }, firstInvocationMs: 1.3, maxMemoryUsedMb: 15.6 });
    expect(out.date).toBe('2026-08-22');
  });
});
