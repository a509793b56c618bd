/**
 * The history's data: for the runs of one profile, oldest first, each headline metric per runtime
 * and series (memory size, rate) with its round-based estimate and interval from the run's
 * results.json, and the step changes between consecutive runs — called by exactly the test
 * `npm run bench:compare` makes (compare.ts compareRuns: Welch's t on per-round values of the
 * two runs' raw samples, Benjamini–Hochberg over all their metrics). A sweep's rate is chosen per
 * size and run (sweep/rate.ts), so between sweeps the warm metrics are compared at "the size's
 * rate" whatever it was in each run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareRuns, loadRaw, type CompareRow } from '../compare';
import type { RawRun } from '../raw';
import type { BenchResults, MemorySizeResult } from '../results';
import type { Measure } from '../rounds';
import { comparableRaw, isSweepProfile, SWEEP_RATE_KEY } from '../sweep/comparable';
import type { IndexedRun } from './index-file';

export interface HeadlineMetric {
  /** metrics.ts id, with {rate} where it depends on the rate. */
  id: string;
  label: string;
  unit: string;
  higherIsBetter: boolean;
  values(m: MemorySizeResult, sweep: boolean): { series: string; rateKey?: number; measure: Measure | undefined }[];
}

const warm = (pick: 'p50' | 'p99') => (m: MemorySizeResult, sweep: boolean) =>
  m.warm.map((w) => ({ series: sweep ? `${m.memoryMb} MB, size's rate` : `${m.memoryMb} MB, ${w.rate} req/s`, rateKey: sweep ? SWEEP_RATE_KEY : w.rate, measure: w[pick] }));

export const HEADLINE_METRICS: HeadlineMetric[] = [
  { id: 'cold.initDuration', label: 'Init Duration, cold requests doing real work', unit: 'ms', higherIsBetter: false, values: (m) => [{ series: `${m.memoryMb} MB`, measure: m.coldStart?.initDurationMs }] },
  { id: 'warm.{rate}.p50', label: 'Warm p50, steady state', unit: 'ms', higherIsBetter: false, values: warm('p50') },
  { id: 'warm.{rate}.p99', label: 'Warm p99, steady state', unit: 'ms', higherIsBetter: false, values: warm('p99') },
  { id: 'capacity', label: 'Per-instance capacity', unit: 'req/s', higherIsBetter: true, values: (m) => [{ series: `${m.memoryMb} MB`, measure: m.capacity?.rps }] },
];

export interface TrendPoint {
  /** Position of the run in its profile's history. */
  run: number;
  estimate: number;
  ci95: [number, number] | null;
  noisy: boolean;
  /** The bench:compare row against the previous run, where it made a call. */
  step?: CompareRow;
}

export interface TrendSeries {
  name: string;
  points: TrendPoint[];
}

export interface TrendChart {
  metric: HeadlineMetric;
  runtime: string;
  series: TrendSeries[];
}

export interface ProfileHistory {
  profile: string;
  runs: IndexedRun[];
  charts: TrendChart[];
  /** Per consecutive pair (run i − 1 → i): the significant rows, or why there is no test. */
  steps: { from: IndexedRun; to: IndexedRun; flagged: CompareRow[]; tested: number; why?: string }[];
}


function readResults(resultsDir: string, run: IndexedRun): BenchResults | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(resultsDir, run.dir, 'results.json'), 'utf8')) as BenchResults;
  } catch {
    return undefined; // deleted or changed since it was indexed: its points are missing, nothing else
  }
}

export function profileHistory(resultsDir: string, profile: string, runs: IndexedRun[]): ProfileHistory {
  const sweep = isSweepProfile(profile);
  const results = runs.map((r) => readResults(resultsDir, r));
  const raws = runs.map((r): RawRun | undefined => {
    if (!r.hasRaw) return undefined;
    try {
      return comparableRaw(loadRaw(path.join(resultsDir, r.dir)), sweep);
    } catch {
      return undefined;
    }
  });
  const steps: ProfileHistory['steps'] = [];
  const rowsByPair: Map<string, CompareRow>[] = runs.map(() => new Map());
  for (let i = 1; i < runs.length; i++) {
    const [a, b] = [raws[i - 1], raws[i]];
    if (!a || !b) {
      steps.push({ from: runs[i - 1]!, to: runs[i]!, flagged: [], tested: 0, why: 'raw samples missing on one side: no test' });
      continue;
    }
    const rows = compareRuns(a, b, results[i]?.run.options.instanceWarmup ?? 10);
    for (const row of rows) rowsByPair[i]!.set(row.key, row);
    steps.push({ from: runs[i - 1]!, to: runs[i]!, flagged: rows.filter((x) => x.significant), tested: rows.filter((x) => x.verdict !== 'only in A' && x.verdict !== 'only in B').length });
  }
  const runtimes = [...new Set(results.flatMap((r) => r?.runtimes.map((x) => x.name) ?? []))].sort();
  const charts: TrendChart[] = [];
  for (const metric of HEADLINE_METRICS) {
    for (const runtime of runtimes) {
      const series = new Map<string, TrendPoint[]>();
      results.forEach((r, i) => {
        for (const m of r?.runtimes.find((x) => x.name === runtime)?.memorySizes ?? []) {
          for (const v of metric.values(m, sweep)) {
            if (!v.measure || v.measure.rounds === 0 || !Number.isFinite(v.measure.estimate)) continue;
            const key = `${runtime}/${m.memoryMb}MB/${metric.id.replace('{rate}', String(v.rateKey ?? ''))}`;
            const step = rowsByPair[i]!.get(key);
            const point: TrendPoint = { run: i, estimate: v.measure.estimate, ci95: v.measure.ci95, noisy: runs[i]!.load.noisy, ...(step?.significant ? { step } : {}) };
            series.set(v.series, [...(series.get(v.series) ?? []), point]);
          }
        }
      });
      if (series.size) charts.push({ metric, runtime, series: [...series.entries()].sort((x, y) => parseInt(x[0]) - parseInt(y[0]) || x[0].localeCompare(y[0])).map(([name, points]) => ({ name, points })) });
    }
  }
  return { profile, runs, charts, steps };
}

/** Every profile's history, the profile with the most runs first. */
export function histories(resultsDir: string, runs: IndexedRun[]): ProfileHistory[] {
  const byProfile = new Map<string, IndexedRun[]>();
  for (const r of runs) byProfile.set(r.profile, [...(byProfile.get(r.profile) ?? []), r]);
  return [...byProfile.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])).map(([p, rs]) => profileHistory(resultsDir, p, rs));
}
