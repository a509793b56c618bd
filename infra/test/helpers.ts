/** Shared test setup: fixture runtimes, a table to grant against, template helpers. */
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { discoverRuntimes, type Runtime } from '../../platform/src/runtimes';

export const FIXTURE_LAMBDAS = path.join(__dirname, 'fixtures', 'lambdas');
export const MISSING_LAMBDAS = path.join(__dirname, 'fixtures', 'missing');

export function fixtureRuntimes(): Runtime[] {
  return discoverRuntimes(FIXTURE_LAMBDAS);
}

export function fixtureRuntime(name: string): Runtime {
  const runtime = fixtureRuntimes().find((r) => r.name === name);
  if (!runtime) throw new Error(`no fixture runtime ${name}`);
  return runtime;
}

/** A stack holding a table, as the data stack would provide it. */
export function stackWithTable(app = new App()): { app: App; stack: Stack; table: dynamodb.Table } {
  const stack = new Stack(app, 'TestStack');
  const table = new dynamodb.Table(stack, 'Items', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  });
  return { app, stack, table };
}

/** Fn::Join parts flattened to one string, tokens shown as `${...}` (for dashboard bodies). */
export function joinToString(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(joinToString).join(join[0]);
  return `\${${JSON.stringify(value)}}`;
}
