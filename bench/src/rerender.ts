/**
 * `npm run bench:report -- results/<run>`: recomputes results.json, report.html and
 * summary.md of a finished run from its raw/samples.json with the current code (after a fix
 * to the statistics or the report, without measuring again). The run's own description (run,
 * environment, conformance, generator ceiling, runtimes and floors) is kept from its results.json.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { aggregate } from './aggregate';
import { writeFileAtomic } from './atomic';
import { loadRaw } from './compare';
import { loadPriceTable } from './cost';
import { markReportIncomplete, markSummaryIncomplete } from './incomplete';
import { renderReport } from './report';
import { RESULTS_SCHEMA_VERSION, withTarget, type BenchResults } from './results';
import { renderSummary } from './summary';
import { parseRerenderArgs, recomputeSweep, type SweepOverrides } from './sweep/rerender';
import { validateResults } from './validate';

/** `overrides` (--slo-p99, --strategy, --balanced-weight) re-run a sweep's recommendations without measuring again. */
export function rerender(runDir: string, overrides: SweepOverrides = {}): BenchResults {
  const file = path.join(runDir, 'results.json');
  if (!fs.existsSync(file)) throw new Error(`${file} not found: give a results/<run> folder`);
  const old = JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResults;
  if (old.schemaVersion !== RESULTS_SCHEMA_VERSION) throw new Error(`${file} has schema version ${String(old.schemaVersion)}; only version ${RESULTS_SCHEMA_VERSION} runs can be recomputed (re-run the bench)`);
  const results = aggregate({
    run: old.run,
    environment: old.environment,
    conformance: old.conformance,
    prices: loadPriceTable(),
    runtimes: old.runtimes.map((r) => ({ name: r.name, language: r.language, framework: r.framework, awsRuntime: r.awsRuntime, architecture: r.architecture as 'x86_64' | 'arm64', packageBytes: r.packageBytes, ...(r.floor ? { floor: r.floor } : {}) })),
    floors: old.floors.map((f) => ({ name: f.name, language: f.language, awsRuntime: f.awsRuntime, packageBytes: f.packageBytes })),
    raw: loadRaw(runDir),
    loadGenerator: { openModelMaxRps: old.loadGenerator.openModelMaxRps, closedModelMaxRps: old.loadGenerator.closedModelMaxRps, configuration: old.loadGenerator.configuration },
    rawFiles: old.raw,
  });
  // A sweep's block and pages come from sweep/ (its points, frontier and recommendations).
  const sweep = recomputeSweep(old, results, runDir, overrides);
  // A --target run keeps its deployment, count check and incomplete reasons (they come from raw/target.json's run, not from samples).
  if (old.target) withTarget(results, old.target, old.incomplete?.reasons ?? []);
  const problems = validateResults(results);
  if (problems.length) throw new Error(`recomputed results do not match the schema: ${problems.slice(0, 5).join('; ')}`);
  writeFileAtomic(file, JSON.stringify(results, null, 2));
  writeFileAtomic(path.join(runDir, 'report.html'), sweep ? sweep.report : markReportIncomplete(renderReport(results), results.incomplete?.reasons));
  writeFileAtomic(path.join(runDir, 'summary.md'), sweep ? sweep.summary : markSummaryIncomplete(renderSummary(results), results.incomplete?.reasons));
  return results;
}

if (require.main === module) {
  let dirs: string[];
  let overrides: SweepOverrides;
  try {
    ({ dirs, overrides } = parseRerenderArgs(process.argv.slice(2)));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  if (!dirs.length) {
    console.error('usage: npm run bench:report -- <results/run> [...] [--slo-p99 MS] [--strategy cost|speed|balanced] [--balanced-weight W]   (the last three: sweeps only)');
    process.exit(2);
  }
  try {
    for (const d of dirs) {
      rerender(d, overrides);
      console.log(`recomputed ${d}/{results.json,report.html,summary.md}`);
    }
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
