/**
 * Which language version a manifest's AWS runtime id names (nodejs22.x → 22, python3.13 → 3.13,
 * java25 → 25), and which one its local command really runs. The two must agree: a benchmark
 * of Node 20 is not a benchmark of nodejs22.x.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expandPlaceholders, type Runtime } from './runtimes';

interface Family {
  /** Basename of the interpreter in a local command. */
  interpreter: RegExp;
  /** How to ask the interpreter its version, and how to read the answer. */
  versionArgs: string[];
  parse: (output: string) => string | undefined;
  /** How much of the version the runtime id fixes: majors for Node and Java, major.minor for Python. */
  digits: number;
}

/** Language families of AWS's managed runtimes (provided.* are OS-only: no interpreter to check). */
const FAMILIES: Record<string, Family> = {
  nodejs: { interpreter: /^node$/, versionArgs: ['--version'], parse: (o) => /^v(\d+\.\d+\.\d+)/m.exec(o)?.[1], digits: 1 },
  python: { interpreter: /^python[\d.]*$/, versionArgs: ['--version'], parse: (o) => /^Python (\d+\.\d+\.\d+)/m.exec(o)?.[1], digits: 2 },
  java: { interpreter: /^java$/, versionArgs: ['-version'], parse: (o) => /version "(\d+(?:\.\d+)*)/.exec(o)?.[1], digits: 1 },
};

export interface AwsRuntimeVersion {
  family: string;
  /** The version the id fixes, e.g. "22", "3.13", "25". */
  version: string;
  digits: number;
}

/** nodejs22.x → {nodejs, 22}; python3.13 → {python, 3.13}; java25 → {java, 25}; provided.al2023 → undefined. */
export function awsRuntimeVersion(runtimeId: string): AwsRuntimeVersion | undefined {
  const m = /^([a-z]+)(\d+(?:\.\d+)?)(?:\.x)?$/.exec(runtimeId);
  const family = m && FAMILIES[m[1]!];
  return m && family ? { family: m[1]!, version: m[2]!, digits: family.digits } : undefined;
}

/** The interpreter in the manifest's local command (after placeholders), if its family has one. */
export function localInterpreter(runtime: Runtime): string | undefined {
  const aws = awsRuntimeVersion(runtime.aws.runtime);
  if (!aws) return undefined;
  const argv = runtime.local.command.map((a) => expandPlaceholders(a, runtime));
  return argv.find((a) => FAMILIES[aws.family]!.interpreter.test(path.basename(a)));
}

/** What the local interpreter reports (full version), or why it could not be asked. */
export function localRuntimeVersion(runtime: Runtime): { interpreter: string; version: string } | { error: string } {
  const aws = awsRuntimeVersion(runtime.aws.runtime);
  if (!aws) return { error: `${runtime.aws.runtime} is not a managed language runtime` };
  const interpreter = localInterpreter(runtime);
  if (!interpreter) return { error: `no ${aws.family} interpreter in local.command (${runtime.local.command.join(' ')})` };
  const family = FAMILIES[aws.family]!;
  const r = spawnSync(interpreter, family.versionArgs, { encoding: 'utf8', timeout: 20_000, cwd: runtime.dir });
  const version = family.parse(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  return version ? { interpreter, version } : { error: `${interpreter} ${family.versionArgs.join(' ')} gave no version (${r.error?.message ?? `exit ${r.status}`})` };
}

/** Whether a full local version (22.23.5, 3.13.0, 25.0.1) is the version an AWS runtime id fixes. */
export function sameVersion(aws: AwsRuntimeVersion, local: string): boolean {
  return local.split('.').slice(0, aws.digits).join('.') === aws.version;
}
