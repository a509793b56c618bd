/**
 * Which code a runtime's function deploys: the artifact the local platform ran
 * (manifest build.artifact). A missing artifact is an error unless the caller
 * explicitly allows a labelled placeholder (tests, CI synth without builds), so a
 * placeholder can never reach AWS by accident.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Runtime } from '../../core/src/runtimes';
import { REPO_ROOT } from '../../core/src/paths';

export const PLACEHOLDER_DIR = path.join(__dirname, '..', 'assets', 'placeholder-artifact');

export interface ResolvedArtifact {
  code: lambda.Code;
  /** True when the placeholder stands in for a missing artifact. */
  placeholder: boolean;
}

export function missingArtifactMessage(runtime: Pick<Runtime, 'name' | 'artifactPath' | 'build'>): string {
  return (
    `runtime "${runtime.name}": artifact ${path.relative(REPO_ROOT, runtime.artifactPath)} does not exist. ` +
    `Build it first (\`npm run build\` at the repository root, or \`${runtime.build.command.join(' ')}\` in lambdas/${runtime.name}), ` +
    'or synthesize with --context allowMissingArtifacts=true for a placeholder that must not be deployed.'
  );
}

export function resolveArtifact(runtime: Pick<Runtime, 'name' | 'artifactPath' | 'build'>, allowMissing: boolean): ResolvedArtifact {
  if (fs.existsSync(runtime.artifactPath)) {
    return { code: lambda.Code.fromAsset(runtime.artifactPath), placeholder: false };
  }
  if (!allowMissing) throw new Error(missingArtifactMessage(runtime));
  return { code: lambda.Code.fromAsset(PLACEHOLDER_DIR), placeholder: true };
}
