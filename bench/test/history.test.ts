/** results/index.json (history/index-file.ts) and the history page (history/trend.ts, render.ts, cli.ts) on synthetic runs. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { aggregate } from '../src/aggregate';
import { main as compareMain } from '../src/compare';
import { main } from '../src/history/cli';
import { buildIndex, updateIndex } from '../src/history/index-file';
import { renderHistory } from '../src/history/render';
import { histories } from '../src/history/trend';
import type { RawRun } from '../src/raw';
import type { BenchResults } from '../src/results';
import { syntheticSweep, syntheticSweepRaw } from './helpers/sweep-synthetic';
import { syntheticInput, syntheticRaw } from './helpers/synthetic';

function writeRun(root: string, dir: string, results: BenchResults, raw: RawRun): void {
  fs.mkdirSync(path.join(root, dir, 'raw'), { recursive: true });
  fs.writeFileSync(path.join(root, dir, 'results.json'), JSON.stringify(results));
  fs.writeFileSync(path.join(root, dir, 'raw', 'samples.json'), JSON.stringify(raw));
}

function quickRun(root: string, dir: string, seed: number, startedAt: string, commit: string, slowed?: { runtime: string; ms: number }): void {
  const raw = syntheticRaw({ seed, ...(slowed ? { slowed } : {}) });
  const input = syntheticInput(raw);
  input.run = { ...input.run, id: dir, startedAt, finishedAt: startedAt };
  input.environment = { ...input.environment, gitCommit: commit, gitDirty: seed === 2 };
  writeRun(root, dir, aggregate(input), raw);
}

describe('results/index.json', () => {
  let root: string;
  beforeEach(() => {
    // Prepare: three complete runs, and what a results folder also collects.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-history-'));
    quickRun(root, 'r1', 1, '2026-01-01T10:00:00.000Z', 'a'.repeat(40));
    quickRun(root, 'r3', 3, '2026-01-03T10:00:00.000Z', 'c'.repeat(40), { runtime: 'fast', ms: 5 });
    quickRun(root, 'r2', 2, '2026-01-02T10:00:00.000Z', 'b'.repeat(40));
    fs.writeFileSync(path.join(root, 'notes.txt'), 'a foreign file');
    fs.writeFileSync(path.join(root, '.index.json.partial-99'), '{"trunc');
    fs.mkdirSync(path.join(root, 'scratch'));
    fs.mkdirSync(path.join(root, 'broken'));
    fs.writeFileSync(path.join(root, 'broken', 'results.json'), '{"schemaVersion": 2, "run": {"id": "bro');
    fs.mkdirSync(path.join(root, 'old'));
    fs.writeFileSync(path.join(root, 'old', 'results.json'), '{"schemaVersion": 1}');
    fs.mkdirSync(path.join(root, 'odd'));
    fs.writeFileSync(path.join(root, 'odd', 'results.json'), '{"schemaVersion": 2, "run": {}}');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('lists complete runs oldest first, with commit, dirty flag, profile, machine and load', () => {
    const index = buildIndex(root);
    expect(index.runs.map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
    expect(index.runs[1]).toMatchObject({ dir: 'r2', profile: 'quick', commit: 'b'.repeat(40), dirty: true, hasRaw: true, rounds: 3, machine: { cpuModel: 'Test CPU', cores: 2 }, load: { noisy: false } });
    expect(index.runs[0]!.load.preRunLoadAvg).toEqual([0.1, 0.2, 0.3]);
  });

  test('foreign files are ignored; foreign, corrupt and old folders are skipped with the reason', () => {
    const index = buildIndex(root);
    const reasons = Object.fromEntries(index.skipped.map((s) => [s.dir, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['broken', 'odd', 'old', 'scratch']);
    expect(reasons.scratch).toMatch(/no results.json/);
    expect(reasons.broken).toMatch(/not valid JSON/);
    expect(reasons.old).toMatch(/schema version 1/);
    expect(reasons.odd).toMatch(/does not match its schema/);
  });

  test('a deleted run drops out when the index is rebuilt; the file is written whole', () => {
    updateIndex(root);
    fs.rmSync(path.join(root, 'r2'), { recursive: true });
    const { file, index } = updateIndex(root);
    expect(index.runs.map((r) => r.id)).toEqual(['r1', 'r3']);
    expect((JSON.parse(fs.readFileSync(file, 'utf8')) as { runs: unknown[] }).runs).toHaveLength(2);
    expect(fs.readdirSync(root).filter((f) => f.includes('partial') && f !== '.index.json.partial-99')).toEqual([]);
  });

  test('a run deleted after indexing, or without raw samples, costs its points or its step test, not the page', () => {
    const index = buildIndex(root);
    fs.rmSync(path.join(root, 'r2', 'raw'), { recursive: true });
    fs.rmSync(path.join(root, 'r1'), { recursive: true });
    const [quick] = histories(root, index.runs);
    expect(quick!.steps.map((s) => s.why ?? 'tested')).toEqual(['raw samples missing on one side: no test', 'raw samples missing on one side: no test']);
    expect(renderHistory(index, [quick!], 'results')).toContain('<svg');
  });
});

describe('the history page', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-history-'));
    quickRun(root, 'r1', 1, '2026-01-01T10:00:00.000Z', 'a'.repeat(40));
    quickRun(root, 'r2', 2, '2026-01-02T10:00:00.000Z', 'b'.repeat(40));
    quickRun(root, 'r3', 3, '2026-01-03T10:00:00.000Z', 'c'.repeat(40), { runtime: 'fast', ms: 5 });
    const s1 = syntheticSweep({ seed: 1, id: 's1', startedAt: '2026-01-04T10:00:00.000Z' });
    const s2raw = syntheticSweepRaw(2, { runtime: 'slow', ms: 5 });
    // A sweep picks its rate per size and run: the next one measured at another rate.
    for (const w of s2raw.warm) w.rate = 12;
    const s2 = syntheticSweep({ raw: s2raw, id: 's2', startedAt: '2026-01-05T10:00:00.000Z' });
    writeRun(root, 's1', s1.results, s1.raw);
    writeRun(root, 's2', s2.results, s2.raw);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a step change is flagged with bench:compare’s test, on the runtime that changed only', () => {
    const [quick] = histories(root, buildIndex(root).runs).filter((h) => h.profile === 'quick');
    expect(quick!.steps[0]!.flagged.filter((r) => r.key.includes('warm'))).toEqual([]);
    const flagged = quick!.steps[1]!.flagged;
    expect(flagged.map((r) => r.key)).toContain('fast/512MB/warm.10.p50');
    expect(flagged.every((r) => r.key.startsWith('fast/') && r.verdict === 'worse')).toBe(true);
    const chart = quick!.charts.find((c) => c.runtime === 'fast' && c.metric.id === 'warm.{rate}.p50')!;
    const series = chart.series.find((s) => s.name === '512 MB, 10 req/s')!;
    expect(series.points.map((p) => p.run)).toEqual([0, 1, 2]);
    expect(series.points[2]!.step?.verdict).toBe('worse');
    expect(series.points[2]!.ci95).not.toBeNull();
  });

  test('sweeps compare size by size at each size’s own rate', () => {
    const [sweep] = histories(root, buildIndex(root).runs).filter((h) => h.profile === 'sweep-quick');
    const keys = sweep!.steps[0]!.flagged.map((r) => r.key);
    expect(keys).toContain('slow/512MB/warm.0.p50');
    expect(keys.every((k) => k.startsWith('slow/'))).toBe(true);
    expect(sweep!.charts.find((c) => c.runtime === 'slow' && c.metric.id === 'warm.{rate}.p99')!.series.map((s) => s.name)).toEqual(["128 MB, size's rate", "512 MB, size's rate", "1769 MB, size's rate"]);
  });

  test('npm run bench:history writes a self-contained page with a trend chart per metric and runtime', () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const out = path.join(root, 'history.html');
    expect(main(['--results', root, '--out', out])).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).not.toMatch(/<script|<link[^>]+href=|<img|@import|url\(/i);
    expect(html).toContain('Profile quick — 3 runs');
    expect(html).toContain('Profile sweep-quick — 2 runs');
    for (const title of ['fast: Init Duration, cold requests doing real work', 'fast: Warm p50, steady state', 'slow: Warm p99, steady state', 'twin: Per-instance capacity']) expect(html).toContain(title);
    // Commits on the axis (* = uncommitted changes), the step marked.
    expect(html).toContain('>aaaaaaa<');
    expect(html).toContain('>bbbbbbb*<');
    expect(html).toContain('▲');
    expect(fs.existsSync(path.join(root, 'index.json'))).toBe(true);
    jest.restoreAllMocks();
  });

  test('bad arguments and empty folders: a clear message, exit ≠ 0, no page', () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-history-empty-'));
    try {
      expect(main(['--results', empty])).toBe(1);
      expect(fs.existsSync(path.join(empty, 'history.html'))).toBe(false);
      expect(main(['--results', path.join(empty, 'missing')])).toBe(1);
      expect(main(['--bogus'])).toBe(2);
      expect(main(['--results'])).toBe(2);
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([
        expect.stringMatching(/no complete run in .* nothing to draw/),
        expect.stringMatching(/is not a folder/),
        expect.stringMatching(/unknown option --bogus/),
        expect.stringMatching(/--results needs a value/),
      ]);
    } finally {
      jest.restoreAllMocks();
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('bench:compare on two sweeps', () => {
  test('warm metrics compare size by size, whatever rate each sweep chose', () => {
    // Prepare: the second sweep chose another rate at every size.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-compare-sweeps-'));
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const a = syntheticSweep({ seed: 1, id: 'a' });
      const braw = syntheticSweepRaw(2);
      for (const w of braw.warm) w.rate = 12;
      const b = syntheticSweep({ raw: braw, id: 'b' });
      writeRun(root, 'a', a.results, a.raw);
      writeRun(root, 'b', b.results, b.raw);
      // Act
      const code = compareMain([path.join(root, 'a'), path.join(root, 'b')]);
      // Assess
      const out = log.mock.calls.flat().join('\n');
      expect(code).toBe(0);
      expect(out).toMatch(/fast\/512MB\/warm\.0\.p50 +ms .* ~/);
      expect(out).not.toContain('only in A');
      expect(out).toContain("each at its size's own rate");
    } finally {
      log.mockRestore();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
