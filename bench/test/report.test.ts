import { aggregate } from '../src/aggregate';
import { renderReport } from '../src/report';
import type { BenchResults } from '../src/results';
import { renderSummary, SUMMARY_HEAD, summaryRows, terminalTable } from '../src/summary';
import { syntheticInput, syntheticRaw } from './helpers/synthetic';

const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('report.html and summary.md', () => {
  let results: BenchResults;
  let html: string;
  beforeAll(() => {
    results = aggregate(syntheticInput(syntheticRaw(), ['fast', 'twin']));
    html = renderReport(results);
  });

  test('the report is self-contained: no external scripts, styles, images or fonts', () => {
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/<img[^>]+src="http/i);
    expect(html).not.toMatch(/@import|url\(/i);
    // The only URLs are the price table's sources and lambda-perf's data, as plain links.
    const urls = [...html.matchAll(/https?:\/\/[^"'<\s)]+/g)].map((m) => m[0]);
    expect(urls.every((u) => u.startsWith('https://aws.amazon.com/') || u.startsWith('https://github.com/maxday/lambda-perf/') || u === 'http://www.w3.org/2000/svg')).toBe(true);
  });

  test('the report carries every chart, the environment, the verdict and the conclusions', () => {
    for (const title of [
      'Init Duration, cold requests doing real work',
      'Cold request end to end at 512 MB',
      'Per-instance capacity: < 1 % errors, p99 < 100 ms',
      'Warm latency at 10 req/s, 512 MB, steady state',
      'Latency distribution at 10 req/s, 512 MB',
      'Drift: warm p50 per round at 10 req/s, 512 MB',
      'Drift: Init Duration per round, 512 MB',
      'Max Memory Used under load (peak over the warm invocations)',
      'Package size',
      'Lambda compute per 1M requests at 512 MB with billed init',
    ]) {
      expect(html).toContain(escaped(title));
    }
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(12);
    expect(html).toContain('Test CPU');
    expect(html).toContain('slow</b>: conformance failed');
    expect(html).toContain('Steady-state cold starts');
    for (const c of results.conclusions) expect(html).toContain(escaped(c));
  });

  test('labels say what is plotted and tested: no chart titled "median" that plots the maximum; the significance section names the paired t-test and Holm', () => {
    expect(html).not.toMatch(/median over invocations/);
    expect(html).not.toMatch(/Mann–Whitney|bootstrap/);
    const significance = html.slice(html.indexOf('<h2>Significance calls</h2>'), html.indexOf('<h2>Machine load</h2>'));
    expect(significance).toContain('paired t-test');
    expect(significance).toContain('Holm');
  });

  test('the latency distribution is drawn on log axes, one line per runtime', () => {
    const start = html.indexOf(escaped('Latency distribution at 10 req/s, 512 MB'));
    const svg = html.slice(start, html.indexOf('</svg>', start));
    expect(svg).toContain('log axes');
    expect((svg.match(/<polyline/g) ?? []).length).toBe(3);
    for (const p of ['50%', '90%', '99%', '99.9%']) expect(svg).toContain(`>${p}<`);
  });

  test('the error gate is shown exactly, not rounded', () => {
    const raw = syntheticRaw();
    for (const s of raw.warm.filter((w) => w.runtime === 'slow' && w.rate === 10)) {
      s.measuredRequests = 10_000;
      s.measuredErrors = 149;
    }
    expect(renderReport(aggregate(syntheticInput(raw)))).toContain('1.49 % of the measured');
  });

  test('a noisy run and a slowed fixture are marked in the report and the summary', () => {
    // Prepare
    const raw = syntheticRaw();
    raw.preRun = { ...raw.preRun!, otherShare: 0.5, otherCores: 1 };
    const input = syntheticInput(raw);
    input.run.options.slowed = { runtime: 'fast', ms: 5 };
    // Act
    const r = aggregate(input);
    const page = renderReport(r);
    const md = renderSummary(r);
    // Assess
    expect(page).toContain('<b>NOISY run</b>');
    expect(page).toContain('<b>FIXTURE</b>: fast slowed on purpose');
    expect(md).toContain('**NOISY run**');
    expect(md).toContain('**FIXTURE**');
    expect(html).toContain('<b>Quiet machine</b>');
  });

  test('summary.md has one row per runtime and memory size, the load record and the conclusions', () => {
    // Act
    const md = renderSummary(results);
    // Assess
    expect(md).toContain('| runtime | MB |');
    expect(md.split('\n').filter((l) => /^\| (fast|twin|slow\*) \| 512 \|/.test(l))).toHaveLength(3);
    expect(md).toMatch(/Machine load: before the run others used 2 % of the CPU/);
    expect(md).toContain('## Conclusions');
  });

  test('the terminal table aligns its columns', () => {
    // Act
    const text = terminalTable(SUMMARY_HEAD, summaryRows(results));
    const lines = text.split('\n');
    // Assess
    expect(lines).toHaveLength(2 + 3);
    expect(new Set(lines.map((l) => l.trimEnd().length <= lines[1]!.length)).has(false)).toBe(false);
  });
});
