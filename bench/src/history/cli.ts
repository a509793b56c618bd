/**
 * `npm run bench:history [-- --results results] [--out results/history.html]`: rebuilds
 * results/index.json from the run folders and renders the trend page. Exits 0 when the page was
 * written; 1 when there is no run to draw (nothing useful to write); 2 on bad arguments.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../core/src/paths';
import { writeFileAtomic } from '../atomic';
import { updateIndex } from './index-file';
import { renderHistory } from './render';
import { histories } from './trend';


export const HISTORY_USAGE = 'usage: npm run bench:history [-- --results DIR] [--out FILE]   (default: results/ and results/history.html)';

export function parseHistoryArgs(argv: string[]): { resultsDir: string; out: string } {
  let resultsDir = path.join(REPO_ROOT, 'results');
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value\n${HISTORY_USAGE}`);
      return v;
    };
    if (a === '--results') resultsDir = path.resolve(value());
    else if (a === '--out') out = path.resolve(value());
    else throw new Error(`unknown option ${a}\n${HISTORY_USAGE}`);
  }
  return { resultsDir, out: out ?? path.join(resultsDir, 'history.html') };
}

export function main(argv: string[]): number {
  let args;
  try {
    args = parseHistoryArgs(argv);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  if (!fs.existsSync(args.resultsDir) || !fs.statSync(args.resultsDir).isDirectory()) {
    console.error(`${args.resultsDir} is not a folder: run \`npm run bench\` first, or give --results DIR`);
    return 1;
  }
  const { file, index } = updateIndex(args.resultsDir);
  for (const s of index.skipped) console.error(`skipped ${s.dir}: ${s.reason}`);
  if (!index.runs.length) {
    console.error(`no complete run in ${args.resultsDir} (${index.skipped.length} folders skipped): nothing to draw; run \`npm run bench\` first`);
    return 1;
  }
  const profiles = histories(args.resultsDir, index.runs);
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  writeFileAtomic(args.out, renderHistory(index, profiles, path.relative(REPO_ROOT, args.resultsDir) || '.'));
  console.log(`indexed ${index.runs.length} runs in ${path.relative(process.cwd(), file)}${index.skipped.length ? ` (${index.skipped.length} folders skipped)` : ''}`);
  for (const h of profiles) {
    const flagged = h.steps.reduce((n, s) => n + s.flagged.length, 0);
    console.log(`  ${h.profile}: ${h.runs.length} runs, ${h.charts.length} trend charts, ${flagged} significant step${flagged === 1 ? '' : 's'} between consecutive runs`);
    for (const s of h.steps) for (const f of s.flagged) console.log(`    ${s.to.id}: ${f.key} ${f.verdict} ${f.delta}`);
  }
  console.log(`wrote ${path.relative(process.cwd(), args.out)}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
