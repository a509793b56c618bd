/**
 * Opt-in (`--context githubOidc=owner/repo`): the role the scheduled pipeline
 * (.github/workflows/aws-bench.yml) assumes through GitHub's OIDC provider, so no AWS keys are
 * stored in GitHub. Deployed once by an administrator, on its own; the pipeline never updates it.
 *
 * Trust: only tokens GitHub issued for AWS STS (`aud`) to a workflow of that repository running
 * on that branch (`sub` = `repo:<owner>/<repo>:ref:refs/heads/<branch>`; scheduled runs run on
 * the default branch). Permissions, the least the pipeline needs:
 * - assume CDK's bootstrap deploy and file-publishing roles (cdk deploy / destroy go through them,
 *   CloudFormation's execution role does the work: narrow it with `cdk bootstrap
 *   --cloudformation-execution-policies` if the account is shared);
 * - the read-only calls of scripts/deploy.sh's preflight and scripts/aws-bench.sh's check that
 *   no stage of that name exists yet;
 * - nothing for the bench itself: the Api stack attaches its bench runner policy to this role
 *   when deployed with `--context benchRunnerRole=<role name>` (the pipeline does), so the bench's
 *   rights are exactly the stage's and vanish with it.
 */
import { Aws, CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { GithubOidcSettings } from '../config';

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** The role's fixed name: the workflow's repository variable AWS_BENCH_ROLE_ARN ends with it. */
export const GITHUB_BENCH_ROLE_NAME = 'multi-runtime-benchmark-github-bench';
/** CDK's default bootstrap qualifier (scripts/deploy.sh checks the same one). */
const CDK_QUALIFIER = 'hnb659fds';

export interface GithubOidcStackProps extends StackProps {
  github: GithubOidcSettings;
}

/** The `sub` claim GitHub puts in a token for a workflow run on `branch`. */
export function githubSubject(github: Pick<GithubOidcSettings, 'repository' | 'branch'>): string {
  return `repo:${github.repository}:ref:refs/heads/${github.branch}`;
}

export class GithubOidcStack extends Stack {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: GithubOidcStackProps) {
    super(scope, id, props);
    const { github } = props;
    // One provider per URL per account: reuse an existing one when given.
    const providerArn = github.providerArn
      ? github.providerArn
      : new iam.OidcProviderNative(this, 'GithubProvider', { url: `https://${GITHUB_OIDC_HOST}`, clientIds: ['sts.amazonaws.com'] }).oidcProviderArn;
    this.role = new iam.Role(this, 'BenchRole', {
      roleName: GITHUB_BENCH_ROLE_NAME,
      description: `Assumed by GitHub Actions of ${github.repository} on ${github.branch} (aws-bench.yml): deploy, bench and destroy a stage`,
      assumedBy: new iam.WebIdentityPrincipal(providerArn, {
        StringEquals: {
          [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com',
          [`${GITHUB_OIDC_HOST}:sub`]: githubSubject(github),
        },
      }),
      // A run deploys, benches and destroys in one job: two hours with room (the workflow refreshes
      // its credentials before the teardown anyway).
      maxSessionDuration: Duration.hours(2),
    });
    const account = Aws.ACCOUNT_ID;
    const region = Aws.REGION;
    const partition = Aws.PARTITION;
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'CdkDeployThroughBootstrapRoles',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: ['deploy', 'file-publishing'].map((r) => `arn:${partition}:iam::${account}:role/cdk-${CDK_QUALIFIER}-${r}-role-${account}-${region}`),
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PreflightReadBootstrapVersion',
        actions: ['ssm:GetParameter'],
        resources: [`arn:${partition}:ssm:${region}:${account}:parameter/cdk-bootstrap/${CDK_QUALIFIER}/version`],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PreflightReadApiGatewayLoggingRole',
        actions: ['apigateway:GET'],
        resources: [`arn:${partition}:apigateway:${region}::/account`],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PreflightReadReservedConcurrency',
        actions: ['lambda:GetFunctionConcurrency'],
        resources: [`arn:${partition}:lambda:${region}:${account}:function:multi-runtime-benchmark-*`],
      }),
    );
    this.role.addToPolicy(new iam.PolicyStatement({ sid: 'PreflightReadConcurrencyQuota', actions: ['lambda:GetAccountSettings'], resources: ['*'] }));
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'CheckNoStageOfThatNameExists',
        actions: ['cloudformation:DescribeStacks'],
        resources: [`arn:${partition}:cloudformation:${region}:${account}:stack/MultiRuntimeBenchmark-*/*`],
      }),
    );
    // cdk-nag findings acknowledged here, each with its reason.
    const policy = this.role.node.findChild('DefaultPolicy');
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'lambda:GetAccountSettings supports no resource-level permissions (the preflight reads the concurrency quota with it).',
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:multi-runtime-benchmark-*]',
      reason: "Read-only (GetFunctionConcurrency) on this app's functions, whose stacks the pipeline creates and destroys: their names are known, their ARNs not yet.",
    });
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/MultiRuntimeBenchmark-*/*]',
      reason: "Read-only (DescribeStacks) on this app's stacks: a stack id ends with a generated suffix.",
    });
    new CfnOutput(this, 'RoleArn', {
      value: this.role.roleArn,
      description: 'Set as the repository variable AWS_BENCH_ROLE_ARN (docs/aws.md, "Scheduled pipeline")',
    });
  }
}
