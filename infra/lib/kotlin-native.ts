/**
 * The Kotlin runtime as a GraalVM native image (`--context kotlinNative=true`, off by
 * default): the same app, built by lambdas/kotlin's `native` Maven profile into a
 * `bootstrap` executable for provided.al2023. It is a variant of the kotlin manifest, not
 * a manifest of its own, because the local platform, conformance and bench cannot build
 * or run it where GraalVM is missing; only this CDK app deploys it. Unmeasured here
 * (docs/runtimes/kotlin.md, "Native image").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../core/src/paths';
import type { Runtime } from '../../core/src/runtimes';

/** Its name: the stack part (RuntimeKotlinNative), the gateway prefix, RUNTIME_NAME for the executable. */
export const KOTLIN_NATIVE = 'kotlin-native';
/** Where `mvn -P native package` leaves the zip, relative to lambdas/kotlin. */
export const NATIVE_ARTIFACT = 'target/native/kotlin-native.zip';
export const NATIVE_BUILD = ['mvn', '-B', '-ntp', '-P', 'native', 'package', '-DskipTests'];

/** The deployable variant of the kotlin runtime; throws when there is no kotlin runtime. */
export function kotlinNativeVariant(runtimes: readonly Runtime[]): Runtime {
  const kotlin = runtimes.find((r) => r.name === 'kotlin');
  if (!kotlin) throw new Error('kotlinNative needs the kotlin runtime (lambdas/kotlin/runtime.json), which was not found');
  // JAVA_TOOL_OPTIONS holds HotSpot JIT flags; a native image has no JIT and ignores them.
  const environment = Object.fromEntries(Object.entries(kotlin.aws.environment ?? {}).filter(([key]) => key !== 'JAVA_TOOL_OPTIONS'));
  return {
    ...kotlin,
    name: KOTLIN_NATIVE,
    language: `${kotlin.language.replace(/\s*\(.*\)$/, '')} (GraalVM native image, provided.al2023)`,
    build: { command: NATIVE_BUILD, inputs: [...kotlin.build.inputs, 'src/native/**/*'], artifact: NATIVE_ARTIFACT },
    aws: {
      ...kotlin.aws,
      runtime: 'provided.al2023',
      handler: 'bootstrap',
      architecture: 'x86_64',
      environment: { ...environment, RUNTIME_NAME: KOTLIN_NATIVE },
    },
    local: { taskRoot: 'target/native', command: ['{taskRoot}/bootstrap'] },
    artifactPath: path.resolve(kotlin.dir, NATIVE_ARTIFACT),
    taskRootPath: path.resolve(kotlin.dir, 'target/native'),
  };
}

/**
 * Stops synthesis when the native zip is missing and placeholders are not allowed, with
 * the one hint that applies (it needs GraalVM; `npm run build` does not make it).
 */
export function checkNativeArtifact(variant: Pick<Runtime, 'artifactPath' | 'dir'>, allowMissing: boolean): void {
  if (allowMissing || fs.existsSync(variant.artifactPath)) return;
  throw new Error(
    `kotlinNative: ${path.relative(REPO_ROOT, variant.artifactPath)} does not exist. It needs GraalVM: run ` +
      `\`${NATIVE_BUILD.join(' ')}\` in ${path.relative(REPO_ROOT, variant.dir)} on a machine with GraalVM for JDK 21+ ` +
      '(docs/runtimes/kotlin.md), or synthesize with --context allowMissingArtifacts=true for a placeholder that must not be deployed.',
  );
}
