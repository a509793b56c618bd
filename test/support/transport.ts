/**
 * How the shared end-to-end suite reaches a runtime:
 * - `http`: through the local platform (API Gateway emulation + Lambda Runtime API), for
 *   every runtime: the path every number in this project takes.
 * - `in-process`: the runtime's bundled Node handler called directly with the same API
 *   Gateway events the platform builds (Node runtimes only): fast, no processes.
 */
import * as path from 'node:path';
import { buildProxyEvent } from '../../platform/src/apigw-event';
import { mapProxyResult } from '../../platform/src/apigw-response';
import { RouteTable, loadContract, mountedRoutes } from '../../core/src/routes';
import type { Runtime } from '../../core/src/runtimes';

export interface ApiRequest {
  method: string;
  /** Path under the runtime's prefix, with query string: `/items?limit=2`. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface ApiResponse {
  status: number;
  /** Lower-case header name → value (repeated headers joined with `, `). */
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON (undefined when empty). */
  json: unknown;
}

export interface Transport {
  kind: 'http' | 'in-process';
  send(request: ApiRequest): Promise<ApiResponse>;
}

function parsed(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Through an HTTP base URL such as `http://127.0.0.1:3000` (the runtime prefix is added). */
export function httpTransport(baseUrl: string, runtime: string): Transport {
  return {
    kind: 'http',
    async send({ method, path: p, headers = {}, body }) {
      const res = await fetch(`${baseUrl}/${runtime}${p}`, { method, headers, body });
      const text = await res.text();
      const out: Record<string, string> = {};
      res.headers.forEach((value, name) => (out[name] = value));
      return { status: res.status, headers: out, text, json: parsed(text) };
    },
  };
}

type NodeHandler = (event: unknown, context: unknown) => Promise<unknown>;

/** The runtime's built handler (local.taskRoot + aws.handler), called in this process. */
export function inProcessTransport(runtime: Runtime): Transport {
  const [file, exported] = runtime.aws.handler.split('.') as [string, string];
  const routes = new RouteTable(mountedRoutes(loadContract(), [runtime.name]));
  let handler: NodeHandler | undefined;
  return {
    kind: 'in-process',
    async send({ method, path: p, headers = {}, body }) {
      // Loaded on first use, after the caller has set TABLE_NAME and DYNAMODB_ENDPOINT.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a built bundle found at run time, not a module of ours
      handler ??= (require(path.join(runtime.taskRootPath, `${file}.js`)) as Record<string, NodeHandler>)[exported]!;
      const [pathname = '', query = ''] = p.split('?', 2);
      const fullPath = `/${runtime.name}${pathname}`;
      const match = routes.match(method, fullPath);
      if (match.kind === 'none') throw new Error(`no contract route for ${method} ${fullPath}`);
      const event = buildProxyEvent({
        method,
        path: fullPath,
        query,
        rawHeaders: Object.entries(headers).flat(),
        body: Buffer.isBuffer(body) ? body : Buffer.from(body ?? ''),
        sourceIp: '127.0.0.1',
        resource: match.route.resource,
        pathParameters: match.pathParameters,
      });
      const answer = mapProxyResult(JSON.stringify(await handler(event, { awsRequestId: event.requestContext.requestId })));
      const out: Record<string, string> = {};
      for (const [name, values] of Object.entries(answer.headers)) out[name.toLowerCase()] = values.join(', ');
      const text = answer.body.toString('utf8');
      return { status: answer.statusCode, headers: out, text, json: parsed(text) };
    },
  };
}
