/** Where things are, resolved from this file so that any working directory works. */
import * as path from 'node:path';

export const CONFORMANCE_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(CONFORMANCE_DIR, '..');
export const CONTRACT_PATH = path.join(REPO_ROOT, 'openapi', 'openapi.yaml');
export const RESULTS_DIR = path.join(CONFORMANCE_DIR, 'results');
