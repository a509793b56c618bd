/**
 * A CloudWatch dashboard that compares runtimes side by side: one line per runtime on
 * every graph (cold-start init durations, duration avg/p50/p90/p99, memory used, invocations,
 * errors, throttles, and the gateway's requests, 4XX, 5XX and latency per runtime prefix),
 * plus the API stage and the DynamoDB table they share.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { runtimeGatewayExpression, type GatewayApi } from '../gateway-metrics';
import type { MonitoredRuntime } from './monitored-runtime';

export interface ComparisonDashboardProps {
  dashboardName: string;
  runtimes: readonly MonitoredRuntime[];
  /** The REST API's name, stage and routes, for gateway metrics (per stage and per runtime prefix). */
  api?: GatewayApi;
  table?: dynamodb.ITable;
  period?: Duration;
}

/** The table calls the runtimes make (docs/storage-layout.md). */
const TABLE_OPERATIONS = [
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.SCAN,
];

/** Cold starts per runtime, straight from the REPORT lines (Lambda publishes no init metric). */
export const COLD_START_QUERY = [
  'filter @type = "REPORT" and ispresent(@initDuration)',
  'stats count(*) as coldStarts, avg(@initDuration) as avgInitMs, pct(@initDuration, 50) as p50InitMs, pct(@initDuration, 99) as p99InitMs, max(@maxMemoryUsed / 1000 / 1000) as maxMemoryMB by @log',
  'sort avgInitMs asc',
];

/** A CloudWatch metric-math id for a runtime name (`my-rt` → `mem_my_rt`). */
export function metricId(runtime: string): string {
  return `mem_${runtime.replace(/[^A-Za-z0-9]/g, '_')}`;
}

