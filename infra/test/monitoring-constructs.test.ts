import { Duration } from 'aws-cdk-lib';
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { loadContract, mountedRoutes } from '../../core/src/routes';
import { ComparisonDashboard, COLD_START_QUERY, metricId } from '../lib/constructs/comparison-dashboard';
import type { GatewayApi } from '../lib/gateway-metrics';
import { RuntimeAlarms } from '../lib/constructs/runtime-alarms';
import { RuntimeFunction } from '../lib/constructs/runtime-function';
import { dashboardBody, fixtureRuntimes, stackWithTable } from './helpers';

/** The gateway of the two fixture runtimes: every contract route under each prefix. */
const GATEWAY: GatewayApi = { apiName: 'bench-api', stageName: 'dev', routes: mountedRoutes(loadContract(), ['alpha', 'beta']) };

function functionsStack() {
  const { stack, table } = stackWithTable();
  const functions = fixtureRuntimes().map(
    (runtime) => new RuntimeFunction(stack, `Fn${runtime.name}`, { runtime, table, functionName: `bench-${runtime.name}`, logRetention: RetentionDays.ONE_DAY }),
  );
  return { stack, table, functions };
}

describe('ComparisonDashboard', () => {
  const { stack, table, functions } = functionsStack();
  new ComparisonDashboard(stack, 'Dash', { dashboardName: 'multi-runtime-benchmark-test', runtimes: functions, api: GATEWAY, table });
  const template = Template.fromStack(stack);
  const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]!;
  const body = dashboardBody(dashboard.Properties.DashboardBody);
  const widget = (title: string) => {
    const found = body.widgets.find((w) => w.properties.title === title);
    if (!found) throw new Error(`no widget "${title}"; have ${body.widgets.map((w) => w.properties.title).join(' | ')}`);
    return found.properties;
  };
  /** The runtime labels of a graph's lines (math expressions carry the label on the expression). */
  const labels = (title: string) => widget(title).metrics.map((m) => (m[m.length - 1] as { label: string }).label);

  test('is named as asked', () => {
    expect(dashboard.Properties.DashboardName).toBe('multi-runtime-benchmark-test');
  });

  test.each([
    'Cold start: init duration avg (ms)',
    'Cold start: init duration p99 (ms)',
    'Cold starts (count)',
    'Duration avg (ms)',
    'Duration p50 (ms)',
    'Duration p90 (ms)',
    'Duration p99 (ms)',
    'Max memory used (MB)',
    'Concurrent executions (max)',
    'Invocations',
    'Errors',
    'Throttles',
  ])('"%s" has one line per runtime', (title) => {
    expect(labels(title)).toEqual(['alpha', 'beta']);
  });

  test('duration percentiles and averages use the function Duration metric with the right statistic', () => {
    // Assess: [namespace, metric, dimension, value, options]
    for (const [title, stat] of [['Duration avg (ms)', 'Average'], ['Duration p50 (ms)', 'p50'], ['Duration p90 (ms)', 'p90'], ['Duration p99 (ms)', 'p99']] as const) {
      for (const line of widget(title).metrics) {
        expect(line.slice(0, 3)).toEqual(['AWS/Lambda', 'Duration', 'FunctionName']);
        expect((line[4] as { stat?: string } | undefined)?.stat ?? 'Average').toBe(stat); // Average is CloudWatch's default, so CDK leaves it out
      }
    }
  });

  test('memory used as a share of each runtime configured size', () => {
    const lines = widget('Max memory used (% of configured)').metrics;
    expect(lines.map((l) => l[0]).filter((first): first is { expression: string } => typeof first === 'object' && first.expression !== undefined).map((first) => first.expression)).toEqual([
      `100 * ${metricId('alpha')} / 512`,
      `100 * ${metricId('beta')} / 1024`,
    ]);
  });

  test('cold starts compared from the REPORT lines of every runtime log group', () => {
    const query = body.widgets.find((w) => w.type === 'log')!.properties;
    expect(query.title).toBe('Cold starts by runtime (REPORT lines)');
    for (const line of COLD_START_QUERY) expect(query.query).toContain(line);
    expect(query.query).toContain("SOURCE '<Ref:Fnalpha");
    expect(query.query).toContain("SOURCE '<Ref:Fnbeta");
  });

  test.each([
    ['API by runtime: requests', 'SUM', 'Count', 'Sum'],
    ['API by runtime: 4XX', 'SUM', '4XXError', 'Sum'],
    ['API by runtime: 5XX', 'SUM', '5XXError', 'Sum'],
    ['API by runtime: latency p99, worst route (ms)', 'MAX', 'Latency', 'p99'],
  ])('"%s": one line per runtime prefix, combining (%s) its own routes\' method-level %s', (title, combine, metric, stat) => {
    // Prepare
    const lines = widget(title).metrics;
    const expressions = lines.filter((l) => typeof l[0] === 'object' && (l[0] as { expression?: string }).expression);
    const routeLines = lines.filter((l) => l[0] === 'AWS/ApiGateway');
    // Assess
    expect(expressions.map((l) => (l[0] as { label?: string }).label)).toEqual(['alpha', 'beta']);
    for (const [i, runtime] of ['alpha', 'beta'].entries()) {
      const expression = (expressions[i]![0] as { expression: string }).expression;
      expect(expression).toMatch(new RegExp(`^${combine}\\(\\[(gw_${runtime}_\\d+(, )?){7}\\]\\)$`));
    }
    // [namespace, metric, ApiName, v, Method, v, Resource, v, Stage, v, options]: each route once, hidden, with the statistic.
    expect(routeLines).toHaveLength(GATEWAY.routes.length);
    for (const route of GATEWAY.routes) {
      const line = routeLines.find((l) => l[5] === route.method && l[7] === route.resource)!;
      expect(line.slice(0, 4)).toEqual(['AWS/ApiGateway', metric, 'ApiName', 'bench-api']);
      expect(line[10]).toEqual(expect.objectContaining({ visible: false, ...(stat === 'Sum' ? { stat: 'Sum' } : { stat }) }));
    }
  });

  test('API and DynamoDB rows', () => {
    expect(widget('API: requests and errors').metrics.map((m) => m[1])).toEqual(['Count', '4XXError', '5XXError']);
    expect(widget('API: latency (ms)').metrics[0]).toEqual(['AWS/ApiGateway', 'Latency', 'ApiName', 'bench-api', 'Stage', 'dev', expect.objectContaining({ stat: 'p50' })]);
    expect(labels('DynamoDB: request latency avg (ms)')).toEqual(['PutItem', 'GetItem', 'UpdateItem', 'DeleteItem', 'Scan']);
    expect(widget('DynamoDB: consumed capacity').metrics.map((m) => m[1])).toEqual(['ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits']);
    expect(JSON.stringify(widget('DynamoDB: throttles and errors'))).toContain('SystemErrors');
  });

  test('without API and table, only the runtime rows', () => {
    // Prepare
    const other = functionsStack();
    // Act
    new ComparisonDashboard(other.stack, 'Dash', { dashboardName: 'd', runtimes: other.functions, period: Duration.minutes(5) });
    // Assess
    const b = dashboardBody(Object.values(Template.fromStack(other.stack).findResources('AWS::CloudWatch::Dashboard'))[0]!.Properties.DashboardBody);
    expect(JSON.stringify(b)).not.toContain('AWS/ApiGateway');
    expect(JSON.stringify(b)).not.toContain('AWS/DynamoDB');
  });
});

