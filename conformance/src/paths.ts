/** Where things are, resolved from this file so that any working directory works. */
import * as path from 'node:path';

export const CONFORMANCE_DIR = path.resolve(__dirname, '..');
export { CONTRACT_PATH, REPO_ROOT } from '../../core/src/paths';
export const RESULTS_DIR = path.join(CONFORMANCE_DIR, 'results');
