/**
 * How the contract's paths are mounted on the gateway: every path of
 * openapi/openapi.yaml under each runtime's prefix (`/python/items/{id}`), plus a root
 * `GET /health`. One derivation, used by the local platform and by the CDK API
 * (infra/), so that both expose exactly the same routes.
 */
import * as fs from 'node:fs';
import { parse } from 'yaml';
import { CONTRACT_PATH } from './paths';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface ContractOperation {
  operationId: string;
  method: string; // upper case
  /** The contract's path template, e.g. `/items/{id}`. */
  path: string;
}

export interface MountedRoute extends ContractOperation {
  runtime: string;
  /** The gateway resource path, e.g. `/python/items/{id}`. */
  resource: string;
}

export type Contract = { paths: Record<string, Partial<Record<(typeof METHODS)[number], { operationId?: string }>>> } & Record<
  string,
  unknown
>;

export function loadContract(file: string = CONTRACT_PATH): Contract {
  return parse(fs.readFileSync(file, 'utf8')) as Contract;
}

/** The OpenAPI extension API Gateway reads on import for its binaryMediaTypes. */
export const BINARY_MEDIA_TYPES_EXTENSION = 'x-amazon-apigateway-binary-media-types';

/**
 * The media types the gateway base64-encodes, as the contract declares them: the local
 * gateway and the CDK API both read this one list. None declared: `[]`.
 */
export function binaryMediaTypes(contract: Contract): string[] {
  const value = contract[BINARY_MEDIA_TYPES_EXTENSION];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string' && v.includes('/'))) {
    throw new Error(`contract: ${BINARY_MEDIA_TYPES_EXTENSION} must be a list of media types, got ${JSON.stringify(value)}`);
  }
  return [...value];
}

let contractBinaryTypes: readonly string[] | undefined;
/** openapi/openapi.yaml's binary media types, read once. */
export function contractBinaryMediaTypes(): readonly string[] {
  return (contractBinaryTypes ??= binaryMediaTypes(loadContract()));
}

export function contractOperations(contract: Contract): ContractOperation[] {
  return Object.entries(contract.paths).flatMap(([p, item]) =>
    METHODS.flatMap((m) => {
      const operationId = item[m]?.operationId;
      return operationId ? [{ operationId, method: m.toUpperCase(), path: p }] : [];
    }),
  );
}

/** Every contract operation under every runtime's prefix, in contract order per runtime. */
export function mountedRoutes(contract: Contract, runtimes: readonly string[]): MountedRoute[] {
  const ops = contractOperations(contract);
  return runtimes.flatMap((runtime) => ops.map((op) => ({ ...op, runtime, resource: `/${runtime}${op.path}` })));
}

/** The root health route the gateway answers itself (lists what is mounted). */
export const ROOT_HEALTH = { method: 'GET', resource: '/health' } as const;

export type RouteMatch =
  | { kind: 'route'; route: MountedRoute; pathParameters: Record<string, string> | null }
  /** No resource has this path, or the resource lacks the method: API Gateway answers 403 for both. */
  | { kind: 'none' };

function segmentsOf(p: string): string[] {
  return p.split('/').filter(Boolean);
}

/**
 * Matches request paths to mounted routes the way API Gateway selects a resource: literal
 * segments before `{param}` segments; a parameter takes one whole, non-empty segment of the
 * path as sent, so an encoded slash (`%2F`) stays inside its segment.
 */
export class RouteTable {
  private readonly compiled: { route: MountedRoute; segments: string[] }[];

  constructor(readonly routes: readonly MountedRoute[]) {
    this.compiled = routes.map((route) => ({ route, segments: segmentsOf(route.resource) }));
  }

  match(method: string, requestPath: string): RouteMatch {
    const parts = segmentsOf(requestPath);
    let best: { route: MountedRoute; params: Record<string, string>; literals: number } | undefined;
    for (const { route, segments } of this.compiled) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      const ok = segments.every((seg, i) => {
        const part = parts[i]!;
        if (seg.startsWith('{') && seg.endsWith('}')) {
          // As sent: API Gateway REST passes path parameters to a proxy integration still
          // percent-encoded (docs/reliability.md, "Paths"); the function decodes them.
          params[seg.slice(1, -1)] = part;
          return true;
        }
        literals++;
        return seg === part;
      });
      if (ok && (!best || literals > best.literals)) best = { route, params, literals };
    }
    if (!best) return { kind: 'none' };
    return { kind: 'route', route: best.route, pathParameters: Object.keys(best.params).length ? best.params : null };
  }
}
