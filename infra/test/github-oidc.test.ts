/**
 * The opt-in GitHub OIDC stack of the scheduled pipeline: absent by default; its role trusts only
 * that repository's branch through GitHub's provider, may only go through CDK's bootstrap roles
 * and read what the preflight reads; the stage's bench runner policy is attached to it only when
 * asked (`benchRunnerRole`). The settings' mistakes are refused with a message.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { buildBenchmarkApp } from '../lib/app';
import { loadConfig } from '../lib/config';
import { GITHUB_BENCH_ROLE_NAME, githubSubject } from '../lib/stacks/github-oidc-stack';
import { FIXTURE_LAMBDAS } from './helpers';

function build(context: Record<string, string>) {
  const app = new App({ context: { environment: 'dev', ...context } });
  return { app, built: buildBenchmarkApp(app, { lambdasDir: FIXTURE_LAMBDAS }) };
}

/** Every action the role's own policies allow, with their resources, as synthesized. */
function allowed(template: Template): { Sid: string; Action: string | string[]; Resource: unknown }[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
}

describe('GitHub OIDC stack', () => {
  test('not synthesized without --context githubOidc', () => {
    // Act
    const { app, built } = build({});
    // Assess
    expect(built.githubOidc).toBeUndefined();
    expect(app.node.children.map((c) => c.node.id)).not.toContain('MultiRuntimeBenchmark-GithubOidc');
  });

  test("the role trusts GitHub's tokens for STS from that repository's branch only, and creates the provider", () => {
    // Act
    const { built } = build({ githubOidc: 'example-org/bench', githubOidcBranch: 'release' });
    const template = Template.fromStack(built.githubOidc!);
    // Assess
    template.hasResourceProperties('AWS::IAM::OIDCProvider', { Url: 'https://token.actions.githubusercontent.com', ClientIdList: ['sts.amazonaws.com'] });
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: GITHUB_BENCH_ROLE_NAME,
      MaxSessionDuration: 7200,
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRoleWithWebIdentity',
            Effect: 'Allow',
            Principal: { Federated: Match.anyValue() },
            Condition: {
              StringEquals: {
                'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
                'token.actions.githubusercontent.com:sub': 'repo:example-org/bench:ref:refs/heads/release',
              },
            },
          },
        ],
      },
    });
    expect(githubSubject({ repository: 'a/b', branch: 'main' })).toBe('repo:a/b:ref:refs/heads/main');
  });

  test('an existing provider is reused, not created (one per account)', () => {
    // Act
    const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const { built } = build({ githubOidc: 'example-org/bench', githubOidcProviderArn: arn });
    const template = Template.fromStack(built.githubOidc!);
    // Assess
    template.resourceCountIs('AWS::IAM::OIDCProvider', 0);
    template.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Federated: arn } })] } });
  });

  test('permissions: the bootstrap deploy and publishing roles, and the read-only calls of the preflight; nothing else', () => {
    // Act
    const { built } = build({ githubOidc: 'example-org/bench' });
    const statements = allowed(Template.fromStack(built.githubOidc!));
    // Assess
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
    expect(actions).toEqual(
      ['apigateway:GET', 'cloudformation:DescribeStacks', 'lambda:GetAccountSettings', 'lambda:GetFunctionConcurrency', 'ssm:GetParameter', 'sts:AssumeRole', 'sts:TagSession'].sort(),
    );
    const assume = JSON.stringify(statements.find((s) => s.Sid === 'CdkDeployThroughBootstrapRoles')!.Resource);
    expect(assume).toContain(':role/cdk-hnb659fds-deploy-role-');
    expect(assume).toContain(':role/cdk-hnb659fds-file-publishing-role-');
    expect(assume).not.toContain('lookup');
    expect(JSON.stringify(statements.find((s) => s.Sid === 'PreflightReadBootstrapVersion')!.Resource)).toContain(':parameter/cdk-bootstrap/hnb659fds/version');
    expect(statements.filter((s) => s.Resource === '*').map((s) => s.Action)).toEqual(['lambda:GetAccountSettings']);
  });

  test("benchRunnerRole attaches the stage's bench runner policy to that role; without it, to nobody", () => {
    // Act
    const withRole = Template.fromStack(build({ benchRunnerRole: GITHUB_BENCH_ROLE_NAME }).built.api);
    const without = Template.fromStack(build({}).built.api);
    // Assess
    withRole.hasResourceProperties('AWS::IAM::ManagedPolicy', { Roles: [GITHUB_BENCH_ROLE_NAME] });
    without.hasResourceProperties('AWS::IAM::ManagedPolicy', { Roles: Match.absent() });
  });

  test('cdk-nag AwsSolutions: zero unacknowledged findings, and each acknowledgement (with its reason) is needed', () => {
    // Prepare
    const { built } = build({ githubOidc: 'example-org/bench' });
    const stack = built.githubOidc!;
    const acks = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.entries(m.data as Record<string, string>)));
    // Stubs a protected method of the pack: its prototype seen as the one member replaced.
    const proto = NagPack.prototype as unknown as { isAcknowledged: () => boolean };
    const original = proto.isAcknowledged;
    let unacknowledged: string[];
    proto.isAcknowledged = () => false;
    try {
      // Act
      unacknowledged = new AwsSolutionsChecks(stack).validateScope(stack).violations.map((v) => v.ruleName);
    } finally {
      proto.isAcknowledged = original;
    }
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    // Assess
    expect(report.violations).toEqual([]);
    for (const [, reason] of acks) expect(reason.length).toBeGreaterThan(30);
    expect([...new Set(acks.map(([id]) => id.replace(/^Annotation::/, '')))].sort()).toEqual([...new Set(unacknowledged)].sort());
  });

  test.each([
    [{ githubOidc: 'not a repo' }, /githubOidc "not a repo" is not a GitHub repository/],
    [{ githubOidc: 'a/b', githubOidcBranch: 'feature/*' }, /not a plain branch name/],
    [{ githubOidc: 'a/b', githubOidcProviderArn: 'arn:aws:iam::123:oidc-provider/example.com' }, /not the ARN of a token.actions.githubusercontent.com/],
    [{ githubOidcBranch: 'main' }, /need --context githubOidc=owner\/repo/],
    [{ benchRunnerRole: 'has spaces' }, /benchRunnerRole "has spaces" is not an IAM role name/],
  ])('refuses %j', (context, message) => {
    expect(() => loadConfig((k) => (context as Record<string, string>)[k])).toThrow(message);
  });
});
