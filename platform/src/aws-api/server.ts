/**
 * The platform's AWS API endpoint (`npm start -- --aws-endpoint-port N`, loopback only): the
 * Lambda (REST-JSON) and CloudWatch Logs (JSON 1.1, X-Amz-Target) calls that `bench --target`
 * makes, so the real AWS SDK v3 clients run against the local platform with an endpoint
 * override. Requests must carry a SigV4 Authorization header, as AWS requires; the signature
 * itself is NOT verified (any credentials pass).
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReportRecord } from '../report';
import { AwsError } from './errors';
import { LambdaApi, type LambdaApiOptions } from './lambda-api';
import { LogsApi } from './logs-api';

export interface AwsApiOptions extends Omit<LambdaApiOptions, 'updateDelayMs' | 'environment'> {
  /** 0 picks a free port. */
  port: number;
  /** The CDK environment whose resource names are served. Default `dev` (the bench's default BENCH_ENVIRONMENT). */
  environment?: string;
  /** Least time a configuration update stays InProgress. Default 200 ms. */
  updateDelayMs?: number;
}

export interface AwsApi {
  /** `http://127.0.0.1:<port>`: pass it to AWS SDK clients as `endpoint`, or to `bench --aws-endpoint`. */
  endpoint: string;
  port: number;
  /** The Lambda function names served. */
  functionNames: string[];
  /** Every REPORT record of a runtime goes to its function's log group. */
  record(runtime: string, report: ReportRecord): void;
  stop(): Promise<void>;
}

const LOGS_TARGET = /^Logs_20140328\.(\w+)$/;

function reply(res: http.ServerResponse, status: number, body: object, contentType: string, extra: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'x-amzn-RequestId': randomUUID(), ...extra });
  res.end(text);
}

export async function startAwsApi(o: AwsApiOptions): Promise<AwsApi> {
  const lambda = new LambdaApi({ ...o, environment: o.environment ?? 'dev', updateDelayMs: o.updateDelayMs ?? 200 });
  const logGroups = new Map(o.runtimes.map((r) => [r.name, lambda.logGroupOf(r.name)]));
  const logs = new LogsApi([...logGroups.values()]);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const target = String(req.headers['x-amz-target'] ?? '');
      const logsCall = LOGS_TARGET.exec(target);
      const json11 = 'application/x-amz-json-1.1';
      const fail = (err: unknown) => {
        const e = err instanceof AwsError ? err : new AwsError(500, 'ServiceException', (err as Error).message);
        // JSON 1.1 names the error in the body; REST-JSON in the x-amzn-ErrorType header.
        if (logsCall) reply(res, e.status, { __type: e.type, message: e.message }, json11);
        else reply(res, e.status, { Type: e.status >= 500 ? 'Service' : 'User', message: e.message }, 'application/json', { 'x-amzn-ErrorType': e.type });
      };
      if (!/^AWS4-HMAC-SHA256 Credential=/.test(String(req.headers.authorization ?? ''))) {
        return fail(new AwsError(403, logsCall ? 'AccessDeniedException' : 'MissingAuthenticationTokenException', 'Missing Authentication Token: sign the request (SigV4); the local endpoint accepts any credentials'));
      }
      if (logsCall) {
        try {
          reply(res, 200, logs.handle(logsCall[1]!, JSON.parse(body || '{}') as Record<string, unknown>), json11);
        } catch (err) {
          fail(err instanceof SyntaxError ? new AwsError(400, 'SerializationException', 'the request body is not JSON') : err);
        }
        return;
      }
      lambda.handle(req.method ?? 'GET', new URL(req.url ?? '/', 'http://127.0.0.1'), body).then((answer) => reply(res, 200, answer, 'application/json'), fail);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    functionNames: lambda.names(),
    record: (runtime, report) => {
      const group = logGroups.get(runtime);
      if (group) logs.record(group, report);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
