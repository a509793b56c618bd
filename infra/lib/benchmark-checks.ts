/**
 * The project's own cdk-nag pack, beside AwsSolutions. A SpecRestApi defines its methods in
 * the OpenAPI body, so it creates no AWS::ApiGateway::Method and AwsSolutions' APIG4/COG4
 * (authorization) never run on it. This pack reads the body instead: a method without IAM
 * authorization is reported as a warning, so a public demo (`--context apiAuth=none`) says so
 * on every synth without failing it.
 */
import { Stack, type CfnResource, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { CfnRestApi } from 'aws-cdk-lib/aws-apigateway';
import { NagMessageLevel, NagPack, NagRuleCompliance, type NagPackProps, type NagRuleResult } from 'cdk-nag';
import type { IConstruct } from 'constructs';

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** `METHOD /path` of every operation in an OpenAPI body that no IAM (awsSigv4) scheme protects. */
export function unauthenticatedOperations(body: Json): string[] {
  const schemes = ((body.components as Json | undefined)?.securitySchemes ?? {}) as Record<string, Json>;
  const iamSchemes = new Set(Object.entries(schemes).filter(([, s]) => s['x-amazon-apigateway-authtype'] === 'awsSigv4').map(([name]) => name));
  const globalSecurity = body.security as Json[] | undefined;
  const open: string[] = [];
  for (const [p, item] of Object.entries((body.paths ?? {}) as Record<string, Json>)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const security = (op.security as Json[] | undefined) ?? globalSecurity ?? [];
      // Every alternative must be IAM; an empty requirement `{}` means anonymous access.
      const protectedByIam = security.length > 0 && security.every((req) => Object.keys(req).length > 0 && Object.keys(req).every((n) => iamSchemes.has(n)));
      if (!protectedByIam) open.push(`${method.toUpperCase()} ${p}`);
    }
  }
  return open;
}

/** NON_COMPLIANT for a REST API whose inline body has a method without IAM authorization. */
export function apiAuthorization(node: CfnResource): NagRuleResult {
  if (!(node instanceof CfnRestApi) || node.body === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  const body = Stack.of(node).resolve(node.body) as Json;
  return unauthenticatedOperations(body).length ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

export class BenchmarkChecks extends NagPack {
  readonly name = 'Benchmark';

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'Benchmark';
  }

  protected checkResource(node: CfnResource): void {
    this.applyRule({
      ruleSuffixOverride: 'ApiAuthorization',
      info: 'The REST API has methods anyone on the internet can call (no IAM authorization): deployed with --context apiAuth=none.',
      explanation:
        'The benchmark API writes to and scans the table; open, anyone can add items and cost. Keep apiAuth=iam (the default) unless this is a deliberate public demo (docs/aws.md, "Authentication").',
      level: NagMessageLevel.WARN,
      rule: apiAuthorization,
      node,
    });
  }

  /** Warnings are reported, not failures: only an error-level finding fails synthesis. */
  override validateScope(scope: IConstruct): PolicyValidationPluginReport {
    const report = super.validateScope(scope);
    return { ...report, success: report.violations.every((v) => v.severity !== 'error') };
  }
}
