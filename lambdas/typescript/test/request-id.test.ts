/**
 * The contract's Lambda-Request-Id header: added at the Lambda entry to whatever the app
 * answers, and read back by API Gateway's merge of the two header maps as one value.
 */
import serverless from 'serverless-http';
import { buildProxyEvent } from '../../../platform/src/apigw-event';
import { mapProxyResult } from '../../../platform/src/apigw-response';
import { createApp } from '../src/app';
import { InstanceInfo } from '../src/instance';
import { REQUEST_ID_HEADER, withRequestId } from '../src/request-id';
import { FakeStore } from './fake-store';

async function answer(method: string, path: string, body = '') {
  const proxy = serverless(createApp({ store: new FakeStore(), instance: new InstanceInfo() }), { basePath: '/typescript' });
  const event = buildProxyEvent({
    method,
    path: `/typescript${path}`,
    query: '',
    rawHeaders: ['Content-Type', 'application/json'],
    body: Buffer.from(body),
    sourceIp: '127.0.0.1',
    resource: `/typescript${path.replace(/\/items\/.+$/, '/items/{id}')}`,
    pathParameters: null,
  });
  return (await proxy(event as never, {} as never)) as Parameters<typeof withRequestId>[0];
}

describe('Lambda-Request-Id (the invocation id of the REPORT line)', () => {
  test.each([
    ['a success', 'GET', '/health', ''],
    ['a created item', 'POST', '/items', '{"name":"cup","price":1}'],
    ['a problem', 'GET', '/items/not-a-uuid', ''],
  ])('%s carries it exactly once', async (_what, method, path, body) => {
    // Prepare
    const result = await answer(method, path, body);
    // Act
    const mapped = mapProxyResult(JSON.stringify(withRequestId(result, 'c0ffee00-0000-4000-8000-000000000001')));
    // Assess
    const values = Object.entries(mapped.headers).filter(([name]) => name.toLowerCase() === 'lambda-request-id').flatMap(([, v]) => v);
    expect(values).toEqual(['c0ffee00-0000-4000-8000-000000000001']);
  });

  test('both header maps get it when the result uses both', () => {
    const r = withRequestId({ headers: { a: '1' }, multiValueHeaders: { b: ['2'] } }, 'id-1');
    expect(r.headers).toEqual({ a: '1', [REQUEST_ID_HEADER]: 'id-1' });
    expect(r.multiValueHeaders).toEqual({ b: ['2'], [REQUEST_ID_HEADER]: ['id-1'] });
  });

  test('without a request id (no Lambda context) nothing is added', () => {
    const result = { headers: { a: '1' } };
    expect(withRequestId(result, undefined)).toBe(result);
  });
});
