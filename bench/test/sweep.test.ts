/** A sweep's results block, schema and report (sweep/aggregate.ts, sweep/report.ts) on synthetic samples. */
import { renderSweepReport } from '../src/sweep/report';
import { renderSweepSummary, sweepTerminalLines } from '../src/sweep/summary';
import { loadPriceTable } from '../src/cost';
import { mixShares, sweepResult } from '../src/sweep/aggregate';
import { validateResults } from '../src/validate';
import { SWEEP_SIZES, sweepSettings, syntheticSweep } from './helpers/sweep-synthetic';

describe('the sweep block', () => {
  const { results } = syntheticSweep();
  const sw = results.sweep!;

  test('matches the results schema (version 2, sweep block optional)', () => {
    expect(validateResults(results)).toEqual([]);
    expect(results.schemaVersion).toBe(2);
  });

  test('one point per runtime and size, at the rate the probes set, with per-round values', () => {
    expect(sw.points).toHaveLength(3 * SWEEP_SIZES.length);
    // Round 1's probes set the rate; later rounds' (slower here) only keep the instances equally warm.
    expect(sw.sizes.map((z) => z.rateRps)).toEqual([10, 10, 10]);
    expect(sw.sizes[0]!.probes.map((p) => p.round)).toEqual([0, 0, 0]);
    const p = sw.points.find((x) => x.runtime === 'fast' && x.memoryMb === 512)!;
    expect(p.rounds.map((r) => r.round)).toEqual([0, 1, 2]);
    expect(p.held).toBe(true);
    expect(p.p99Ms.rounds).toBe(3);
    expect(p.p99Ms.ci95).not.toBeNull();
    // Round values behind the recommendation are the measures' own per-round values.
    expect(p.rounds.map((r) => r.p99Ms)).toEqual(p.p99Ms.perRound.map((v) => Math.round(v * 1e4) / 1e4));
    expect(p.initDurationMs!.rounds).toBe(3);
  });

  test('cost in four parts: the total is their sum, the constant parts equal for every point', () => {
    for (const p of sw.points) {
      const c = p.cost!;
      expect(c.lambdaComputeUsd + c.lambdaRequestsUsd + c.apiGatewayUsd + c.dynamoDbUsd).toBeCloseTo(c.totalUsd.estimate, 10);
      expect(c.apiGatewayUsd).toBe(sw.points[0]!.cost!.apiGatewayUsd);
      expect(c.computeUsd.estimate).toBeCloseTo(c.lambdaComputeUsd, 10);
    }
    // Same latencies at every size (synthetic): compute cost grows with memory.
    const fast = sw.points.filter((x) => x.runtime === 'fast').map((x) => x.cost!.computeUsd.estimate);
    expect(fast[0]!).toBeLessThan(fast[1]!);
    expect(fast[1]!).toBeLessThan(fast[2]!);
  });

  test('recommendations: per runtime by the strategy, across runtimes by the SLO, frontier drawn from eligible points', () => {
    expect(sw.perRuntime.map((p) => p.best)).toEqual([128, 128, 128]);
    expect(sw.acrossRuntimes.sloP99Ms).toBe(20);
    expect(sw.acrossRuntimes.best?.runtime).toMatch(/fast|twin/);
    expect(sw.acrossRuntimes.statement).toMatch(/^Cheapest with p99 ≤ 20 ms/);
    expect(sw.frontier.length).toBeGreaterThan(0);
    expect(sw.config.mix).toEqual(mixShares());
  });

  test('an unranked runtime is shown, never recommended; an SLO no point meets says so', () => {
    const { results: r } = syntheticSweep({ conformancePassed: ['slow'], settings: { sloP99Ms: 1 } });
    const a = r.sweep!.acrossRuntimes;
    expect(a.best).toBeNull();
    expect(a.closest?.runtime).toBe('slow');
    expect(a.statement).toMatch(/^No runtime meets p99 ≤ 1 ms at any memory size measured; the closest is slow/);
    expect(r.sweep!.frontier.every((f) => f.runtime === 'slow')).toBe(true);
    expect(r.sweep!.notes.join(' ')).toContain('fast is not ranked');
  });

  test('sizes that may take more cores than the harness leaves free are named', () => {
    expect(sw.notes.join(' ')).not.toContain('bound by the machine');
    const { results: r, raw } = syntheticSweep();
    r.environment.cores = 1;
    const notes = sweepResult(r, raw, sweepSettings(), loadPriceTable()).notes.join(' ');
    expect(notes).toContain('At 128 MB (0.07 vCPU on AWS), 512 MB (0.29 vCPU on AWS), 1769 MB (1 vCPU on AWS) an instance may take more than 0 of this machine');
  });

  test('the mix is stated: create, read, replace, list, delete in shares that add up to 1', () => {
    const shares = mixShares();
    expect(Object.keys(shares).map((k) => k.split(' ')[0])).toEqual(['create', 'read', 'replace', 'list', 'delete']);
    expect(Object.values(shares).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 10);
  });
});

describe('the sweep report', () => {
  const { results } = syntheticSweep();
  const html = renderSweepReport(results);

  test('is self-contained: no script, no external style, image or font', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  test('carries the recommendations, the three charts with intervals, the points and the model', () => {
    expect(html).toContain('Recommendations');
    expect(html).toContain('Lambda compute per 1M requests by memory size');
    expect(html).toContain('Client p99 by memory size');
    expect(html).toContain('Cost against p99: every runtime × memory size');
    expect(html).toContain('<figcaption>');
    expect(html).toContain('SLO p99 ≤ 20 ms');
    expect((html.match(/<svg/g) ?? []).length).toBe(3);
    // Whiskers (intervals) are drawn.
    expect(html).toMatch(/<path d="M[\d.]+ [\d.]+V[\d.]+/);
    expect(html).toContain('Pareto frontier');
    expect(html).toContain('Platform model:');
    expect(html).toContain('Power Tuning');
  });

  test('summary.md and the terminal lines carry the recommendations', () => {
    expect(renderSweepSummary(results)).toContain(results.sweep!.acrossRuntimes.statement);
    expect(sweepTerminalLines(results).join('\n')).toContain(results.sweep!.perRuntime[0]!.statement);
  });
});
