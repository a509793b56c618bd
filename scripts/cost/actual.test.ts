/**
 * `npm run cost -- --actual` against mocked AWS clients (aws-sdk-client-mock: no network):
 * pagination of all three APIs, the untagged ("runtime$") group, an empty window, tags not yet
 * active, Cost Explorer's lag, the model beside the bill, and AWS's refusals — each refusal with
 * its fix, exit code 1 and no report written.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CostExplorerClient, GetCostAndUsageCommand, ListCostAllocationTagsCommand, type Group } from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { costPerMillion, loadPriceTable } from '../../bench/src/cost';
import { RESULTS_SCHEMA_VERSION } from '../../bench/src/results';
import { runActual, type ActualDeps } from './actual';
import type { ActualCostReport } from './report';

const NOW = new Date('2026-11-30T12:00:00Z');
const ce = mockClient(CostExplorerClient);
const cw = mockClient(CloudWatchClient);
let dir: string;
let out: string[];
let err: string[];

function deps(): ActualDeps {
  return {
    costExplorer: () => new CostExplorerClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } }),
    cloudWatch: () => new CloudWatchClient({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } }),
    now: NOW,
    resultsDir: dir,
    deployedMemoryMb: () => ({ go: 512, python: 512 }),
    print: (l) => out.push(l),
    printError: (l) => err.push(l),
    env: {},
  };
}

const group = (runtime: string, service: string, amount: string): Group => ({ Keys: [`runtime$${runtime}`, service], Metrics: { UnblendedCost: { Amount: amount, Unit: 'USD' } } });
const day = (date: string, groups: Group[], estimated = true) => ({ TimePeriod: { Start: date, End: date }, Estimated: estimated, Groups: groups });
const activeTags = (at = '2026-10-01T00:00:00Z') => ({
  CostAllocationTags: ['project', 'environment', 'runtime'].map((k) => ({ TagKey: k, Type: 'UserDefined' as const, Status: 'Active' as const, LastUpdatedDate: at })),
});
const reportFile = (since: string, until: string) => path.join(dir, `actual-cost-dev-${since}_${until}.json`);
const readReport = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as ActualCostReport;

/** A bench run against a dev stage, with per-1M figures from the real cost model. */
function benchRun(name: string, startedAt: string, target: string | null = 'https://abc123.execute-api.eu-west-1.amazonaws.com/dev'): string {
  const prices = loadPriceTable();
  const runtime = (runtimeName: string, warmMs: number) => ({
    name: runtimeName,
    memorySizes: [{ memoryMb: 512, cost: [costPerMillion(prices, 'x86_64', { memoryMb: 512, meanWarmBilledMs: warmMs, meanColdBilledMs: 800, measuredColdStartRate: 0.002 })] }],
  });
  const runDir = path.join(dir, name);
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(path.join(runDir, 'results.json'), JSON.stringify({ schemaVersion: RESULTS_SCHEMA_VERSION, run: { startedAt, options: { target } }, runtimes: [runtime('go', 5), runtime('python', 20)] }));
  return runDir;
}