export class ComparisonDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ComparisonDashboardProps) {
    super(scope, id);
    const period = props.period ?? Duration.minutes(1);
    const rts = props.runtimes;
    const perRuntime = (title: string, metric: (r: MonitoredRuntime) => cloudwatch.IMetric, unit?: string) =>
      new cloudwatch.GraphWidget({ title, left: rts.map(metric), width: 8, height: 6, leftYAxis: { min: 0, label: unit, showUnits: false } });
    const fnMetric = (r: MonitoredRuntime, name: string, statistic: string) =>
      r.function.metric(name, { statistic, period, label: r.name });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName, defaultInterval: Duration.hours(3) });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# ${props.dashboardName}\nRuntimes: ${rts.map((r) => `**${r.name}** (${r.memoryMb} MB)`).join(', ')}. One line per runtime on every graph.`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      perRuntime('Cold start: init duration avg (ms)', (r) => r.metricInitDuration({ statistic: 'Average', period, label: r.name }), 'ms'),
      perRuntime('Cold start: init duration p99 (ms)', (r) => r.metricInitDuration({ statistic: 'p99', period, label: r.name }), 'ms'),
      perRuntime('Cold starts (count)', (r) => r.metricInitDuration({ statistic: 'SampleCount', period, label: r.name }), 'count'),
    );
    this.dashboard.addWidgets(
      new cloudwatch.LogQueryWidget({
        title: 'Cold starts by runtime (REPORT lines)',
        logGroupNames: rts.map((r) => r.logGroup.logGroupName),
        queryLines: COLD_START_QUERY,
        view: cloudwatch.LogQueryVisualizationType.TABLE,
        width: 24,
        height: 5,
      }),
    );
    const quarter = (title: string, metric: (r: MonitoredRuntime) => cloudwatch.IMetric, unit: string) =>
      new cloudwatch.GraphWidget({ title, left: rts.map(metric), width: 6, height: 6, leftYAxis: { min: 0, label: unit, showUnits: false } });
    this.dashboard.addWidgets(
      quarter('Duration avg (ms)', (r) => fnMetric(r, 'Duration', 'Average'), 'ms'),
      quarter('Duration p50 (ms)', (r) => fnMetric(r, 'Duration', 'p50'), 'ms'),
      quarter('Duration p90 (ms)', (r) => fnMetric(r, 'Duration', 'p90'), 'ms'),
      quarter('Duration p99 (ms)', (r) => fnMetric(r, 'Duration', 'p99'), 'ms'),
    );
    this.dashboard.addWidgets(
      perRuntime('Max memory used (MB)', (r) => r.metricMaxMemoryUsed({ statistic: 'Maximum', period, label: r.name }), 'MB'),
      perRuntime('Max memory used (% of configured)', (r) =>
        new cloudwatch.MathExpression({
          // Metric ids must be unique within one graph.
          expression: `100 * ${metricId(r.name)} / ${r.memoryMb}`,
          usingMetrics: { [metricId(r.name)]: r.metricMaxMemoryUsed({ statistic: 'Maximum', period }) },
          period,
          label: `${r.name} (${r.memoryMb} MB)`,
        }), '%'),
      perRuntime('Concurrent executions (max)', (r) => fnMetric(r, 'ConcurrentExecutions', 'Maximum'), 'count'),
    );
    this.dashboard.addWidgets(
      perRuntime('Invocations', (r) => fnMetric(r, 'Invocations', 'Sum'), 'count'),
      perRuntime('Errors', (r) => fnMetric(r, 'Errors', 'Sum'), 'count'),
      perRuntime('Throttles', (r) => fnMetric(r, 'Throttles', 'Sum'), 'count'),
    );
    if (props.api) {
      this.addApiRow(props.api, period);
      // Per runtime prefix: its routes summed (counts) or their worst (latency), from detailed metrics.
      const gw = (name: string, statistic: string, combine: 'SUM' | 'MAX') => (r: MonitoredRuntime) =>
        runtimeGatewayExpression(props.api!, r.name, { name, statistic, combine }, period, r.name);
      this.dashboard.addWidgets(
        quarter('API by runtime: requests', gw('Count', 'Sum', 'SUM'), 'count'),
        quarter('API by runtime: 4XX', gw('4XXError', 'Sum', 'SUM'), 'count'),
        quarter('API by runtime: 5XX', gw('5XXError', 'Sum', 'SUM'), 'count'),
        quarter('API by runtime: latency p99, worst route (ms)', gw('Latency', 'p99', 'MAX'), 'ms'),
      );
    }
    if (props.table) this.addTableRow(props.table, period);
  }

  private addApiRow(api: { apiName: string; stageName: string }, period: Duration) {
    const m = (metricName: string, statistic: string, label: string) =>
      new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName, dimensionsMap: { ApiName: api.apiName, Stage: api.stageName }, statistic, period, label });
    const graph = (title: string, left: cloudwatch.IMetric[]) => new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, leftYAxis: { min: 0 } });
    this.dashboard.addWidgets(
      graph('API: requests and errors', [m('Count', 'Sum', 'requests'), m('4XXError', 'Sum', '4xx'), m('5XXError', 'Sum', '5xx')]),
      graph('API: latency (ms)', [m('Latency', 'p50', 'p50'), m('Latency', 'p95', 'p95'), m('Latency', 'p99', 'p99')]),
      graph('API: integration latency (ms)', [m('IntegrationLatency', 'p50', 'p50'), m('IntegrationLatency', 'p95', 'p95'), m('IntegrationLatency', 'p99', 'p99')]),
    );
  }

  private addTableRow(table: dynamodb.ITable, period: Duration) {
    const graph = (title: string, left: cloudwatch.IMetric[]) => new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, leftYAxis: { min: 0 } });
    this.dashboard.addWidgets(
      graph(
        'DynamoDB: request latency avg (ms)',
        TABLE_OPERATIONS.map((op) => table.metric('SuccessfulRequestLatency', { dimensionsMap: { TableName: table.tableName, Operation: op }, statistic: 'Average', period, label: op })),
      ),
      graph('DynamoDB: consumed capacity', [
        table.metricConsumedReadCapacityUnits({ statistic: 'Sum', period, label: 'read units' }),
        table.metricConsumedWriteCapacityUnits({ statistic: 'Sum', period, label: 'write units' }),
      ]),
      graph('DynamoDB: throttles and errors', [
        table.metric('ReadThrottleEvents', { statistic: 'Sum', period, label: 'read throttle events' }),
        table.metric('WriteThrottleEvents', { statistic: 'Sum', period, label: 'write throttle events' }),
        table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period, label: 'system errors' }),
      ]),
    );
  }
}
