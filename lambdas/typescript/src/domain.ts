/**
 * The items domain, independent of HTTP and DynamoDB: problem types, the item rules
 * (ids, timestamps, replace semantics) and the nextToken encoding of
 * docs/storage-layout.md. The contract's schema checks run in app.ts (openapi-backend);
 * what a schema cannot say lives here.
 */
import { randomUUID } from 'node:crypto';
import * as contract from '../../../generated/ts/constants';
import type { components } from '../../../generated/ts/openapi';

export type Item = components['schemas']['Item'];
export type ItemInput = components['schemas']['ItemInput'];
export type Problem = components['schemas']['Problem'];
export type ProblemError = components['schemas']['ProblemError'];

export const RUNTIME_NAME = 'typescript';
/** The contract's limits and catalogue, generated from it (generated/ts/constants.ts). */
export const MAX_BODY_BYTES = contract.BODY_MAX_BYTES;
export const DEFAULT_LIMIT = contract.LIST_LIMIT_DEFAULT;

/** The problem catalogue of docs/contract.md (x-problem-types): type, title and status per mistake. */
export const problems = contract.PROBLEM_TYPES satisfies Record<string, Pick<Problem, 'type' | 'title' | 'status'>>;

export type ProblemKind = keyof typeof problems;

/** An answer the contract lists as an error; thrown by any layer, rendered once by the app. */
export class ApiProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly errors?: ProblemError[],
  ) {
    super(detail);
  }

  toProblem(): Problem {
    const { type, title, status } = problems[this.kind];
    return { type, title, status, detail: this.detail, ...(this.errors ? { errors: this.errors } : {}) };
  }
}

/** UTC, millisecond precision, `2026-01-31T12:00:00.000Z` (Date#toISOString is exactly that). */
export function timestamp(now: Date): string {
  return now.toISOString();
}

export function newItem(input: ItemInput, now: Date, id: string = randomUUID()): Item {
  const at = timestamp(now);
  return withDescription({ id, name: input.name, price: input.price, createdAt: at, updatedAt: at }, input.description);
}

function withDescription(item: Omit<Item, 'description'>, description: string | undefined): Item {
  return description === undefined ? item : { ...item, description };
}

/** Field order of the contract, so that every response serializes the same way. */
export function presentItem(item: Item): Item {
  return withDescription(
    { id: item.id, name: item.name, price: item.price, createdAt: item.createdAt, updatedAt: item.updatedAt },
    item.description,
  );
}

// --- nextToken: base64url (no padding) of the 16 bytes of the last key's UUID ---

const UUID_V4 = new RegExp(contract.ITEM_ID_PATTERN);
const TOKEN = new RegExp(contract.NEXT_TOKEN_PATTERN);

export function encodeNextToken(id: string): string {
  if (!UUID_V4.test(id)) throw new Error(`not a lowercase UUID v4: ${id}`);
  return Buffer.from(id.replaceAll('-', ''), 'hex').toString('base64url');
}

/** The id a token stands for, or undefined when the API never issued such a token. */
export function decodeNextToken(token: string): string | undefined {
  if (!TOKEN.test(token)) return undefined;
  const hex = Buffer.from(token, 'base64url').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
