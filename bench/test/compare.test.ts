import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareRuns, loadRaw, main, metricSamples, renderComparison } from '../src/compare';
import { syntheticRaw } from './helpers/synthetic';

describe('bench:compare', () => {
  test('two draws of the same distributions: almost every metric is "~"', () => {
    // Act
    const rows = compareRuns(syntheticRaw(1), syntheticRaw(2));
    // Assess: α = 0.05 allows a few false alarms among dozens of metrics.
    const called = rows.filter((r) => r.significant).length;
    expect(rows.length).toBeGreaterThan(20);
    expect(called / rows.length).toBeLessThan(0.15);
  });

  test('a run where one runtime got slower is called worse on exactly that runtime', () => {
    // Prepare
    const a = syntheticRaw(1);
    const b = syntheticRaw(2);
    for (const s of b.coldStarts) if (s.runtime === 'fast' && s.initDurationMs) s.initDurationMs *= 2;
    // Act
    const rows = compareRuns(a, b);
    // Assess
    const row = rows.find((r) => r.key === 'fast/512MB/cold/initDuration')!;
    expect(row.verdict).toBe('worse');
    expect(rows.find((r) => r.key === 'slow/512MB/cold/initDuration')!.verdict).not.toBe('worse');
    expect(renderComparison(rows, 'A', 'B')).toContain('fast/512MB/cold/initDuration');
  });

  test('metrics present in one run only are listed as such', () => {
    // Prepare
    const a = syntheticRaw(1);
    const b = syntheticRaw(2);
    b.coldStarts = b.coldStarts.filter((s) => s.runtime !== 'twin');
    // Act
    const rows = compareRuns(a, b);
    // Assess
    expect(rows.find((r) => r.key === 'twin/512MB/cold/initDuration')!.verdict).toBe('only in A');
    expect(metricSamples(b).some((m) => m.key.startsWith('twin/512MB/cold'))).toBe(false);
  });

  test('the command reads two run folders and prints the table', () => {
    // Prepare
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-compare-'));
    for (const [name, seed] of [['a', 1], ['b', 2]] as const) {
      fs.mkdirSync(path.join(root, name, 'raw'), { recursive: true });
      fs.writeFileSync(path.join(root, name, 'raw', 'samples.json'), JSON.stringify(syntheticRaw(seed)));
    }
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      // Act
      const code = main([path.join(root, 'a'), path.join(root, 'b', 'results.json')]);
      // Assess
      expect(code).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toContain('delta B−A');
      expect(loadRaw(path.join(root, 'a')).coldStarts.length).toBeGreaterThan(0);
      expect(() => loadRaw(root)).toThrow(/not found/);
    } finally {
      log.mockRestore();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
