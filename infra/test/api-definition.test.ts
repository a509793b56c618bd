import { buildApiDefinition, GATEWAY_RESPONSES, SIGV4_SCHEME, SIGV4_SECURITY_SCHEME } from '../lib/api-definition';
import { unauthenticatedOperations } from '../lib/benchmark-checks';
import { BINARY_MEDIA_TYPES_EXTENSION, binaryMediaTypes, contractOperations, loadContract, type Contract } from '../../core/src/routes';

// An OpenAPI document navigated by literal keys in assertions; a failed lookup fails the test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type Op = Record<string, any>;
const contract = loadContract();
const uri = (runtime: string) => `uri-of-${runtime}`;

describe('buildApiDefinition (real contract)', () => {
  const runtimes = ['go', 'python'];
  const body = buildApiDefinition(contract, { runtimes, integrationUri: uri, titleSuffix: 'dev', memoryMb: { go: 256 } }) as Op;

  test('mounts every contract operation under every runtime prefix as an aws_proxy integration to that runtime', () => {
    // Prepare
    const operations = contractOperations(contract);
    // Act / Assess
    expect(operations.length).toBeGreaterThanOrEqual(7);
    for (const runtime of runtimes) {
      for (const op of operations) {
        const mounted = body.paths[`/${runtime}${op.path}`]?.[op.method.toLowerCase()];
        expect(mounted).toBeDefined();
        expect(mounted.operationId).toBe(`${runtime}_${op.operationId}`);
        expect(mounted['x-amazon-apigateway-integration']).toEqual({
          type: 'aws_proxy',
          httpMethod: 'POST',
          uri: uri(runtime),
          passthroughBehavior: 'when_no_match',
          timeoutInMillis: 29000,
        });
      }
    }
  });

  test('has nothing but the mounted routes and the root health', () => {
    const expected = ['/health', ...runtimes.flatMap((r) => Object.keys(contract.paths).map((p) => `/${r}${p}`))];
    expect(Object.keys(body.paths).sort()).toEqual(expected.sort());
  });

  test('answers the root GET /health itself, listing the runtimes in the local platform shape', () => {
    // Act
    const health = body.paths['/health'].get;
    const integration = health['x-amazon-apigateway-integration'];
    // Assess
    expect(integration.type).toBe('mock');
    expect(JSON.parse(integration.responses.default.responseTemplates['application/json'])).toEqual({
      status: 'ok',
      runtimes: [{ name: 'go', memoryMb: 256 }, { name: 'python' }],
    });
    expect(integration.responses.default.statusCode).toBe('200');
  });

  test('declares path parameters as required and query parameters as optional, without validating them', () => {
    const getItem = body.paths['/go/items/{id}'].get;
    const list = body.paths['/python/items'].get;
    expect(getItem.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(list.parameters).toEqual([
      { name: 'limit', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'nextToken', in: 'query', required: false, schema: { type: 'string' } },
    ]);
    expect(body['x-amazon-apigateway-request-validators']).toBeUndefined();
    expect(body['x-amazon-apigateway-request-validator']).toBeUndefined();
  });

  test('keeps the contract responses as documentation (status codes and descriptions)', () => {
    const create = body.paths['/go/items'].post;
    expect(Object.keys(create.responses)).toEqual(['201', '400', '413', '415']);
    expect(create.responses['413'].description).toMatch(/65536 bytes/);
  });

  test('names the API after the contract and the environment, with the contract version', () => {
    expect(body.openapi).toBe('3.0.1');
    expect(body.info).toEqual({ title: 'Multi-Runtime Items API (dev)', version: '1.0.0' });
  });

  test('gateway answers keep the shape of API Gateway and the local platform', () => {
    const responses = body['x-amazon-apigateway-gateway-responses'];
    expect(responses).toBe(GATEWAY_RESPONSES);
    expect(responses.MISSING_AUTHENTICATION_TOKEN).toEqual({
      statusCode: 403,
      responseTemplates: { 'application/json': '{"message":"Missing Authentication Token"}' },
    });
    expect(responses.THROTTLED.statusCode).toBe(429);
    expect(responses.DEFAULT_4XX.responseTemplates['application/json']).toBe('{"message":$context.error.messageString}');
    expect(responses.DEFAULT_5XX.responseTemplates['application/json']).toBe('{"message":$context.error.messageString}');
  });
});

describe('buildApiDefinition (edge cases)', () => {
  test('refuses to build an API without runtimes', () => {
    expect(() => buildApiDefinition(contract, { runtimes: [], integrationUri: uri })).toThrow(/no runtimes/);
  });

  test('refuses a contract without operations', () => {
    const empty = { paths: { '/x': {} } } as Contract;
    expect(() => buildApiDefinition(empty, { runtimes: ['go'], integrationUri: uri })).toThrow(/no operations/);
  });

  test('reports a $ref the contract cannot resolve', () => {
    // Prepare
    const broken = { paths: { '/x/{id}': { parameters: [{ $ref: '#/components/parameters/Nope' }], get: { operationId: 'getX', responses: {} } } } } as unknown as Contract;
    // Act / Assess
    expect(() => buildApiDefinition(broken, { runtimes: ['go'], integrationUri: uri })).toThrow('contract: unresolved $ref #/components/parameters/Nope');
  });

  test('falls back to generic names when the contract has no info block or response descriptions', () => {
    // Prepare
    const bare = { paths: { '/x': { get: { operationId: 'getX', responses: { '200': {} } } } } } as unknown as Contract;
    // Act
    const body = buildApiDefinition(bare, { runtimes: ['go'], integrationUri: uri }) as Op;
    // Assess
    expect(body.info).toEqual({ title: 'API', version: '1.0.0' });
    expect(body.paths['/go/x'].get.responses).toEqual({ '200': { description: '200' } });
    expect(body.paths['/go/x'].get.parameters).toBeUndefined();
  });
});

describe('buildApiDefinition: authentication and binary media types', () => {
  test('auth iam: the sigv4 scheme, and every operation (root health too) requires it', () => {
    // Act
    const body = buildApiDefinition(contract, { runtimes: ['go'], integrationUri: uri, auth: 'iam' }) as Op;
    // Assess
    expect(body.components.securitySchemes).toEqual({ [SIGV4_SCHEME]: SIGV4_SECURITY_SCHEME });
    expect(unauthenticatedOperations(body)).toEqual([]);
  });

  test('auth omitted: public, and the Benchmark nag rule lists every operation', () => {
    const body = buildApiDefinition(contract, { runtimes: ['go'], integrationUri: uri }) as Op;
    expect(body.components).toBeUndefined();
    expect(unauthenticatedOperations(body)).toContain('POST /go/items');
    expect(unauthenticatedOperations(body)).toContain('GET /health');
  });

  test('binary media types come from the contract extension, and only from there', () => {
    // Prepare
    const bare = { paths: { '/x': { get: { operationId: 'getX', responses: {} } } } } as unknown as Contract;
    const declared = { ...bare, [BINARY_MEDIA_TYPES_EXTENSION]: ['image/png'] } as unknown as Contract;
    // Act / Assess
    expect((buildApiDefinition(contract, { runtimes: ['go'], integrationUri: uri }) as Op)[BINARY_MEDIA_TYPES_EXTENSION]).toEqual(binaryMediaTypes(contract));
    expect((buildApiDefinition(bare, { runtimes: ['go'], integrationUri: uri }) as Op)[BINARY_MEDIA_TYPES_EXTENSION]).toBeUndefined();
    expect((buildApiDefinition(declared, { runtimes: ['go'], integrationUri: uri }) as Op)[BINARY_MEDIA_TYPES_EXTENSION]).toEqual(['image/png']);
    expect(() => binaryMediaTypes({ ...bare, [BINARY_MEDIA_TYPES_EXTENSION]: 'image/png' } as unknown as Contract)).toThrow(/must be a list of media types/);
  });
});

describe('unauthenticatedOperations (the Benchmark-ApiAuthorization rule)', () => {
  const scheme = { components: { securitySchemes: { s: SIGV4_SECURITY_SCHEME, key: { type: 'apiKey', name: 'x-api-key', in: 'header' } } } };
  test.each([
    ['no security at all', {}, ['GET /a']],
    ['IAM on the operation', { security: [{ s: [] }] }, []],
    ['an API key is not IAM', { security: [{ key: [] }] }, ['GET /a']],
    ['an anonymous alternative opens it', { security: [{ s: [] }, {}] }, ['GET /a']],
  ])('%s', (_name, op, expected) => {
    const body = { ...scheme, paths: { '/a': { get: { responses: {}, ...op } } } };
    expect(unauthenticatedOperations(body)).toEqual(expected);
  });

  test('a global IAM requirement covers operations that state none', () => {
    expect(unauthenticatedOperations({ ...scheme, security: [{ s: [] }], paths: { '/a': { get: {} } } })).toEqual([]);
  });
});
