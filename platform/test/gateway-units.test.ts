/** Route matching and proxy-result mapping. Unit tests: no network. */
import { gatewayErrors, mapProxyResult, MalformedProxyResponse } from '../src/apigw-response';
import { loadContract, mountedRoutes, RouteTable } from '../../core/src/routes';

describe('RouteTable', () => {
  const table = new RouteTable(mountedRoutes(loadContract(), ['typescript', 'python']));

  it('matches contract paths under each runtime prefix', () => {
    // Prepare
    const id = '0b6f3c55-3f0e-4bb2-9b4e-6a2f3c9d1e20';
    // Act
    const match = table.match('GET', `/python/items/${id}`);
    // Assess
    expect(match).toEqual({ kind: 'route', route: expect.objectContaining({ runtime: 'python', resource: '/python/items/{id}' }), pathParameters: { id } });
  });

  it.each(['a%2Fb', '%2E%2E', '..', '%C3%A9', '%ZZ', '0b6f3c55%2D3f0e-4bb2-9b4e-6a2f3c9d1e20'])('keeps the segment %s as sent, still percent-encoded, as API Gateway REST does', (id) => {
    // Prepare / Act
    const match = table.match('DELETE', `/python/items/${id}`);
    // Assess
    expect(match).toEqual({ kind: 'route', route: expect.objectContaining({ resource: '/python/items/{id}' }), pathParameters: { id } });
  });

  it('prefers literal segments and gives null pathParameters without parameters', () => {
    // Prepare / Act
    const match = table.match('GET', '/typescript/items');
    // Assess
    expect(match).toEqual({ kind: 'route', route: expect.objectContaining({ resource: '/typescript/items' }), pathParameters: null });
  });

  it.each([
    ['GET', '/kotlin/items'],
    ['GET', '/typescript/nope'],
    ['PATCH', '/typescript/items'],
    ['GET', '/typescript/items/a/b'],
    ['GET', '/'],
  ])('finds no route for %s %s (API Gateway answers 403)', (method, path) => {
    // Prepare / Act
    const match = table.match(method, path);
    // Assess
    expect(match).toEqual({ kind: 'none' });
  });
});

describe('mapProxyResult', () => {
  it('maps status, merges headers (multiValueHeaders win) and decodes base64 bodies', () => {
    // Prepare
    const payload = JSON.stringify({
      statusCode: 201,
      headers: { 'Content-Type': 'application/json', 'Set-Cookie': 'ignored=1', 'X-Count': 3 },
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
      body: Buffer.from('héllo').toString('base64'),
      isBase64Encoded: true,
    });
    // Act
    const answer = mapProxyResult(payload);
    // Assess
    expect(answer.statusCode).toBe(201);
    expect(answer.headers).toEqual({ 'Content-Type': ['application/json'], 'set-cookie': ['a=1', 'b=2'], 'X-Count': ['3'] });
    expect(answer.body.toString()).toBe('héllo');
  });

  it('accepts a result without body or headers (empty response)', () => {
    // Prepare / Act
    const answer = mapProxyResult('{"statusCode":204}');
    // Assess
    expect(answer).toEqual({ statusCode: 204, headers: {}, body: Buffer.alloc(0) });
  });

  it.each([
    ['not JSON', 'oops'],
    ['a string', '"hello"'],
    ['null', 'null'],
    ['no statusCode', '{"body":"x"}'],
    ['a bad statusCode', '{"statusCode":42}'],
    ['a body object', '{"statusCode":200,"body":{"a":1}}'],
    ['headers with an object value', '{"statusCode":200,"headers":{"a":{"b":1}}}'],
    ['multiValueHeaders not arrays', '{"statusCode":200,"multiValueHeaders":{"a":"b"}}'],
  ])('rejects %s as malformed (API Gateway answers 502)', (_name, payload) => {
    // Prepare / Act / Assess
    expect(() => mapProxyResult(payload)).toThrow(MalformedProxyResponse);
  });

  it('has API Gateway\'s own error bodies', () => {
    // Prepare / Act
    const bodies = [gatewayErrors.missingToken(), gatewayErrors.badGateway(), gatewayErrors.throttled(), gatewayErrors.timeout()].map((a) => [a.statusCode, JSON.parse(a.body.toString())]);
    // Assess
    expect(bodies).toEqual([
      [403, { message: 'Missing Authentication Token' }],
      [502, { message: 'Internal server error' }],
      [500, { message: 'Internal server error' }],
      [504, { message: 'Endpoint request timed out' }],
    ]);
  });
});
