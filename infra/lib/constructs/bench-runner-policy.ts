/**
 * What `npm run bench -- --target <stage>` needs, as one managed policy to attach to the IAM
 * user or role that runs it (docs/aws.md, "Authentication"): call the stage (IAM
 * authorization), read the functions' configuration and force their cold starts (an
 * environment variable changed, as lambda-perf does), read their REPORT lines with Logs
 * Insights, and stamp an expiry on the items it created — that attribute and no other.
 */
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { itemsTable } from '../../../core/src/table-definition';

export interface BenchRunnerPolicyProps {
  api: apigateway.RestApiBase;
  stageName: string;
  table: dynamodb.ITable;
  /** The functions' log groups (REPORT lines). */
  logGroups: readonly logs.ILogGroup[];
  /** The functions whose configuration the bench reads and updates (cold starts). */
  functions: readonly lambda.IFunction[];
}

export class BenchRunnerPolicy extends Construct {
  readonly policy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: BenchRunnerPolicyProps) {
    super(scope, id);
    this.policy = new iam.ManagedPolicy(this, 'Policy', {
      description: `Runs the benchmark against the ${props.stageName} stage: invoke it, force cold starts, read REPORT lines, expire the items it made`,
      statements: [
        new iam.PolicyStatement({
          sid: 'InvokeTheStage',
          actions: ['execute-api:Invoke'],
          resources: [props.api.arnForExecuteApi('*', '/*', props.stageName)],
        }),
        new iam.PolicyStatement({
          sid: 'StampExpiryOnly',
          actions: ['dynamodb:UpdateItem'],
          resources: [props.table.tableArn],
          conditions: {
            // Only the key and the TTL attribute may appear in the request, and nothing is read back.
            'ForAllValues:StringEquals': { 'dynamodb:Attributes': [itemsTable.partitionKey.name, itemsTable.timeToLiveAttribute] },
            StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
          },
        }),
        new iam.PolicyStatement({
          // Memory size, architecture and runtime id from the deployed configuration; a cold start
          // forced by a configuration update (an environment variable merged into the function's own).
          sid: 'ReadConfigurationForceColdStarts',
          actions: ['lambda:GetFunctionConfiguration', 'lambda:UpdateFunctionConfiguration'],
          resources: props.functions.map((f) => f.functionArn),
        }),
        new iam.PolicyStatement({
          sid: 'QueryReportLines',
          actions: ['logs:StartQuery'],
          resources: props.logGroups.map((g) => g.logGroupArn),
        }),
        new iam.PolicyStatement({
          sid: 'ReadQueryResults',
          actions: ['logs:GetQueryResults'],
          resources: ['*'],
        }),
      ],
    });
    // cdk-nag findings acknowledged here, each with its reason. The execute-api finding names the
    // API by its logical id, as cdk-nag renders the token.
    const apiLogicalId = Stack.of(props.api).getLogicalId(props.api.node.defaultChild as CfnElement);
    Validations.of(this.policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiLogicalId}>/${props.stageName}/*/*]`,
      reason: 'Every method and path of this one stage: the bench calls all of them, and the ARN is limited to this API and stage.',
    });
    Validations.of(this.policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: "logs:GetQueryResults supports no resource-level permissions; the query itself (StartQuery) is limited to the functions' log groups.",
    });
  }
}
