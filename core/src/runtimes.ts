/**
 * The runtime manifests: every `lambdas/<runtime>/runtime.json`, found by glob and
 * validated against lambdas/runtime.schema.json. Platform, conformance, bench, infra
 * and CI all read runtimes through this module, so adding a runtime touches only its folder.
 */
import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAMBDAS_DIR, MANAGED_RUNTIMES_DIR, MANIFEST_SCHEMA_PATH, REPO_ROOT } from './paths';

export interface RuntimeManifest {
  name: string;
  language: string;
  framework: string;
  build: { command: string[]; inputs: string[]; artifact: string };
  aws: {
    runtime: string;
    handler: string;
    architecture: 'arm64' | 'x86_64';
    memoryMb: number;
    timeoutSeconds: number;
    environment?: Record<string, string>;
    /** Reserved concurrency on AWS; the local platform's per-function limit defaults to it. */
    reservedConcurrency?: number;
    /** Ephemeral storage (/tmp) size in MB; Lambda's default is 512. */
    ephemeralStorageMb?: number;
  };
  local: { taskRoot: string; command: string[]; env?: Record<string, string>; dev?: string[] };
  test?: { command: string[]; setup?: string[] };
  /** The bench floor it is measured against: a folder under bench/floors/ (lambdas only, not floors). */
  bench?: { floor: string };
  /** Tools that build it; bench results record each one's version (first line of versionCommand). */
  toolchain?: { name: string; versionCommand: string[]; setup?: SetupStep }[];
  /** Deployable variants only the CDK app builds (e.g. a native image); infra/lib/variants.ts. */
  variants?: VariantConfig[];
  /** How `npm run codegen` makes generated/<…> for this runtime (scripts/codegen.ts). */
  codegen?: CodegenConfig;
  /** Linters and format checks, zero warnings (`npm run lint:runtimes`). */
  lint?: { command: string[] };
}

/** A GitHub Actions step installing a tool on CI (scripts/ci-workflow.ts writes the workflow from these). */
export interface SetupStep {
  /** `owner/action@<sha> # vX`. */
  uses: string;
  with?: Record<string, string | boolean | number>;
}

/** The manifest's `variants[]` entry: the runtime with these fields replaced (lambdas/runtime.schema.json). */
export interface VariantConfig {
  name: string;
  language?: string;
  contextFlag?: string;
  build: { command: string[]; inputs: string[]; artifact: string };
  aws: Partial<Omit<RuntimeManifest['aws'], 'reservedConcurrency' | 'ephemeralStorageMb'>> & { removeEnvironment?: string[] };
  local: { taskRoot: string; command: string[] };
  check?: string[];
  missingHint?: string;
}

/** The manifest's `codegen` block (lambdas/runtime.schema.json says what each field means). */
export interface CodegenConfig {
  output: string;
  comment: string;
  openapiGenerator?: { config: string; keep: string[] };
  command?: string[];
  templates?: { template: string; file: string }[];
  format?: string[];
  followTest?: string[];
}

/** A manifest plus where it lives. */
export interface Runtime extends RuntimeManifest {
  /** Absolute path of lambdas/<name>. */
  dir: string;
  /** Absolute path of the deployable artifact. */
  artifactPath: string;
  /** Absolute path of the unpacked artifact. */
  taskRootPath: string;
}

function validator() {
  const schema = JSON.parse(fs.readFileSync(MANIFEST_SCHEMA_PATH, 'utf8')) as object;
  return new Ajv({ allErrors: true }).compile<RuntimeManifest>(schema);
}

/** Reads one manifest file; throws with every schema violation if it is invalid. */
export function readManifest(file: string, validate = validator()): Runtime {
  const manifest: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!validate(manifest)) {
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
    throw new Error(`${path.relative(REPO_ROOT, file)} is not a valid runtime manifest: ${errors}`);
  }
  const dir = path.dirname(file);
  if (path.basename(dir) !== manifest.name) {
    throw new Error(`${path.relative(REPO_ROOT, file)}: name "${manifest.name}" must equal its folder name`);
  }
  return {
    ...manifest,
    dir,
    artifactPath: path.resolve(dir, manifest.build.artifact),
    taskRootPath: path.resolve(dir, manifest.local.taskRoot),
  };
}

/** Every runtime under lambdas/ (or another folder, for test fixtures), sorted by name. */
export function discoverRuntimes(lambdasDir: string = LAMBDAS_DIR): Runtime[] {
  const validate = validator();
  return fs
    .readdirSync(lambdasDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(lambdasDir, entry.name, 'runtime.json')))
    .map((entry) => readManifest(path.join(lambdasDir, entry.name, 'runtime.json'), validate))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Runtimes narrowed by a comma-separated list (`--runtime go,python`); unknown names throw. */
export function selectRuntimes(all: Runtime[], names?: string): Runtime[] {
  if (!names) return all;
  const wanted = names.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = wanted.filter((n) => !all.some((r) => r.name === n));
  if (unknown.length) throw new Error(`unknown runtime(s): ${unknown.join(', ')}; known: ${all.map((r) => r.name).join(', ')}`);
  return all.filter((r) => wanted.includes(r.name));
}

/** Replaces {repo}, {managedRuntimes}, {runtimeDir}, {taskRoot} and {handler} in a manifest argv or env value. */
export function expandPlaceholders(value: string, runtime: Runtime): string {
  return value
    .replaceAll('{repo}', REPO_ROOT)
    .replaceAll('{managedRuntimes}', MANAGED_RUNTIMES_DIR)
    .replaceAll('{runtimeDir}', runtime.dir)
    .replaceAll('{taskRoot}', runtime.taskRootPath)
    .replaceAll('{handler}', runtime.aws.handler);
}
