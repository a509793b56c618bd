/**
 * The contract's limits, stated through the generated constants (generated/ts/constants.ts),
 * never a copy. Run against constants generated from a changed contract
 * (scripts/codegen-follow.test.ts, through runtime.json codegen.followTest and
 * jest.follow.config.js), they still pass: the runtime follows the contract.
 */
import serverless from 'serverless-http';
import * as contract from '../../../generated/ts/constants';
import { buildProxyEvent } from '../../../platform/src/apigw-event';
import { createApp } from '../src/app';
import { InstanceInfo } from '../src/instance';
import { FakeStore } from './fake-store';

const EMOJI = '\u{1F600}'; // one code point, two UTF-16 units: lengths count code points

function setup() {
  const store = new FakeStore();
  const instance = new InstanceInfo();
  const proxy = serverless(createApp({ store, instance, now: () => new Date('2026-01-31T12:00:00Z') }), { basePath: '/typescript' });
  return async (method: string, path: string, body = '') => {
    const [p = '', q = ''] = path.split('?');
    const event = buildProxyEvent({
      method,
      path: `/typescript${p}`,
      query: q,
      rawHeaders: ['Content-Type', 'application/json'],
      body: Buffer.from(body),
      sourceIp: '127.0.0.1',
      resource: `/typescript${p}`,
      pathParameters: null,
    });
    instance.invoked();
    const res = (await proxy(event as never, {} as never)) as { statusCode: number; body: string };
    return { status: res.statusCode, json: JSON.parse(res.body) as { type?: string; errors?: { path: string }[] } };
  };
}

const post = (name: string) => JSON.stringify({ name, price: 1 });

test.each([
  ['the longest name', post(EMOJI.repeat(contract.ITEM_NAME_MAX_LENGTH))],
  ['the shortest name', post('a'.repeat(contract.ITEM_NAME_MIN_LENGTH))],
  ['the longest description', JSON.stringify({ name: 'a', price: 1, description: 'd'.repeat(contract.ITEM_DESCRIPTION_MAX_LENGTH) })],
])('%s is accepted', async (_case, body) => {
  // Act
  const res = await setup()('POST', '/items', body);
  // Assess
  expect(res.status).toBe(201);
});

test.each([
  ['a name one too long', post(EMOJI.repeat(contract.ITEM_NAME_MAX_LENGTH + 1)), '/body/name'],
  ['a description one too long', JSON.stringify({ name: 'a', price: 1, description: 'd'.repeat(contract.ITEM_DESCRIPTION_MAX_LENGTH + 1) }), '/body/description'],
])('%s is refused', async (_case, body, path) => {
  const res = await setup()('POST', '/items', body);
  expect([res.status, res.json.type, res.json.errors?.map((e) => e.path)]).toEqual([400, contract.PROBLEM_TYPES.validationFailed.type, [path]]);
});

test('the page size range is the contract\'s', async () => {
  const call = setup();
  expect((await call('GET', `/items?limit=${contract.LIST_LIMIT_MAXIMUM}`)).status).toBe(200);
  expect((await call('GET', `/items?limit=${contract.LIST_LIMIT_MINIMUM}`)).status).toBe(200);
  expect((await call('GET', `/items?limit=${contract.LIST_LIMIT_MAXIMUM + 1}`)).status).toBe(400);
  expect((await call('GET', `/items?limit=${contract.LIST_LIMIT_MINIMUM - 1}`)).status).toBe(400);
});

test('a body one byte over the limit is 413', async () => {
  const res = await setup()('POST', '/items', ' '.repeat(contract.BODY_MAX_BYTES + 1));
  expect([res.status, res.json.type]).toEqual([413, contract.PROBLEM_TYPES.payloadTooLarge.type]);
});

// scripts/codegen-follow.test.ts sets CONTRACT_EXPECT_<NAME>=<value> for what it changed.
const expected = Object.entries(process.env).filter(([name]) => name.startsWith('CONTRACT_EXPECT_'));
const constants: Record<string, unknown> = { ...contract };
(expected.length ? test : test.skip)('the generated constants are the ones under test (CONTRACT_EXPECT_*; set only by codegen-follow)', () => {
  for (const [name, value] of expected) expect([name, constants[name.slice('CONTRACT_EXPECT_'.length)]]).toEqual([name, Number(value)]);
});
