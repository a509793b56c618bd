/**
 * The differential corpus: requests under a runtime's prefix that are sent, in order, to every
 * runtime. `{{id:NAME}}` and `{{token:NAME}}` in a path stand for the id a runtime made when it
 * answered the entry that `creates: NAME`, or the nextToken it gave in the entry that
 * `savesToken: NAME`: each runtime gets its own values.
 */
import type { HttpRequest } from './http';

export interface Expectation {
  status: number;
  /** problem+json `type` suffix (`validation-failed`), when the answer is a problem. */
  problem?: string;
  /** Extra contract rule checked on the answer; returns a complaint or undefined. */
  check?: (response: { status: number; headers: Record<string, string>; body: unknown }, runtime: string) => string | undefined;
}

export interface CorpusEntry {
  /** Where the entry comes from: `scenario:not-found`, `schemathesis:go#coverage`. */
  source: string;
  request: HttpRequest;
  /** On a 2xx with a body id (201 by the contract), the runtime's id is remembered under this name. */
  creates?: string;
  /** When the answer has a nextToken, it is remembered under this name. */
  savesToken?: string;
  /** What the contract says the answer is (hand-written scenarios only). */
  expect?: Expectation;
}

const REF = /\{\{(id|token):([^}]+)\}\}/g;

export interface RuntimeRefs {
  ids: Map<string, string>;
  tokens: Map<string, string>;
  /** `id:NAME` / `token:NAME` this runtime failed to make, and why (`its create answered 400`). */
  lost: Map<string, string>;
}

export const newRefs = (): RuntimeRefs => ({ ids: new Map(), tokens: new Map(), lost: new Map() });

/** The references a request's path uses, as `id:NAME` / `token:NAME`. */
export function referencesOf(request: HttpRequest): string[] {
  return [...request.path.matchAll(REF)].map((m) => `${m[1]}:${m[2]}`);
}

/** Whether this runtime holds the value a reference (`id:NAME`) stands for. */
export function holds(refs: RuntimeRefs, reference: string): boolean {
  const [kind, name] = [reference.slice(0, reference.indexOf(':')), reference.slice(reference.indexOf(':') + 1)];
  return (kind === 'id' ? refs.ids : refs.tokens).has(name);
}

/** The request with this runtime's ids and tokens filled in; names it lacks stay visible as `missing-…`. */
export function resolveRequest(request: HttpRequest, refs: RuntimeRefs): HttpRequest {
  const path = request.path.replace(REF, (_, kind: string, name: string) => {
    const value = kind === 'id' ? refs.ids.get(name) : refs.tokens.get(name);
    return value ?? `missing-${kind}-${name}`;
  });
  return { ...request, path };
}

export const json = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
export const raw = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
