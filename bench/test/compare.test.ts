import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareRuns, loadRaw, main, metricRounds, renderComparison } from '../src/compare';
import { syntheticRaw } from './helpers/synthetic';

describe('bench:compare', () => {
  test('two draws of the same distributions: at most 5 % of metrics flagged', () => {
    // Act
    const rows = compareRuns(syntheticRaw({ seed: 1 }), syntheticRaw({ seed: 2 }));
    // Assess
    const compared = rows.filter((r) => r.verdict !== 'only in A' && r.verdict !== 'only in B');
    expect(compared.length).toBeGreaterThan(40);
    expect(rows.filter((r) => r.significant).length / compared.length).toBeLessThanOrEqual(0.05);
  });

  test('the slowed fixture (+5 ms per request on one runtime) is flagged on that runtime’s latency metrics and no other runtime', () => {
    // Prepare
    const a = syntheticRaw({ seed: 1 });
    const b = syntheticRaw({ seed: 2, slowed: { runtime: 'fast', ms: 5 } });
    // Act
    const rows = compareRuns(a, b);
    // Assess
    const flagged = rows.filter((r) => r.significant);
    for (const key of ['fast/512MB/warm.10.p50', 'fast/512MB/warm.20.p50', 'fast/512MB/warm.10.p99', 'fast/512MB/warm.20.p99', 'fast/512MB/warm.10.server', 'fast/512MB/warm.20.server']) {
      expect(rows.find((r) => r.key === key)).toMatchObject({ verdict: 'worse', significant: true });
    }
    expect(flagged.every((r) => r.key.startsWith('fast/'))).toBe(true);
    expect(renderComparison(rows, 'A', 'B')).toContain('fast/512MB/warm.10.p50');
  });

  test('a run where one runtime’s cold start doubled is called worse on exactly that runtime', () => {
    // Prepare
    const a = syntheticRaw({ seed: 1 });
    const b = syntheticRaw({ seed: 2 });
    for (const s of b.coldStarts) if (s.runtime === 'fast' && s.initDurationMs) s.initDurationMs *= 2;
    // Act
    const rows = compareRuns(a, b);
    // Assess
    expect(rows.find((r) => r.key === 'fast/512MB/cold.initDuration')!.verdict).toBe('worse');
    expect(rows.find((r) => r.key === 'slow/512MB/cold.initDuration')!.verdict).toBe('~');
  });

  test('higher capacity is better, not worse', () => {
    const a = syntheticRaw({ seed: 1 });
    const b = syntheticRaw({ seed: 2 });
    for (const s of b.capacity) if (s.runtime === 'slow') s.capacityRps! *= 2;
    expect(compareRuns(a, b).find((r) => r.key === 'slow/512MB/capacity')!.verdict).toBe('better');
  });

  test('metrics present in one run only are listed as such', () => {
    // Prepare
    const a = syntheticRaw({ seed: 1 });
    const b = syntheticRaw({ seed: 2 });
    b.coldStarts = b.coldStarts.filter((s) => s.runtime !== 'twin');
    // Act
    const rows = compareRuns(a, b);
    // Assess
    expect(rows.find((r) => r.key === 'twin/512MB/cold.initDuration')!.verdict).toBe('only in A');
    expect(metricRounds(b).some((m) => m.key.startsWith('twin/512MB/cold'))).toBe(false);
  });

  test('one round a side makes no call and says so', () => {
    const rows = compareRuns(syntheticRaw({ seed: 1, rounds: 1 }), syntheticRaw({ seed: 2, rounds: 1 }));
    expect(rows.every((r) => !r.significant)).toBe(true);
    expect(rows.find((r) => r.key === 'fast/512MB/warm.10.p50')!.delta).toMatch(/fewer than two rounds/);
  });

  test('the command reads two run folders and prints the table; a missing folder is a clear error', () => {
    // Prepare
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-compare-'));
    for (const [name, seed] of [['a', 1], ['b', 2]] as const) {
      fs.mkdirSync(path.join(root, name, 'raw'), { recursive: true });
      fs.writeFileSync(path.join(root, name, 'raw', 'samples.json'), JSON.stringify(syntheticRaw({ seed })));
    }
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      // Act
      const code = main([path.join(root, 'a'), path.join(root, 'b', 'results.json')]);
      const missing = main([path.join(root, 'a'), path.join(root, 'nope')]);
      // Assess
      expect(code).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toContain('Benjamini–Hochberg');
      expect(missing).toBe(2);
      expect(err.mock.calls.flat().join('\n')).toMatch(/not found/);
      expect(loadRaw(path.join(root, 'a')).capacity.length).toBeGreaterThan(0);
    } finally {
      log.mockRestore();
      err.mockRestore();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
