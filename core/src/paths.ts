/**
 * Where the repository's shared things are, resolved from this file so that any working
 * directory works: the root, the contract, the runtimes' folder, the platform's stand-ins
 * for AWS's managed-runtime bootstraps.
 */
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CONTRACT_PATH = path.join(REPO_ROOT, 'openapi', 'openapi.yaml');
/** One folder per runtime, each with a runtime.json (found by glob: adding one touches only its folder). */
export const LAMBDAS_DIR = path.join(REPO_ROOT, 'lambdas');
/** The manifests' schema (data beside the manifests it describes). */
export const MANIFEST_SCHEMA_PATH = path.join(LAMBDAS_DIR, 'runtime.schema.json');
/** The platform's stand-ins for AWS's managed-runtime bootstraps (launch settings per language): `{managedRuntimes}`. */
export const MANAGED_RUNTIMES_DIR = path.join(REPO_ROOT, 'platform', 'managed-runtimes');
