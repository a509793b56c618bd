/**
 * API Gateway figures per runtime. With detailed metrics on (the stage's `metricsEnabled`),
 * API Gateway publishes Count, 4XXError, 5XXError, Latency and IntegrationLatency per
 * resource and method (dimensions ApiName, Method, Resource, Stage); a runtime's figures are
 * its routes' metrics combined with metric math: SUM for counts, MAX for rates and percentiles
 * (the worst route), since percentiles of different routes cannot be merged.
 */
import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

export interface GatewayRoute {
  runtime: string;
  /** Upper case, e.g. `GET`. */
  method: string;
  /** The gateway resource, e.g. `/go/items/{id}`. */
  resource: string;
}

export interface GatewayApi {
  apiName: string;
  stageName: string;
  /** Every mounted route (platform/src/routes.ts mountedRoutes). */
  routes: readonly GatewayRoute[];
}

/** CloudWatch allows at most 10 metrics in an alarm's metric math. */
export const MAX_ALARM_METRICS = 10;

/** A CloudWatch metric-math id part for a runtime name (`my-rt` → `my_rt`). */
export function idPart(runtime: string): string {
  return runtime.replace(/[^A-Za-z0-9]/g, '_');
}

export function routeMetric(api: GatewayApi, route: GatewayRoute, metricName: string, statistic: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/ApiGateway',
    metricName,
    dimensionsMap: { ApiName: api.apiName, Method: route.method, Resource: route.resource, Stage: api.stageName },
    statistic,
    period,
  });
}

export function runtimeRoutes(api: GatewayApi, runtime: string): GatewayRoute[] {
  const routes = api.routes.filter((r) => r.runtime === runtime);
  if (routes.length === 0) throw new Error(`no gateway routes for runtime "${runtime}"`);
  return routes;
}

/**
 * One runtime's routes combined: `SUM([...])` or `MAX([...])` of a metric and statistic.
 * `scale` multiplies the result (100 turns a 5XXError Average, a ratio, into a percentage).
 */
export function runtimeGatewayExpression(
  api: GatewayApi,
  runtime: string,
  metric: { name: string; statistic: string; combine: 'SUM' | 'MAX'; scale?: number },
  period: Duration,
  label: string,
): cloudwatch.MathExpression {
  const routes = runtimeRoutes(api, runtime);
  // Ids must be unique within a graph that holds every runtime: prefix them with the runtime.
  const using = Object.fromEntries(routes.map((route, i) => [`gw_${idPart(runtime)}_${i}`, routeMetric(api, route, metric.name, metric.statistic, period)]));
  const combined = `${metric.combine}([${Object.keys(using).join(', ')}])`;
  return new cloudwatch.MathExpression({
    expression: metric.scale ? `${metric.scale} * ${combined}` : combined,
    usingMetrics: using,
    period,
    label,
  });
}
