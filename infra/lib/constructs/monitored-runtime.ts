/** What the dashboard and the alarms need to know about one runtime (RuntimeFunction provides it). */
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';

export interface MonitoredRuntime {
  readonly name: string;
  readonly function: lambda.IFunction;
  readonly memoryMb: number;
  readonly logGroup: logs.ILogGroup;
  /** Max Memory Used (MB) from REPORT lines. */
  metricMaxMemoryUsed(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
  /** Init Duration (ms) of cold starts, from REPORT lines. */
  metricInitDuration(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
}