beforeEach(() => {
  ce.reset();
  cw.reset();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-actual-'));
  out = [];
  err = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm run cost -- --actual', () => {
  test('follows every page (NextPageToken), merges a day split across pages, asks for the tagged, grouped, daily usage', async () => {
    // Prepare: the 20th is split over two pages.
    ce.on(ListCostAllocationTagsCommand).resolves(activeTags());
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce({ ResultsByTime: [day('2026-11-20', [group('go', 'AWS Lambda', '0.10')])], NextPageToken: 'page-2' })
      .resolvesOnce({ ResultsByTime: [day('2026-11-20', [group('python', 'AWS Lambda', '0.20')]), day('2026-11-21', [group('shared', 'Amazon API Gateway', '1.50')])] });
    // Act
    const code = await runActual(['--actual', '--since', '2026-11-20', '--until', '2026-11-21'], deps());
    // Assess
    expect(code).toBe(0);
    const calls = ce.commandCalls(GetCostAndUsageCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.args[0].input.NextPageToken).toBe('page-2');
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({ TimePeriod: { Start: '2026-11-20', End: '2026-11-22' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] });
    expect(input.GroupBy).toEqual([{ Type: 'TAG', Key: 'runtime' }, { Type: 'DIMENSION', Key: 'SERVICE' }]);
    expect(JSON.stringify(input.Filter)).toContain('{"Key":"environment","Values":["dev"],"MatchOptions":["EQUALS"]}');
    expect(JSON.stringify(input.Filter)).toContain('{"Key":"project","Values":["multi-runtime-benchmark"],"MatchOptions":["EQUALS"]}');
    const report = readReport(reportFile('2026-11-20', '2026-11-21'));
    expect(report.days.map((d) => [d.date, d.status, +d.totalUsd.toFixed(4)])).toEqual([
      ['2026-11-20', 'complete', 0.3],
      ['2026-11-21', 'complete', 1.5],
    ]);
    expect(report.actual.lines).toEqual([
      { runtime: 'go', service: 'lambda', usd: 0.1 },
      { runtime: 'python', service: 'lambda', usd: 0.2 },
      { runtime: 'shared', service: 'apiGateway', usd: 1.5 },
    ]);
    expect(report.complete).toBe(true);
    expect(report.costExplorerPages).toBe(2);
  });

  test('costs without a runtime tag ("runtime$") are reported as untagged, with why', async () => {
    // Prepare
    ce.on(ListCostAllocationTagsCommand).resolves(activeTags());
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [day('2026-11-20', [group('', 'AmazonCloudWatch', '0.05'), group('go', 'AmazonCloudWatch', '0.01')])] });
    // Act
    const code = await runActual(['--actual', '--since', '2026-11-20', '--until', '2026-11-20'], deps());
    // Assess
    expect(code).toBe(0);
    const report = readReport(reportFile('2026-11-20', '2026-11-20'));
    const untagged = report.comparison.find((c) => c.runtime === 'untagged')!;
    expect(untagged).toMatchObject({ service: 'cloudWatch', actualUsd: 0.05, modelUsd: null });
    expect(untagged.causes[0]).toMatch(/without a runtime tag/);
    expect(out.join('\n')).toMatch(/^untagged\s+CloudWatch\s+\$0\.0500/m);
  });

  test('an empty window of complete days: $0 recorded, said as such', async () => {
    // Prepare
    ce.on(ListCostAllocationTagsCommand).resolves(activeTags());
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [day('2026-11-20', []), day('2026-11-21', [])] });
    // Act
    const code = await runActual(['--actual', '--since', '2026-11-20', '--until', '2026-11-21'], deps());
    // Assess
    expect(code).toBe(0);
    const report = readReport(reportFile('2026-11-20', '2026-11-21'));
    expect(report).toMatchObject({ complete: true, actual: { totalUsd: 0, lines: [] }, comparison: [] });
    expect(out.join('\n')).toMatch(/No cost recorded on the complete days: nothing tagged environment=dev was billed then/);
  });

  test("Cost Explorer's lag: today and yesterday are provisional, never final, never $0, and outside the total", async () => {
    // Prepare: the 29th has partial data, the 30th (today) none yet.
    ce.on(ListCostAllocationTagsCommand).resolves(activeTags());
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [day('2026-11-28', [group('go', 'AWS Lambda', '0.40')]), day('2026-11-29', [group('go', 'AWS Lambda', '0.10')]), day('2026-11-30', [])] });
    // Act
    const code = await runActual(['--actual', '--since', '2026-11-28'], deps());
    // Assess
    expect(code).toBe(0);
    const report = readReport(reportFile('2026-11-28', '2026-11-30'));
    expect(report.days.map((d) => d.status)).toEqual(['complete', 'may-lag', 'may-lag']);
    expect(report.complete).toBe(false);
    expect(report.actual.totalUsd).toBeCloseTo(0.4);
    expect(report.provisional).toMatchObject({ days: ['2026-11-29', '2026-11-30'] });
    expect(report.provisional.totalUsd).toBeCloseTo(0.1);
    const text = out.join('\n');
    expect(text).toMatch(/^2026-11-29\s+\$0\.1000\?\s+may lag: not a final figure$/m);
    expect(text).toMatch(/^2026-11-30\s+n\/a\s+may lag: not a final figure$/m);
    expect(text).not.toMatch(/^2026-11-30\s+\$0\.0000/m);
    expect(text).toMatch(/complete: false/);
    expect(text).toContain('provisional (may lag, not in the total): $0.1000 so far on 2026-11-29 … 2026-11-30 (2 days)');
  });

  test('a window entirely within the lag: no comparison, and it says so', async () => {
    // Prepare
    ce.on(ListCostAllocationTagsCommand).resolves(activeTags());
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [] });
    benchRun('run-today', '2026-11-30T08:00:00Z');
    // Act
    const code = await runActual(['--actual', '--since', '2026-11-30'], deps());
    // Assess
    expect(code).toBe(0);
    expect(readReport(reportFile('2026-11-30', '2026-11-30'))).toMatchObject({ complete: false, model: null, modelAbsent: 'no complete day to compare' });
    expect(out.join('\n')).toMatch(/No complete day in this window yet/);
    expect(out.join('\n')).toContain('provisional (may lag, not in the total): no data yet on 2026-11-30');
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });

  test.each([
    ['not active', { CostAllocationTags: [...activeTags().CostAllocationTags.slice(0, 2), { TagKey: 'runtime', Type: 'UserDefined' as const, Status: 'Inactive' as const }] }, /runtime are not active.*TagKey=runtime,Status=Active/],
    ['never seen by Billing', { CostAllocationTags: activeTags().CostAllocationTags.slice(0, 1) }, /environment, runtime are unknown to Billing.*up to 24 hours.*TagKey=environment,Status=Active TagKey=runtime,Status=Active/],
  ])('tags %s: the fix, exit 1, no report, no cost query', async (_name, tags, message) => {
    // Prepare
    ce.on(ListCostAllocationTagsCommand).resolves(tags);
    // Act
    const code = await runActual(['--actual', '--since', '2026-11-20', '--until', '2026-11-21'], deps());
    // Assess
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(message);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(0);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(out).toEqual([]);
  });

  test('tags activated inside the window: the days before are marked, not counted; the tag list is paginated', async () => {
    // Prepare
    ce.on(ListCostAllocationTagsCommand)
      .resolvesOnce({ CostAllocationTags: activeTags('2026-11-21T10:00:00Z').CostAllocationTags.slice(0, 2), NextToken: 't2' })
      .resolvesOnce({ CostAllocationTags: activeTags('2026-11-21T10:00:00Z').CostAllocationTags.slice(2) });
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [day('2026-11-21', [group('go', 'AWS Lambda', '0.30')])] });
    // Act
    const code = await runActual(['--actual', '--since', '2026-11-20', '--until', '2026-11-21'], deps());
    // Assess
    expect(code).toBe(0);
    expect(ce.commandCalls(ListCostAllocationTagsCommand)[1]!.args[0].input.NextToken).toBe('t2');
    const report = readReport(reportFile('2026-11-20', '2026-11-21'));
    expect(report.days.map((d) => d.status)).toEqual(['before-tag-activation', 'complete']);
    expect(report.complete).toBe(false);
    expect(out.join('\n')).toMatch(/^2026-11-20\s+n\/a\s+before tag activation: not allocated$/m);
  });

  test('beside the model: CloudWatch invocations (paginated) priced by the newest bench run against the stage in the window', async () => {
    // Prepare: an older run, a local run and a prod run are not chosen.
    benchRun('older', '2026-11-20T09:00:00Z');
    benchRun('local', '2026-11-21T11:00:00Z', null);
    benchRun('prod', '2026-11-21T12:00:00Z', 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/');
    benchRun('newest', '2026-11-21T10:00:00Z');
    ce.on(ListCostAllocationTagsCommand).resolves(activeTags());
    ce.on(GetCostAndUsageCommand).resolves({
      ResultsByTime: [day('2026-11-21', [group('go', 'AWS Lambda', '0.000001'), group('python', 'AWS Lambda', '0.0000040'), group('shared', 'Amazon API Gateway', '0.0035'), group('shared', 'Amazon DynamoDB', '0.0003')])],
    });
    cw.on(GetMetricDataCommand)
      .resolvesOnce({ MetricDataResults: [{ Id: 'f0', Values: [600] }, { Id: 'f1', Values: [] }], NextToken: 'n2' })
      .resolvesOnce({ MetricDataResults: [{ Id: 'f0', Values: [400] }, { Id: 'f1', Values: [0] }] });
    // Act
    const code = await runActual(['--actual', '--since', '2026-11-21', '--until', '2026-11-21'], deps());
    // Assess
    expect(code).toBe(0);
    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls[1]!.args[0].input.NextToken).toBe('n2');
    expect(calls[0]!.args[0].input).toMatchObject({ StartTime: new Date('2026-11-21T00:00:00Z'), EndTime: new Date('2026-11-22T00:00:00Z') });
    expect(calls[0]!.args[0].input.MetricDataQueries!.map((q) => q.MetricStat!.Metric!.Dimensions![0]!.Value)).toEqual(['multi-runtime-benchmark-dev-go', 'multi-runtime-benchmark-dev-python']);
    const report = readReport(reportFile('2026-11-21', '2026-11-21'));
    expect(report.model!.basis.run).toMatch(/newest$/);
    expect(report.model!.invocations).toEqual({ go: 1000, python: 0 });
    const prices = loadPriceTable();
    const api = report.comparison.find((c) => c.service === 'apiGateway')!;
    expect(api.modelUsd).toBeCloseTo((1000 / 1e6) * prices.apiGateway.restRequestPerMillion, 10);
    expect(api.differenceUsd).toBeCloseTo(0.0035 - api.modelUsd!, 10);
    expect(api.causes.join(' ')).toMatch(/root \/health mock/);
    const go = report.comparison.find((c) => c.runtime === 'go' && c.service === 'lambda')!;
    expect(go.modelUsd).toBeGreaterThan(0);
    expect(go.causes.join(' ')).toMatch(/free tier/);
    expect(out.join("\n")).toMatch(/^Model: .*newest \(https:\/\/abc123\.execute-api\.eu-west-1\.amazonaws\.com\/dev, started 2026-11-21T10:00:00Z\)/m);
  });

  test('no bench run in the window: the bill alone, and how to name a run', async () => {
    // Prepare
    ce.on(ListCostAllocationTagsCommand).resolves(activeTags());
    ce.on(GetCostAndUsageCommand).resolves({ ResultsByTime: [day('2026-11-21', [group('go', 'AWS Lambda', '0.01')])] });
    // Act
    const code = await runActual(['--actual', '--since', '2026-11-21', '--until', '2026-11-21'], deps());
    // Assess
    expect(code).toBe(0);
    expect(readReport(reportFile('2026-11-21', '2026-11-21')).modelAbsent).toMatch(/no bench run against a dev stage started in the window .*--run results\/<run>/);
    expect(cw.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });

  test.each([
    ['no credentials', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), /no AWS credentials: sign in/],
    ['Cost Explorer not enabled', Object.assign(new Error('User not enabled for cost explorer access'), { name: 'AccessDeniedException' }), /Cost Explorer is not enabled for this account: .*Launch Cost Explorer/],
    ['a member account', Object.assign(new Error("Failed to list Cost Allocation Tags: Linked account doesn't have access to cost allocation tags"), { name: 'AccessDeniedException' }), /member account of an AWS Organization/],
    ['a missing permission', Object.assign(new Error('User: arn:aws:iam::1:user/x is not authorized to perform: ce:ListCostAllocationTags'), { name: 'AccessDeniedException' }), /needs ce:GetCostAndUsage, ce:ListCostAllocationTags, cloudwatch:GetMetricData/],
    ['data not yet available', Object.assign(new Error('Data is not available'), { name: 'DataUnavailableException' }), /no data for this account yet/],
  ])('%s: a clear message, exit 1, nothing written', async (_name, error, message) => {
    // Prepare
    ce.on(ListCostAllocationTagsCommand).rejects(error);
    // Act
    const code = await runActual(['--actual', '--since', '2026-11-20'], deps());
    // Assess
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(message);
    expect(out).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('a failure on a later page leaves no report behind', async () => {
    // Prepare
    ce.on(ListCostAllocationTagsCommand).resolves(activeTags());
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce({ ResultsByTime: [day('2026-11-20', [group('go', 'AWS Lambda', '0.10')])], NextPageToken: 'p2' })
      .rejectsOnce(Object.assign(new Error('data changed'), { name: 'RequestChangedException' }));
    // Act
    const code = await runActual(['--actual', '--since', '2026-11-20', '--until', '2026-11-21'], deps());
    // Assess
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/changed while its pages were being read: rerun/);
    expect(out).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test.each([
    [['--since', '2026-02-30'], /--since "2026-02-30" is not a date: use YYYY-MM-DD/],
    [['--since', '2026-12-01'], /--since 2026-12-01 is in the future \(today is 2026-11-30 UTC\)/],
    [['--since', '2026-11-01', '--until', '2026-12-02'], /--until 2026-12-02 is in the future/],
    [['--since', '2025-09-30'], /older than Cost Explorer keeps at daily granularity .*from 2025-10-01/],
    [['--since', '2026-11-10', '--until', '2026-11-09'], /is after --until/],
    [[], /--actual needs --since YYYY-MM-DD/],
    [['--since', '2026-11-01', '--environment', 'staging'], /--environment "staging" is not one of dev, prod/],
    [['--since', '2026-11-01', '--run', '/nonexistent/run'], /results\.json not found: --run needs a results\/<run> folder/],
  ])('bad input %j: the reason and the usage, exit 2, no AWS call', async (args, message) => {
    // Act
    const code = await runActual(['--actual', ...args], deps());
    // Assess
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(message);
    expect(err.join('\n')).toMatch(/usage|npm run cost -- --actual/);
    expect(ce.calls()).toHaveLength(0);
  });
});
