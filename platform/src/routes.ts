/**
 * How the contract's paths are mounted on the gateway: every path of
 * openapi/openapi.yaml under each runtime's prefix (`/python/items/{id}`), plus a root
 * `GET /health`. One derivation, used by the local platform and by the CDK API
 * (infra/), so that both expose exactly the same routes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CONTRACT_PATH = path.join(REPO_ROOT, 'openapi', 'openapi.yaml');

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
