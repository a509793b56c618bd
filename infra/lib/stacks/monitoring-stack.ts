/** Dashboard `multi-runtime-benchmark-{env}`, the alarms, and the topic they notify. */
import { Aws, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { BenchmarkConfig } from '../config';
import { ComparisonDashboard } from '../constructs/comparison-dashboard';
import type { MonitoredRuntime } from '../constructs/monitored-runtime';
import { RuntimeAlarms } from '../constructs/runtime-alarms';
import { pascal } from '../config';
import type { GatewayApi } from '../gateway-metrics';

export interface MonitoringStackProps extends StackProps {
  config: BenchmarkConfig;
  runtimes: readonly MonitoredRuntime[];
  api: GatewayApi;
  table: dynamodb.ITable;
}

export function dashboardName(config: Pick<BenchmarkConfig, 'envName'>): string {
  return `multi-runtime-benchmark-${config.envName}`;
}

/** Every alarm of this app is named `<dashboardName>-<runtime>-<what>` (RuntimeAlarms). */
export function alarmArnPattern(config: Pick<BenchmarkConfig, 'envName'>): string {
  return `arn:${Aws.PARTITION}:cloudwatch:${Aws.REGION}:${Aws.ACCOUNT_ID}:alarm:${dashboardName(config)}-*`;
}

export class MonitoringStack extends Stack {
  readonly topic: sns.Topic;
  readonly dashboard: ComparisonDashboard;
  readonly alarms: RuntimeAlarms[];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;
    // A customer-managed key: CloudWatch alarms cannot publish to a topic under the AWS-managed SNS key.
    // It protects nothing once the topic is gone, so it is scheduled for deletion with its stack
    // in every environment (AWS waits keyDeletionWindow first).
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: `Encrypts the ${dashboardName(config)} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: config.keyDeletionWindow,
    });
    // The topic policy below decides who may publish; the key only has to let CloudWatch encrypt.
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: `${dashboardName(config)} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL makes CDK write a topic policy, and a topic policy replaces SNS's default one,
    // which is what lets the account's CloudWatch publish. Without this statement no alarm
    // notification would ever arrive. Scoped to this account's alarms of this app.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisAppsCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: { 'aws:SourceArn': alarmArnPattern(config) },
        },
      }),
    );
    if (config.alertEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(config.alertEmail));

    this.dashboard = new ComparisonDashboard(this, 'Comparison', {
      dashboardName: dashboardName(config),
      runtimes: props.runtimes,
      api: props.api,
      table: props.table,
    });
    this.alarms = props.runtimes.map(
      (runtime) =>
        new RuntimeAlarms(this, `Alarms${pascal(runtime.name)}`, {
          runtime,
          alarmNamePrefix: dashboardName(config),
          topic: this.topic,
          period: config.alarmPeriod,
          evaluation: config.alarmEvaluation,
          gateway: props.api,
        }),
    );
    new CfnOutput(this, 'DashboardName', { value: dashboardName(config) });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topicArn });
  }
}
