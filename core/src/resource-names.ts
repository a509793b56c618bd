/**
 * The names the CDK app gives what the bench addresses on a deployed stage: each runtime's
 * function, its log group and the alias the API invokes. Plain data, no aws-cdk-lib import,
 * so the local platform (which serves the same names on its AWS API endpoints) and the bench
 * load it without the CDK.
 */

/** `multi-runtime-benchmark-<env>-<runtime>`, e.g. `multi-runtime-benchmark-dev-go`. */
export function functionNameFor(envName: string, runtime: string): string {
  return `multi-runtime-benchmark-${envName}-${runtime}`;
}

/** Lambda's default log group for a function, which the CDK app creates explicitly (with retention). */
export function logGroupNameFor(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** The alias the API's integrations invoke: `$LATEST` without SnapStart, the newest published version with it. */
export const LIVE_ALIAS = 'live';
