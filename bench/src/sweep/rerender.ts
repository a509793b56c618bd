/**
 * `npm run bench:report -- results/<sweep> [--slo-p99 MS] [--strategy ...] [--balanced-weight W]`:
 * recomputes a sweep's block and pages from its raw samples, optionally with another SLO or
 * strategy (the recommendations change; the measurements do not).
 */
import * as path from 'node:path';
import { loadRaw } from '../compare';
import { loadPriceTable } from '../cost';
import type { BenchResults } from '../results';
import { sweepResult } from './aggregate';
import { parseSlo, parseStrategy, parseWeight, type Strategy, type SweepSettings } from './options';
import { renderSweepReport } from './report';
import { renderSweepSummary } from './summary';
import type { SweepResult } from './types';

export interface SweepOverrides {
  sloP99Ms?: number;
  strategy?: Strategy;
  balancedWeight?: number;
}

export function parseRerenderArgs(argv: string[]): { dirs: string[]; overrides: SweepOverrides } {
  const dirs: string[] = [];
  const overrides: SweepOverrides = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--slo-p99') overrides.sloP99Ms = parseSlo(argv[++i]);
    else if (a === '--strategy') overrides.strategy = parseStrategy(argv[++i]);
    else if (a === '--balanced-weight') overrides.balancedWeight = parseWeight(argv[++i]);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a} (bench:report takes run folders, and for sweeps --slo-p99, --strategy, --balanced-weight)`);
    else dirs.push(a);
  }
  if (overrides.balancedWeight !== undefined && overrides.strategy !== undefined && overrides.strategy !== 'balanced') throw new Error(`--balanced-weight applies to --strategy balanced only`);
  return { dirs, overrides };
}

/** The settings a sweep ran with, as its results.json recorded them. */
export function settingsFromConfig(c: SweepResult['config']): SweepSettings {
  const { quick, strategy, balancedWeight, sloP99Ms, rateFraction, rateCapRps, minRequests, minWindowS, maxWindowS, probeSeconds } = c;
  return { quick, strategy, balancedWeight, sloP99Ms, rateFraction, rateCapRps, minRequests, minWindowS, maxWindowS, probeSeconds };
}

/** Sets results.sweep again and renders the sweep's pages; undefined for a run that was not a sweep. */
export function recomputeSweep(old: BenchResults, results: BenchResults, runDir: string, overrides: SweepOverrides): { report: string; summary: string } | undefined {
  if (!old.sweep) {
    if (Object.keys(overrides).length) throw new Error(`${path.join(runDir, 'results.json')} is not a sweep: --slo-p99, --strategy and --balanced-weight apply to sweeps only`);
    return undefined;
  }
  const s = { ...settingsFromConfig(old.sweep.config), ...overrides };
  if (overrides.strategy && overrides.strategy !== 'balanced' && overrides.balancedWeight === undefined) s.balancedWeight = 0.5;
  results.sweep = sweepResult(results, loadRaw(runDir), s, loadPriceTable());
  return { report: renderSweepReport(results), summary: renderSweepSummary(results) };
}