describe('RuntimeAlarms', () => {
  const { stack, functions } = functionsStack();
  const topic = new sns.Topic(stack, 'Topic');
  const alarms = functions.map((runtime) => new RuntimeAlarms(stack, `Alarms${runtime.name}`, { runtime, alarmNamePrefix: 'bench-test', topic }));
  const template = Template.fromStack(stack);
  const topicRef = stack.resolve(topic.topicArn);

  test('four alarms per runtime without the gateway, each notifying the topic, each on 3 of 5 one-minute datapoints', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4 * functions.length);
    for (const a of alarms) expect(a.all).toHaveLength(4);
    const actions = new Capture();
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: actions, TreatMissingData: 'notBreaching', EvaluationPeriods: 5, DatapointsToAlarm: 3 });
    expect(actions.asArray()).toEqual([topicRef]);
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::Alarm'))).not.toMatch(/"Period":300/);
  });

  test('with the gateway: a fifth alarm per runtime, its 5XX rate on its worst route above 1 %', () => {
    // Prepare
    const other = functionsStack();
    // Act
    const gatewayAlarms = other.functions.map((runtime) => new RuntimeAlarms(other.stack, `G${runtime.name}`, { runtime, alarmNamePrefix: 'bench-test', gateway: GATEWAY }));
    // Assess
    const t = Template.fromStack(other.stack);
    for (const [i, name] of ['alpha', 'beta'].entries()) {
      expect(gatewayAlarms[i]!.all).toHaveLength(5);
      const metrics = new Capture();
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `bench-test-${name}-gateway-5xx-rate`,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold',
        Metrics: metrics,
      });
      const queries = metrics.asArray() as { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: string }[] }; Stat: string } }[];
      const stats = queries.filter((q) => q.MetricStat);
      expect(queries.find((q) => q.Expression)!.Expression).toMatch(new RegExp(`^100 \\* MAX\\(\\[(gw_${name}_\\d+(, )?){7}\\]\\)$`));
      expect(stats).toHaveLength(7);
      for (const q of stats) {
        expect(q.MetricStat!.Metric.MetricName).toBe('5XXError');
        expect(q.MetricStat!.Stat).toBe('Average');
        const resource = q.MetricStat!.Metric.Dimensions.find((d) => d.Name === 'Resource')!.Value;
        expect(resource.startsWith(`/${name}/`)).toBe(true);
      }
    }
  });

  test('refuses an N of M that cannot be met', () => {
    const other = functionsStack();
    expect(() => new RuntimeAlarms(other.stack, 'Bad', { runtime: other.functions[0]!, alarmNamePrefix: 'x', evaluation: { periods: 2, datapoints: 3 } })).toThrow(/3 of 2 datapoints/);
  });

  test.each(['alpha', 'beta'])('%s: error rate above 1 %%', (name) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `bench-test-${name}-error-rate`,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(invocations > 0, 100 * errors / invocations, 0)' })]),
    });
  });

  test.each(['alpha', 'beta'])('%s: p99 duration above 1000 ms', (name) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `bench-test-${name}-p99-duration`,
      Threshold: 1000,
      ComparisonOperator: 'GreaterThanThreshold',
      MetricName: 'Duration',
      Namespace: 'AWS/Lambda',
      ExtendedStatistic: 'p99',
    });
  });

  test.each(['alpha', 'beta'])('%s: any throttle', (name) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `bench-test-${name}-throttles`,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      MetricName: 'Throttles',
      Statistic: 'Sum',
    });
  });

  test.each([['alpha', 512], ['beta', 1024]] as const)('%s: memory above 80 %% of %d MB', (name, memoryMb) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `bench-test-${name}-memory`,
      Threshold: 80,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: `100 * memoryUsed / ${memoryMb}` }),
        Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: `MaxMemoryUsedMB/bench-${name}`, Namespace: 'MultiRuntimeBenchmark' }), Stat: 'Maximum' }) }),
      ]),
    });
  });

  test('thresholds can be tuned, and alarms work without a topic', () => {
    // Prepare
    const other = functionsStack();
    // Act
    new RuntimeAlarms(other.stack, 'A', { runtime: other.functions[0]!, alarmNamePrefix: 'x', thresholds: { p99DurationMs: 250 } });
    // Assess
    const t = Template.fromStack(other.stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'x-alpha-p99-duration', Threshold: 250, AlarmActions: Match.absent() });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'x-alpha-error-rate', Threshold: 1 });
  });
});
