/** The calibration's reference: lambda-perf's per-run figures, kept as a dated data file in bench/calibrate. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../../core/src/paths';
import type { LambdaPerfData } from './evaluate';

export const CALIBRATE_DIR = path.join(REPO_ROOT, 'bench', 'calibrate');

/** The newest lambda-perf data file kept in bench/calibrate. */
export function loadLambdaPerf(dir = CALIBRATE_DIR): LambdaPerfData {
  const files = fs.readdirSync(dir).filter((f) => /^lambda-perf-\d{4}-\d{2}-\d{2}\.json$/.test(f)).sort();
  if (!files.length) throw new Error(`no lambda-perf-YYYY-MM-DD.json in ${path.relative(REPO_ROOT, dir)}`);
  return JSON.parse(fs.readFileSync(path.join(dir, files.at(-1)!), 'utf8')) as LambdaPerfData;
}
