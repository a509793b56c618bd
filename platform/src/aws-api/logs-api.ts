/**
 * CloudWatch Logs as far as the bench reads it: each function's log group (the CDK app's name,
 * `/aws/lambda/<function>`) holds the platform's REPORT records as REPORT lines, with the fields
 * Logs Insights discovers in them; StartQuery, GetQueryResults and StopQuery run Insights
 * queries over them (insights-query.ts). JSON 1.1, target prefix `Logs_20140328`.
 *
 * Only REPORT lines are kept (no START/END or application lines), up to MAX_EVENTS per group.
 * @memorySize and @maxMemoryUsed are not served: the REPORT line (@message) carries both in MB.
 */
import { randomUUID } from 'node:crypto';
import { ACCOUNT_ID } from '../apigw-event';
import { LOCAL_REGION } from '../dynamo';
import { reportLine, type ReportRecord } from '../report';
import { AwsError, notFound } from './errors';
import { MalformedQuery, parseQuery, runQuery, type LogEvent } from './insights-query';

export const MAX_EVENTS = 200_000;

interface Query {
  status: 'Running' | 'Complete' | 'Cancelled';
  rows: { field: string; value: string }[][];
  matched: number;
  scanned: number;
  polls: number;
}

const invalid = (message: string) => new AwsError(400, 'InvalidParameterException', message);

/** REPORT record → the log event Insights would see, with its discovered fields. */
export function reportEvent(r: ReportRecord, logGroup: string): LogEvent {
  const day = new Date(r.timestamp).toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    '@timestamp': r.timestamp,
    '@message': reportLine(r),
    '@type': 'REPORT',
    '@requestId': r.requestId,
    '@logStream': `${day}/[$LATEST]${r.instanceId}`,
    '@log': `${ACCOUNT_ID}:${logGroup}`,
    '@duration': r.durationMs,
    '@billedDuration': r.billedDurationMs,
    '@initDuration': r.initDurationMs,
  };
}

export class LogsApi {
  private readonly groups = new Map<string, { created: number; events: LogEvent[] }>();
  private readonly queries = new Map<string, Query>();

  constructor(logGroups: string[]) {
    for (const g of logGroups) this.groups.set(g, { created: Date.now(), events: [] });
  }

  record(logGroup: string, report: ReportRecord): void {
    const group = this.groups.get(logGroup);
    if (!group) return;
    group.events.push(reportEvent(report, logGroup));
    if (group.events.length > MAX_EVENTS) group.events.splice(0, group.events.length - MAX_EVENTS);
  }

  handle(operation: string, input: Record<string, unknown>): object {
    if (operation === 'StartQuery') return this.startQuery(input);
    if (operation === 'GetQueryResults') return this.getQueryResults(input);
    if (operation === 'StopQuery') return this.stopQuery(input);
    if (operation === 'DescribeLogGroups') return this.describeLogGroups(input);
    throw new AwsError(400, 'UnknownOperationException', `the local Logs endpoint answers StartQuery, GetQueryResults, StopQuery and DescribeLogGroups only, not ${operation}`);
  }

  private startQuery(input: Record<string, unknown>): object {
    const names = [
      ...(typeof input.logGroupName === 'string' ? [input.logGroupName] : []),
      ...(Array.isArray(input.logGroupNames) ? input.logGroupNames : []),
      ...(Array.isArray(input.logGroupIdentifiers) ? input.logGroupIdentifiers : []),
    ].map(String);
    if (!names.length) throw invalid('StartQuery needs logGroupName, logGroupNames or logGroupIdentifiers');
    const { startTime, endTime, queryString, limit } = input;
    if (typeof startTime !== 'number' || typeof endTime !== 'number') throw invalid('startTime and endTime (epoch seconds) are required');
    if (endTime < startTime) throw invalid('End time should not be before the start time');
    if (typeof queryString !== 'string' || !queryString.trim()) throw invalid('queryString is required');
    const events: LogEvent[] = [];
    for (const name of names) {
      const group = this.groups.get(name.replace(/^arn:[^:]+:logs:[^:]+:\d+:log-group:/, '').replace(/:\*$/, ''));
      if (!group) throw notFound(`Log group '${name}' does not exist for account ID '${ACCOUNT_ID}' (local platform, ${LOCAL_REGION}; groups: ${[...this.groups.keys()].join(', ')})`);
      events.push(...group.events.filter((e) => (e['@timestamp'] as number) >= startTime * 1000 && (e['@timestamp'] as number) < (endTime + 1) * 1000));
    }
    let query;
    try {
      query = parseQuery(queryString);
    } catch (err) {
      if (err instanceof MalformedQuery) throw new AwsError(400, 'MalformedQueryException', err.message);
      throw err;
    }
    if (typeof limit === 'number') query.limit = Math.min(query.limit, limit);
    const { rows, matched } = runQuery(query, events);
    const queryId = randomUUID();
    this.queries.set(queryId, { status: 'Running', rows, matched, scanned: events.length, polls: 0 });
    return { queryId };
  }

  /** A query answers Running on its first poll, as Insights does while it scans, then Complete. */
  private getQueryResults(input: Record<string, unknown>): object {
    const q = this.queries.get(String(input.queryId));
    if (!q) throw notFound(`Query ${String(input.queryId)} does not exist`);
    if (q.status === 'Running' && q.polls++ > 0) q.status = 'Complete';
    const done = q.status === 'Complete';
    return {
      status: q.status,
      results: done ? q.rows : [],
      statistics: { recordsMatched: done ? q.matched : 0, recordsScanned: done ? q.scanned : 0, bytesScanned: 0 },
    };
  }

  private stopQuery(input: Record<string, unknown>): object {
    const q = this.queries.get(String(input.queryId));
    if (!q) throw notFound(`Query ${String(input.queryId)} does not exist`);
    const running = q.status === 'Running';
    if (running) q.status = 'Cancelled';
    return { success: running };
  }

  private describeLogGroups(input: Record<string, unknown>): object {
    const prefix = typeof input.logGroupNamePrefix === 'string' ? input.logGroupNamePrefix : '';
    return {
      logGroups: [...this.groups.entries()]
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, g]) => ({ logGroupName: name, creationTime: g.created, arn: `arn:aws:logs:${LOCAL_REGION}:${ACCOUNT_ID}:log-group:${name}:*`, storedBytes: 0 })),
    };
  }
}
