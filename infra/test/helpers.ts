/** Shared test setup: fixture runtimes, a table to grant against, template helpers. */
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { discoverRuntimes, type Runtime } from '../../core/src/runtimes';

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

/**
 * A dashboard body (Fn::Join of text and references) as parsed JSON; each reference
 * becomes `<Ref:LogicalId>` or `<GetAtt:LogicalId.Attr>` so values stay comparable.
 */
/** One line of a CloudWatch graph: namespace, metric and dimensions, or a math expression, then options. */
export type MetricLine = [({ expression?: string } | string)?, ...unknown[]];

export interface DashboardWidget {
  type: string;
  properties: { title: string; metrics: MetricLine[]; query: string };
}

/** A synthesized dashboard body, its CloudFormation tokens rendered as `<Ref:...>` markers. */
export function dashboardBody(value: unknown): { widgets: DashboardWidget[] } {
  type Token = { 'Fn::Join'?: [string, unknown[]]; Ref?: string; 'Fn::GetAtt'?: string[]; 'Fn::ImportValue'?: string };
  const text = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as Token;
    if (o['Fn::Join']) return o['Fn::Join'][1].map(text).join(o['Fn::Join'][0]);
    if (o.Ref) return `<Ref:${o.Ref}>`;
    if (o['Fn::GetAtt']) return `<GetAtt:${o['Fn::GetAtt'].join('.')}>`;
    if (o['Fn::ImportValue']) return `<Import:${o['Fn::ImportValue']}>`;
    throw new Error(`unexpected token ${JSON.stringify(v)}`);
  };
  return JSON.parse(text(value)) as { widgets: DashboardWidget[] };
}
