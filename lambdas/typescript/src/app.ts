/**
 * The Express app: openapi-backend routes each request to its contract operation and
 * validates it against the contract, in the order docs/contract.md fixes (parameters,
 * 413, 415, malformed JSON, body schema); the handlers do the rest. Routes live at the
 * root (`/items`); the Lambda entry strips the runtime prefix.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type OpenAPIBackend from 'openapi-backend';
import type { Operation, Request as OpenApiRequest } from 'openapi-backend';
import type { ErrorObject } from 'ajv';
import type { HandlerMap, OperationId, RequestOf } from '../../../generated/ts/handlers';
import { LIST_LIMIT_MAXIMUM, LIST_LIMIT_MINIMUM } from '../../../generated/ts/constants';
import { ApiProblem, MAX_BODY_BYTES, type ProblemError } from './domain';
import { createContractBackend, type PrecompiledValidators } from './contract-backend';
import { createHandlers, type HandlerDeps } from './handlers';

interface Answer {
  status: number | string;
  body?: unknown;
  headers?: Record<string, string>;
}

// ignoreBOM keeps a leading U+FEFF, which JSON.parse then rejects: a BOM is not JSON text (docs/contract.md).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Ajv errors → the contract's `errors` entries, rooted at the request part (`/body/name`, `/query/limit`). */
function toProblemErrors(errors: ErrorObject[]): ProblemError[] {
  return errors.map((e) => {
    let path = e.instancePath.replace(/^\/requestBody/, '/body');
    if (e.keyword === 'additionalProperties') path += `/${String(e.params.additionalProperty)}`;
    if (e.keyword === 'required') path += `/${String(e.params.missingProperty)}`;
    return { path: path || '/body', message: e.message ?? e.keyword };
  });
}

function single(value: unknown): string | undefined {
  return Array.isArray(value) ? (value.at(-1) as string | undefined) : (value as string | undefined);
}

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Checks the path and query parameters only (no body yet): the first step of the contract's order. */
function validateParameters(api: OpenAPIBackend, operation: Operation, req: OpenApiRequest): void {
  const query = typeof req.query === 'object' ? req.query : {};
  const limit = query.limit as string | undefined;
  if (limit !== undefined && !/^[0-9]+$/.test(limit)) {
    throw new ApiProblem('validationFailed', 'limit must be decimal digits.', [{ path: '/query/limit', message: `must be an integer from ${LIST_LIMIT_MINIMUM} to ${LIST_LIMIT_MAXIMUM}` }]);
  }
  const result = api.validator.validateRequest({ ...req, body: undefined, headers: {} }, operation);
  const errors = (result.errors ?? []).filter((e) => /^\/(path|query)\//.test(e.instancePath));
  if (errors.length) throw new ApiProblem('validationFailed', 'A parameter breaks the contract.', toProblemErrors(errors));
}

/** Body checks in contract order: size (413), media type (415), JSON text (400), schema (400). */
function parseBody(api: OpenAPIBackend, operation: Operation, req: OpenApiRequest, raw: Buffer): unknown {
  if (raw.length > MAX_BODY_BYTES) {
    throw new ApiProblem('payloadTooLarge', `The body has ${raw.length} bytes; at most ${MAX_BODY_BYTES} are accepted.`);
  }
  if (mediaType(single(req.headers['content-type'])) !== 'application/json') {
    throw new ApiProblem('unsupportedMediaType', 'Send the body as application/json.');
  }
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(raw));
  } catch (error) {
    throw new ApiProblem('malformedJson', `The body is not JSON: ${(error as Error).message}`);
  }
  const result = api.validator.validateRequest({ ...req, body, headers: { 'content-type': 'application/json' } }, operation);
  if (result.errors?.length) throw new ApiProblem('validationFailed', 'The body breaks the contract.', toProblemErrors(result.errors));
  const unpaired = stringsWithUnpairedSurrogates(body as Record<string, unknown>);
  if (unpaired.length) {
    throw new ApiProblem('validationFailed', 'Strings must be well-formed Unicode.', unpaired.map((k) => ({ path: `/body/${k}`, message: 'has an unpaired surrogate' })));
  }
  return body;
}

