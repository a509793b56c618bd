/**
 * How many requests each runtime's function served in the window: CloudWatch's
 * `AWS/Lambda Invocations` (Sum, one-day periods) per function. This, not the bench runs under
 * results/, is what the model prices for the comparison: it counts every billed invocation —
 * the conformance gate, forced cold starts, the Artillery scenario, seeds and warm-ups, calls by
 * hand — where a results.json records only a bench's measured windows. The metrics outlive the
 * stage (CloudWatch keeps one-hour data 455 days), so a destroyed stage still counts.
 */
import { GetMetricDataCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';

export interface FunctionRef {
  runtime: string;
  functionName: string;
}

/** infra/lib/stacks/runtime-stack.ts names the functions this way (restated: scripts/ cannot load the CDK app). */
export const functionName = (environment: string, runtime: string): string => `multi-runtime-benchmark-${environment}-${runtime}`;

/** Invocations per runtime over [startDay, endDayExclusive) (UTC days). */
export async function invocationCounts(client: CloudWatchClient, functions: readonly FunctionRef[], startDay: string, endDayExclusive: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.fromEntries(functions.map((f) => [f.runtime, 0]));
  if (!functions.length || startDay >= endDayExclusive) return counts;
  const ids = new Map(functions.map((f, i) => [`f${i}`, f.runtime]));
  let token: string | undefined;
  do {
    const page = await client.send(
      new GetMetricDataCommand({
        StartTime: new Date(`${startDay}T00:00:00Z`),
        EndTime: new Date(`${endDayExclusive}T00:00:00Z`),
        MetricDataQueries: functions.map((f, i) => ({
          Id: `f${i}`,
          MetricStat: {
            Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: f.functionName }] },
            Period: 86_400,
            Stat: 'Sum',
          },
          ReturnData: true,
        })),
        NextToken: token,
      }),
    );
    for (const result of page.MetricDataResults ?? []) {
      const runtime = result.Id === undefined ? undefined : ids.get(result.Id);
      if (runtime === undefined) throw new Error(`CloudWatch returned a result for an unknown query id ${String(result.Id)}`);
      counts[runtime]! += (result.Values ?? []).reduce((a, b) => a + b, 0);
    }
    token = page.NextToken;
  } while (token);
  return counts;
}
