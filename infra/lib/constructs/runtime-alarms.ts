/**
 * The alarms every runtime gets: error rate above 1 %, p99 duration above 1000 ms, any
 * throttle, memory used above 80 % of the configured size, and (given the gateway's routes)
 * a gateway 5XX rate above 1 % on any of its routes. Each fires on N of the last M one-period
 * datapoints, not on a single one, and notifies the given SNS topic.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { MAX_ALARM_METRICS, runtimeGatewayExpression, runtimeRoutes, type GatewayApi } from '../gateway-metrics';
import type { MonitoredRuntime } from './monitored-runtime';

export interface AlarmThresholds {
  errorRatePercent: number;
  p99DurationMs: number;
  /** Throttles per period above which the alarm fires (0: any throttle). */
  throttles: number;
  memoryPercent: number;
  /** Gateway 5XX answers as a percentage of requests, on the runtime's worst route. */
  gateway5xxRatePercent: number;
}

export const DEFAULT_THRESHOLDS: AlarmThresholds = { errorRatePercent: 1, p99DurationMs: 1000, throttles: 0, memoryPercent: 80, gateway5xxRatePercent: 1 };

/** Fire when `datapoints` of the last `periods` breach (3 of 5 by default). */
export const DEFAULT_EVALUATION = { periods: 5, datapoints: 3 };

export interface RuntimeAlarmsProps {
  runtime: MonitoredRuntime;
  alarmNamePrefix: string;
  topic?: sns.ITopic;
  thresholds?: Partial<AlarmThresholds>;
  period?: Duration;
  evaluation?: { periods: number; datapoints: number };
  /** The REST API and its routes: adds the gateway 5XX-rate alarm. */
  gateway?: GatewayApi;
}

export class RuntimeAlarms extends Construct {
  readonly errorRate: cloudwatch.Alarm;
  readonly p99Duration: cloudwatch.Alarm;
  readonly throttles: cloudwatch.Alarm;
  readonly memory: cloudwatch.Alarm;
  readonly gateway5xxRate?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RuntimeAlarmsProps) {
    super(scope, id);
    const t = { ...DEFAULT_THRESHOLDS, ...props.thresholds };
    const period = props.period ?? Duration.minutes(1);
    const evaluation = props.evaluation ?? DEFAULT_EVALUATION;
    if (evaluation.datapoints < 1 || evaluation.datapoints > evaluation.periods) {
      throw new Error(`alarm evaluation: ${evaluation.datapoints} of ${evaluation.periods} datapoints is not possible`);
    }
    const fn = props.runtime.function;
    const name = (what: string) => `${props.alarmNamePrefix}-${props.runtime.name}-${what}`;
    // No traffic is not a failure: idle benchmark stages must stay quiet. N of M: one bad minute is not a page.
    const common = {
      evaluationPeriods: evaluation.periods,
      datapointsToAlarm: evaluation.datapoints,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };

    this.errorRate = new cloudwatch.MathExpression({
      expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
      usingMetrics: { errors: fn.metricErrors({ statistic: 'Sum', period }), invocations: fn.metricInvocations({ statistic: 'Sum', period }) },
      period,
      label: `${props.runtime.name} error rate (%)`,
    }).createAlarm(this, 'ErrorRate', {
      ...common,
      alarmName: name('error-rate'),
      alarmDescription: `${props.runtime.name}: more than ${t.errorRatePercent} % of invocations failed`,
      threshold: t.errorRatePercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    this.p99Duration = fn.metricDuration({ statistic: 'p99', period }).createAlarm(this, 'P99Duration', {
      ...common,
      alarmName: name('p99-duration'),
      alarmDescription: `${props.runtime.name}: p99 duration above ${t.p99DurationMs} ms`,
      threshold: t.p99DurationMs,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    this.throttles = fn.metricThrottles({ statistic: 'Sum', period }).createAlarm(this, 'Throttles', {
      ...common,
      alarmName: name('throttles'),
      alarmDescription: `${props.runtime.name}: invocations were throttled`,
      threshold: t.throttles,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    this.memory = new cloudwatch.MathExpression({
      expression: `100 * memoryUsed / ${props.runtime.memoryMb}`,
      usingMetrics: { memoryUsed: props.runtime.metricMaxMemoryUsed({ statistic: 'Maximum', period }) },
      period,
      label: `${props.runtime.name} memory used (% of ${props.runtime.memoryMb} MB)`,
    }).createAlarm(this, 'Memory', {
      ...common,
      alarmName: name('memory'),
      alarmDescription: `${props.runtime.name}: max memory used above ${t.memoryPercent} % of ${props.runtime.memoryMb} MB`,
      threshold: t.memoryPercent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    if (props.gateway) {
      if (runtimeRoutes(props.gateway, props.runtime.name).length > MAX_ALARM_METRICS) {
        throw new Error(`runtime "${props.runtime.name}" has more than ${MAX_ALARM_METRICS} gateway routes: a CloudWatch alarm cannot combine them`);
      }
      // 5XXError's Average is the share of requests answered 5xx (AWS/ApiGateway docs); MAX: the worst route.
      this.gateway5xxRate = runtimeGatewayExpression(
        props.gateway,
        props.runtime.name,
        { name: '5XXError', statistic: 'Average', combine: 'MAX', scale: 100 },
        period,
        `${props.runtime.name} gateway 5XX rate, worst route (%)`,
      ).createAlarm(this, 'Gateway5xxRate', {
        ...common,
        alarmName: name('gateway-5xx-rate'),
        alarmDescription: `${props.runtime.name}: more than ${t.gateway5xxRatePercent} % of the gateway's answers on one of its routes were 5xx (throttles, timeouts, function errors)`,
        threshold: t.gateway5xxRatePercent,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }

    if (props.topic) {
      const action = new actions.SnsAction(props.topic);
      for (const alarm of this.all) alarm.addAlarmAction(action);
    }
  }

  get all(): cloudwatch.Alarm[] {
    return [this.errorRate, this.p99Duration, this.throttles, this.memory, ...(this.gateway5xxRate ? [this.gateway5xxRate] : [])];
  }
}
