/**
 * Deployable variants of a runtime (a manifest's `variants`, e.g. lambdas/kotlin's GraalVM
 * native image): the same app built another way, off by default, turned on with
 * `--context variants=<name>,…` or the variant's own `contextFlag` (kotlinNative=true). A
 * variant is not a manifest of its own because the local platform, conformance and bench
 * cannot build or run it where its toolchain is missing; only this CDK app deploys it. It
 * joins the app as one more runtime: its own stack, prefix, dashboard lines and alarms.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../core/src/paths';
import type { Runtime, VariantConfig } from '../../core/src/runtimes';

/** A built variant: the runtime it comes from, with the variant's fields in place. */
export interface RuntimeVariant extends Runtime {
  /** The runtime it derives from (its manifest's name). */
  variantOf: string;
  /** What building its artifact needs, for the message when it is missing. */
  missingHint?: string;
}

/** The runtime as its variant: build, aws overrides, local, RUNTIME_NAME set to the variant's name. */
export function variantRuntime(runtime: Runtime, variant: VariantConfig): RuntimeVariant {
  const { removeEnvironment = [], environment: extraEnvironment = {}, ...awsOverrides } = variant.aws;
  const inherited = Object.entries(runtime.aws.environment ?? {}).filter(([key]) => !removeEnvironment.includes(key));
  return {
    ...runtime,
    name: variant.name,
    variantOf: runtime.name,
    missingHint: variant.missingHint,
    language: variant.language ?? runtime.language,
    build: { command: variant.build.command, inputs: [...runtime.build.inputs, ...variant.build.inputs], artifact: variant.build.artifact },
    aws: { ...runtime.aws, ...awsOverrides, environment: { ...Object.fromEntries(inherited), ...extraEnvironment, RUNTIME_NAME: variant.name } },
    local: { taskRoot: variant.local.taskRoot, command: variant.local.command },
    artifactPath: path.resolve(runtime.dir, variant.build.artifact),
    taskRootPath: path.resolve(runtime.dir, variant.local.taskRoot),
  };
}

/** Every variant any manifest declares, by name. */
export function declaredVariants(runtimes: readonly Runtime[]): { runtime: Runtime; variant: VariantConfig }[] {
  return runtimes.flatMap((runtime) => (runtime.variants ?? []).map((variant) => ({ runtime, variant })));
}

/**
 * The variants to deploy: those named in `--context variants=a,b` plus those whose contextFlag
 * is "true". A name no manifest declares is refused with the known ones.
 */
export function selectVariants(runtimes: readonly Runtime[], names: readonly string[], flagOn: (flag: string) => boolean): RuntimeVariant[] {
  const declared = declaredVariants(runtimes);
  const unknown = names.filter((n) => !declared.some((d) => d.variant.name === n));
  if (unknown.length) {
    const known = declared.map((d) => `${d.variant.name} (of ${d.runtime.name})`).join(', ') || 'none';
    throw new Error(`variants names unknown variant(s): ${unknown.join(', ')}; declared in lambdas/*/runtime.json: ${known}`);
  }
  const clash = declared.find((d) => runtimes.some((r) => r.name === d.variant.name));
  if (clash) throw new Error(`variant "${clash.variant.name}" of ${clash.runtime.name} has the name of a runtime`);
  return declared
    .filter((d) => names.includes(d.variant.name) || (d.variant.contextFlag !== undefined && flagOn(d.variant.contextFlag)))
    .map((d) => variantRuntime(d.runtime, d.variant));
}

/**
 * Stops synthesis when a variant's artifact is missing and placeholders are not allowed, with
 * how to build it (`npm run build` does not: its toolchain may be missing here).
 */
export function checkVariantArtifact(variant: Pick<RuntimeVariant, 'name' | 'artifactPath' | 'dir' | 'build' | 'missingHint'>, allowMissing: boolean): void {
  if (allowMissing || fs.existsSync(variant.artifactPath)) return;
  throw new Error(
    `variant ${variant.name}: ${path.relative(REPO_ROOT, variant.artifactPath)} does not exist. ` +
      `Build it with \`${variant.build.command.join(' ')}\` in ${path.relative(REPO_ROOT, variant.dir)}` +
      `${variant.missingHint ? ` (${variant.missingHint})` : ''}, or synthesize with --context allowMissingArtifacts=true for a placeholder that must not be deployed.`,
  );
}
