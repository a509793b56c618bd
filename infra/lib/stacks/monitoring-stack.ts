/** Dashboard `multi-runtime-benchmark-{env}`, the alarms, and the topic they notify. */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
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

export interface MonitoringStackProps extends StackProps {
  config: BenchmarkConfig;
  runtimes: readonly MonitoredRuntime[];
  api: { apiName: string; stageName: string };
  table: dynamodb.ITable;
}

export function dashboardName(config: Pick<BenchmarkConfig, 'envName'>): string {
  return `multi-runtime-benchmark-${config.envName}`;
}

export class MonitoringStack extends Stack {
  readonly topic: sns.Topic;
  readonly dashboard: ComparisonDashboard;
  readonly alarms: RuntimeAlarms[];

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;
    // A customer-managed key: CloudWatch alarms cannot publish to a topic under the AWS-managed SNS key.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: `Encrypts the ${dashboardName(config)} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: config.removalPolicy,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: `${dashboardName(config)} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
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
        }),
    );
    new CfnOutput(this, 'DashboardName', { value: dashboardName(config) });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topicArn });
  }
}
