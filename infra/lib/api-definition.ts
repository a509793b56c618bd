/**
 * The API Gateway (REST, v1) definition generated from the contract: every contract
 * operation under every runtime's prefix (platform/src/routes.ts decides the mounting,
 * as it does for the local platform), each an aws_proxy integration to that runtime's
 * function, plus a root GET /health answered by the gateway itself. No request
 * validators: validation is each runtime's job and its cost is part of the measurement.
 */
import { BINARY_MEDIA_TYPES_EXTENSION, binaryMediaTypes, contractOperations, mountedRoutes, ROOT_HEALTH, type Contract } from '../../core/src/routes';

type Json = Record<string, unknown>;

export interface ApiDefinitionOptions {
  /** Runtime names, in the order their prefixes are mounted. */
  runtimes: readonly string[];
  /** The integration URI of a runtime's function (a CDK token string is fine). */
  integrationUri: (runtime: string) => string;
  /** Memory size per runtime, shown by the root GET /health as the local platform shows it. */
  memoryMb?: Readonly<Record<string, number>>;
  /** Shown in the API's title, e.g. the environment name. */
  titleSuffix?: string;
  /** `iam`: every method requires a SigV4-signed request (IAM authorization). Default `none`. */
  auth?: 'iam' | 'none';
}

/** The security scheme API Gateway maps to IAM authorization (`x-amazon-apigateway-authtype: awsSigv4`). */
export const SIGV4_SCHEME = 'sigv4';
export const SIGV4_SECURITY_SCHEME: Json = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };

/**
 * Gateway-made answers keep API Gateway's own `{"message": ...}` shape, as the contract
 * and the local platform do for them (unknown route → 403 Missing Authentication Token,
 * 502 Internal server error, ...); problem+json is reserved for the runtimes' answers.
 * Written out explicitly so that the shape is part of the definition and of its snapshot.
 */
export const GATEWAY_RESPONSES: Json = {
  MISSING_AUTHENTICATION_TOKEN: {
    statusCode: 403,
    responseTemplates: { 'application/json': '{"message":"Missing Authentication Token"}' },
  },
  THROTTLED: {
    statusCode: 429,
    responseTemplates: { 'application/json': '{"message":"Too Many Requests"}' },
  },
  DEFAULT_4XX: {
    responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
  },
  DEFAULT_5XX: {
    responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
  },
};

function deref(contract: Contract, value: unknown): Json {
  const ref = (value as { $ref?: string } | undefined)?.$ref;
  if (!ref) return (value ?? {}) as Json;
  const target = ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], contract);
  if (target === undefined) throw new Error(`contract: unresolved $ref ${ref}`);
  return target as Json;
}

/** Parameters as the gateway needs them: names and places only (it validates nothing). */
function parameters(contract: Contract, contractPath: string, method: string): Json[] {
  const pathItem = contract.paths[contractPath] as Json;
  const operation = (pathItem[method.toLowerCase()] ?? {}) as Json;
  const declared = [...((pathItem.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])];
  return declared.map((p) => {
    const param = deref(contract, p);
    return { name: param.name, in: param.in, required: param.in === 'path' ? true : Boolean(param.required), schema: { type: 'string' } };
  });
}

function responses(contract: Contract, contractPath: string, method: string): Json {
  const operation = ((contract.paths[contractPath] as Json)[method.toLowerCase()] ?? {}) as Json;
  return Object.fromEntries(
    Object.entries((operation.responses ?? {}) as Json).map(([status, r]) => [status, { description: String(deref(contract, r).description ?? status) }]),
  );
}

function proxyIntegration(uri: string): Json {
  return { type: 'aws_proxy', httpMethod: 'POST', uri, passthroughBehavior: 'when_no_match', timeoutInMillis: 29000 };
}

/**
 * Root GET /health, answered by a mock integration: lists the mounted runtimes, in the
 * local platform's shape (`{status, runtimes:[{name, memoryMb}]}`; the platform adds its own fields).
 */
function rootHealth(runtimes: readonly string[], memoryMb: Readonly<Record<string, number>> = {}): Json {
  const body = { status: 'ok', runtimes: runtimes.map((name) => ({ name, ...(memoryMb[name] ? { memoryMb: memoryMb[name] } : {}) })) };
  return {
    operationId: 'getGatewayHealth',
    summary: 'Health of the gateway; lists the mounted runtimes',
    responses: { '200': { description: 'The gateway is up.' } },
    'x-amazon-apigateway-integration': {
      type: 'mock',
      passthroughBehavior: 'when_no_match',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      responses: {
        default: {
          statusCode: '200',
          responseTemplates: { 'application/json': JSON.stringify(body) },
        },
      },
    },
  };
}

export function buildApiDefinition(contract: Contract, options: ApiDefinitionOptions): Json {
  if (options.runtimes.length === 0) throw new Error('no runtimes: the API needs at least one lambdas/<name>/runtime.json');
  if (contractOperations(contract).length === 0) throw new Error('contract has no operations');
  const iam = options.auth === 'iam';
  // Every method, the root health included: one rule, no anonymous door.
  const security = iam ? { security: [{ [SIGV4_SCHEME]: [] }] } : {};
  const paths: Record<string, Json> = {
    [ROOT_HEALTH.resource]: { [ROOT_HEALTH.method.toLowerCase()]: { ...rootHealth(options.runtimes, options.memoryMb), ...security } },
  };
  for (const route of mountedRoutes(contract, options.runtimes)) {
    const item = (paths[route.resource] ??= {});
    const params = parameters(contract, route.path, route.method);
    item[route.method.toLowerCase()] = {
      operationId: `${route.runtime}_${route.operationId}`,
      ...(params.length ? { parameters: params } : {}),
      responses: responses(contract, route.path, route.method),
      ...security,
      'x-amazon-apigateway-integration': proxyIntegration(options.integrationUri(route.runtime)),
    };
  }
  const info = contract.info as Json | undefined;
  const binary = binaryMediaTypes(contract);
  return {
    openapi: '3.0.1',
    info: {
      title: `${String(info?.title ?? 'API')}${options.titleSuffix ? ` (${options.titleSuffix})` : ''}`,
      version: String(info?.version ?? '1.0.0'),
    },
    paths,
    ...(iam ? { components: { securitySchemes: { [SIGV4_SCHEME]: SIGV4_SECURITY_SCHEME } } } : {}),
    // The contract's list, as the local platform uses it (platform/src/routes.ts binaryMediaTypes).
    ...(binary.length ? { [BINARY_MEDIA_TYPES_EXTENSION]: binary } : {}),
    'x-amazon-apigateway-gateway-responses': GATEWAY_RESPONSES,
  };
}