/** The contract's one string rule the schema cannot carry (docs/contract.md): no unpaired surrogates. */
const UNPAIRED_SURROGATE = /[\ud800-\udfff]/u; // with the u flag, a valid pair is one code point and does not match
function stringsWithUnpairedSurrogates(body: Record<string, unknown>): string[] {
  return Object.entries(body).filter(([, v]) => typeof v === 'string' && UNPAIRED_SURROGATE.test(v)).map(([k]) => k);
}

function sendProblem(res: Response, problem: ApiProblem): void {
  const body = problem.toProblem();
  res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
}

export interface AppDeps extends HandlerDeps {
  /** Request validators compiled at build time (the Lambda bundle has them). */
  precompiled?: PrecompiledValidators;
  /** Logs an unhandled error, one line (the Lambda entry: Powertools Logger at ERROR). */
  logError?: (error: unknown) => void;
}

const logToStderr = (error: unknown) => console.error(JSON.stringify({ level: 'ERROR', message: 'unhandled error', error: String((error as Error)?.stack ?? error) }));

export function createApp(deps: AppDeps): express.Express {
  const api = createContractBackend({ precompiled: deps.precompiled });
  const handlers: HandlerMap = createHandlers(deps);
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // Raw bytes for every body: the contract's checks need the size and the text before parsing.
  app.use(express.raw({ type: () => true, limit: '10mb' }));

  // Why not openapi-backend's handleRequest(): it validates a request whole, with its body
  // already parsed, and reports every failure through one validationFail handler. The contract
  // fixes an order instead (parameters, then 413, 415, malformed JSON, body schema:
  // docs/contract.md), so the steps are the library's own parts called in that order:
  // matchOperation, validator.validateRequest, router.parseRequest.
  app.use(async (req: Request, res: Response, next: NextFunction) => {
    // A repeated query parameter counts with its last value, as API Gateway's queryStringParameters does.
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.query as Record<string, unknown>)) {
      const value = single(v);
      if (typeof value === 'string') query[k] = value;
    }
    const request: OpenApiRequest = { method: req.method, path: req.path, query, headers: req.headers as OpenApiRequest['headers'] };
    try {
      const operation = api.matchOperation(request);
      if (!operation?.operationId) throw new ApiProblem('routeNotFound', `No route ${req.method} ${req.path}.`);
      validateParameters(api, operation, request);
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const body = operation.requestBody ? parseBody(api, operation, request, raw) : undefined;
      const { params } = api.router.parseRequest(request, operation);
      const typedQuery: Record<string, unknown> = { ...query, ...(query.limit !== undefined ? { limit: Number(query.limit) } : {}) };
      const id = operation.operationId as OperationId;
      // Each handler is typed against its own operation (HandlerMap) and dispatch is by an id
      // known only at run time, so TypeScript cannot pair a handler with its request type here:
      // the casts say "the request of the operation this id names", which validation just proved.
      const handler = handlers[id] as unknown as (r: RequestOf<OperationId>) => Promise<Answer>;
      const answer = await handler({ operationId: id, path: params, query: typedQuery, body } as unknown as RequestOf<OperationId>);
      res.status(Number(answer.status));
      for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
      if (answer.body === undefined) res.end();
      else res.type('application/json').send(JSON.stringify(answer.body));
    } catch (error) {
      if (error instanceof ApiProblem) return sendProblem(res, error);
      // openapi-backend decodes the id with decodeURIComponent: a bad escape or bytes that are not UTF-8 throw.
      if (error instanceof URIError) {
        return sendProblem(res, new ApiProblem('validationFailed', 'The id is not a valid percent-encoded path segment.', [{ path: '/path/id', message: 'is not valid percent-encoded UTF-8' }]));
      }
      next(error);
    }
  });

  // Express's own errors (a body over its 10 MB ceiling, an aborted upload) answer as the contract says.
  app.use((error: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (error.type === 'entity.too.large') return sendProblem(res, new ApiProblem('payloadTooLarge', `The body is larger than ${MAX_BODY_BYTES} bytes.`));
    if (error.status && error.status >= 400 && error.status < 500) return sendProblem(res, new ApiProblem('malformedJson', 'The body could not be read.'));
    next(error);
  });
  // Anything else is the server's fault (bad input never gets here): a problem, logged, never HTML.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    (deps.logError ?? logToStderr)(error);
    sendProblem(res, new ApiProblem('internalError', 'The server failed to answer; the request may be retried.'));
  });
  return app;
}
