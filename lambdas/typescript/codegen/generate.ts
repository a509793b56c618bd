/**
 * The TypeScript runtime's generator (its manifest's codegen.command), run by `npm run codegen`:
 *   generate.ts <contract.json> <spec.json> <out>
 * writes into <out>
 * - openapi.ts: openapi-typescript's types of the contract;
 * - definition.ts: the contract as a pre-bundled object (openapi-backend's quick init takes it
 *   without parsing YAML or resolving $refs at cold start);
 * - handlers.ts: the server stub, a handler map typed by operationId.
 * Deterministic: the same contract gives the same bytes.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

type Json = Record<string, unknown>;

interface Operation {
  operationId: string;
  method: string;
  path: string;
}

function operationsOf(contract: Json): Operation[] {
  const paths = contract.paths as Record<string, Record<string, { operationId?: string }>>;
  const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
  return Object.entries(paths).flatMap(([p, item]) =>
    methods
      .filter((m) => item[m]?.operationId)
      .map((m) => ({ operationId: item[m]!.operationId!, method: m.toUpperCase(), path: p })),
  );
}

function handlersModule(contract: Json): string {
  const table = operationsOf(contract)
    .map((o) => `  { operationId: '${o.operationId}', method: '${o.method}', path: '${o.path}' },`)
    .join('\n');
  return `/**
 * The server stub: a handler map typed by operationId. A missing handler, an unknown
 * operationId, or a handler that answers a status or body the contract does not list
 * is a compile error.
 */
import type { operations } from './openapi';

export type OperationId = keyof operations;

/** Every operation of the contract, in contract order. */
export const operationTable = [
${table}
] as const satisfies ReadonlyArray<{ operationId: OperationId; method: string; path: string }>;

type Op<K extends OperationId> = operations[K];
type ParamsOf<K extends OperationId, Where extends string> = Op<K> extends { parameters: infer P }
  ? P extends Record<Where, infer V> ? (V extends undefined ? Record<string, never> : NonNullable<V>) : Record<string, never>
  : Record<string, never>;
type BodyOf<K extends OperationId> = Op<K> extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : Op<K> extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B | undefined
    : undefined;

/** What a handler receives: parameters and body, already validated against the contract. */
export interface RequestOf<K extends OperationId> {
  operationId: K;
  path: ParamsOf<K, 'path'>;
  query: ParamsOf<K, 'query'>;
  body: BodyOf<K>;
}

type ResponsesOf<K extends OperationId> = Op<K>['responses'];
type ContentOf<R> = R extends { content: infer C } ? (C extends Record<string, infer B> ? B : never) : undefined;

/** What a handler answers: one of the statuses the contract lists, with its body. */
export type ResponseOf<K extends OperationId> = {
  [S in keyof ResponsesOf<K>]: {
    status: S;
    body: ContentOf<ResponsesOf<K>[S]>;
    headers?: Record<string, string>;
  };
}[keyof ResponsesOf<K>];

export type Handler<K extends OperationId> = (request: RequestOf<K>) => Promise<ResponseOf<K>>;

/** One handler per operationId, no more, no less. */
export type HandlerMap = { [K in OperationId]: Handler<K> };
`;
}

function main(): void {
  const [contractFile, specFile, out] = process.argv.slice(2);
  if (!contractFile || !specFile || !out) throw new Error('usage: generate.ts <contract.json> <spec.json> <out>');
  const contract = JSON.parse(fs.readFileSync(contractFile, 'utf8')) as Json;
  const cli = path.join(path.dirname(require.resolve('openapi-typescript/package.json')), 'bin', 'cli.js');
  execFileSync(process.execPath, [cli, specFile, '-o', path.join(out, 'openapi.ts')], { stdio: ['ignore', 'ignore', 'inherit'] });
  fs.writeFileSync(
    path.join(out, 'definition.ts'),
    [
      '/** The contract, pre-bundled as an object (no YAML parsing, no $ref resolution at cold start). */',
      `export const definition: Record<string, unknown> = ${JSON.stringify(contract, null, 2)};`,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(out, 'handlers.ts'), handlersModule(contract));
}

main();
