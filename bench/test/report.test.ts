import { aggregate } from '../src/aggregate';
import { renderReport } from '../src/report';
import type { BenchResults } from '../src/results';
import { renderSummary, SUMMARY_HEAD, summaryRows, terminalTable } from '../src/summary';
import { syntheticInput, syntheticRaw } from './helpers/synthetic';

describe('report.html and summary.md', () => {
  let results: BenchResults;
  beforeAll(() => {
    results = aggregate(syntheticInput(syntheticRaw(), ['fast', 'twin']));
  });

  test('the report is self-contained: no external scripts, styles, images or fonts', () => {
    // Act
    const html = renderReport(results);
    // Assess: the only URLs are the price table's sources, as plain links.
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/<img[^>]+src="http/i);
    expect(html).not.toMatch(/@import|url\(/i);
    const urls = [...html.matchAll(/https?:\/\/[^"'<\s)]+/g)].map((m) => m[0]);
    expect(urls.every((u) => u.startsWith('https://aws.amazon.com/') || u === 'http://www.w3.org/2000/svg')).toBe(true);
  });

  test('the report carries every chart, the environment, the verdict and the conclusions', () => {
    // Act
    const html = renderReport(results);
    // Assess
    for (const title of ['Cold start: Init Duration', 'Warm latency at 10 req/s', 'Throughput', 'Max Memory Used', 'Package size', 'Cost per 1M requests against memory size']) {
      expect(html).toContain(title);
    }
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(7);
    expect(html).toContain('Test CPU');
    expect(html).toContain('Conformance');
    expect(html).toContain('slow</b>: conformance failed');
    expect(html).toContain('cold starts per 1,000 requests');
    for (const c of results.conclusions) expect(html).toContain(c.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });

  test('summary.md has one row per runtime and memory size, and the conclusions', () => {
    // Act
    const md = renderSummary(results);
    // Assess
    expect(md).toContain('| runtime | MB |');
    expect(md.split('\n').filter((l) => /^\| (fast|twin|slow\*) \| 512 \|/.test(l))).toHaveLength(3);
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
