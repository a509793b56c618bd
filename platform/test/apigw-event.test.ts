/** The proxy event builder against AWS's documented REST (v1) proxy event. Unit tests: no network. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildProxyEvent, requestTime, type GatewayRequest } from '../src/apigw-event';
import { binaryMediaTypes, contractBinaryMediaTypes, loadContract } from '../../core/src/routes';

const documented = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'aws-proxy-event-example.json'), 'utf8')) as Record<string, unknown>;

function request(overrides: Partial<GatewayRequest> = {}): GatewayRequest {
  return {
    method: 'GET',
    path: '/python/items/3f1c',
    query: 'limit=5&tag=a&tag=b%20c',
    rawHeaders: ['Host', '127.0.0.1:3000', 'User-Agent', 'jest', 'Accept', 'text/plain', 'Accept', 'application/json'],
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    resource: '/python/items/{id}',
    pathParameters: { id: '3f1c' },
    stage: 'local',
    requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    requestTimeEpoch: 1583349317135,
    port: 3000,
    ...overrides,
  };
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every key of the documented event, with its JSON type wherever both sides carry a value. */
function assertSameShape(expected: Record<string, unknown>, actual: Record<string, unknown>, at: string): void {
  for (const [key, value] of Object.entries(expected)) {
    expect({ at: `${at}.${key}`, present: key in actual }).toEqual({ at: `${at}.${key}`, present: true });
    const mine = actual[key];
    // authorizer and clientCert are objects only behind an authorizer / mutual TLS; null here.
    if (value === null || mine === null || key === 'authorizer' || key === 'clientCert') continue;
    expect({ at: `${at}.${key}`, type: typeOf(mine) }).toEqual({ at: `${at}.${key}`, type: typeOf(value) });
    if (typeOf(value) === 'object' && !['headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters'].includes(key)) {
      assertSameShape(value as Record<string, unknown>, mine as Record<string, unknown>, `${at}.${key}`);
    }
  }
}

describe('buildProxyEvent', () => {
  it('has every field of the documented example, with the same types', () => {
    // Prepare
    const req = request({ method: 'POST', body: Buffer.from('Hello from Lambda!'), rawHeaders: ['Content-Type', 'text/plain'] });
    // Act
    const event: APIGatewayProxyEvent = buildProxyEvent(req);
    // Assess
    assertSameShape(documented, event as unknown as Record<string, unknown>, 'event');
    expect(Object.keys(event).sort()).toEqual(Object.keys(documented).sort());
  });

  it('fills resource, path, method, parameters and the request context', () => {
    // Prepare
    const req = request();
    // Act
    const event = buildProxyEvent(req);
    // Assess
    expect(event).toMatchObject({
      resource: '/python/items/{id}',
      path: '/python/items/3f1c',
      httpMethod: 'GET',
      pathParameters: { id: '3f1c' },
      stageVariables: null,
      queryStringParameters: { limit: '5', tag: 'b c' },
      multiValueQueryStringParameters: { limit: ['5'], tag: ['a', 'b c'] },
      body: null,
      isBase64Encoded: false,
    });
    expect(event.requestContext).toMatchObject({
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      stage: 'local',
      resourcePath: '/python/items/{id}',
      httpMethod: 'GET',
      path: '/local/python/items/3f1c',
      requestTimeEpoch: 1583349317135,
      requestTime: '04/Mar/2020:19:15:17 +0000',
      protocol: 'HTTP/1.1',
      identity: { sourceIp: '127.0.0.1', userAgent: 'jest' },
    });
  });

  it('keeps header case, the last value in headers and all values in multiValueHeaders, and adds the forwarding headers', () => {
    // Prepare
    const req = request();
    // Act
    const event = buildProxyEvent(req);
    // Assess
    expect(event.headers.Accept).toBe('application/json');
    expect(event.multiValueHeaders.Accept).toEqual(['text/plain', 'application/json']);
    expect(event.headers.Host).toBe('127.0.0.1:3000');
    expect(event.headers['X-Forwarded-For']).toBe('127.0.0.1');
    expect(event.headers['X-Forwarded-Port']).toBe('3000');
    expect(event.headers['X-Forwarded-Proto']).toBe('http');
    expect(event.headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('gives null query maps when there is no query string', () => {
    // Prepare
    const req = request({ query: '' });
    // Act
    const event = buildProxyEvent(req);
    // Assess
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
  });

  it('passes text bodies as strings and binary media types as base64', () => {
    // Prepare
    const json = request({ method: 'POST', rawHeaders: ['Content-Type', 'application/json'], body: Buffer.from('{"name":"é"}') });
    const binary = request({ method: 'POST', rawHeaders: ['Content-Type', 'application/octet-stream'], body: Buffer.from([0, 1, 2, 255]) });
    const invalidUtf8 = request({ method: 'POST', rawHeaders: ['Content-Type', 'text/plain'], body: Buffer.from([0xc3, 0x28]) });
    // Act
    const events = [json, binary, invalidUtf8].map(buildProxyEvent);
    // Assess
    expect(events[0]).toMatchObject({ body: '{"name":"é"}', isBase64Encoded: false });
    expect(events[1]).toMatchObject({ body: Buffer.from([0, 1, 2, 255]).toString('base64'), isBase64Encoded: true });
    expect(events[2]).toMatchObject({ body: Buffer.from([0xc3, 0x28]).toString('base64'), isBase64Encoded: true });
  });

  it("base64-encodes by default exactly the contract's binary media types, which the CDK API declares too", () => {
    // Prepare
    const png = request({ method: 'POST', rawHeaders: ['Content-Type', 'image/png'], body: Buffer.from('abc') });
    const declaredOther = { ...png, binaryMediaTypes: ['application/x-other'] };
    // Act
    const [byContract, byCaller] = [png, declaredOther].map(buildProxyEvent);
    // Assess
    expect(contractBinaryMediaTypes()).toEqual(binaryMediaTypes(loadContract()));
    expect(contractBinaryMediaTypes()).toContain('image/*');
    expect(byContract).toMatchObject({ body: Buffer.from('abc').toString('base64'), isBase64Encoded: true });
    expect(byCaller).toMatchObject({ body: 'abc', isBase64Encoded: false });
  });

  it('keeps a leading byte order mark in a text body (the function judges it, not the gateway)', () => {
    // Prepare
    const withBom = request({ method: 'POST', rawHeaders: ['Content-Type', 'application/json'], body: Buffer.from('\ufeff{"name":"x"}', 'utf8') });
    // Act
    const event = buildProxyEvent(withBom);
    // Assess
    expect(event).toMatchObject({ body: '\ufeff{"name":"x"}', isBase64Encoded: false });
    expect(Buffer.byteLength(event.body!, 'utf8')).toBe(withBom.body.length);
  });

  it('formats requestTime like API Gateway', () => {
    // Prepare
    const epoch = Date.UTC(2026, 0, 5, 3, 4, 5);
    // Act
    const text = requestTime(epoch);
    // Assess
    expect(text).toBe('05/Jan/2026:03:04:05 +0000');
  });
});
