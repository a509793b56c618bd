/**
 * The DynamoDB adapter against a real DynamoDB API (dynalite on 127.0.0.1): the stored
 * attributes and types are exactly docs/storage-layout.md's, and the conditions hold.
 */
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startLocalTable, type LocalTable } from '../../../platform/src/dynamo';
import { newItem } from '../src/domain';
import { DynamoDbStore } from '../src/dynamodb-store';

let dynamo: LocalTable;
let store: DynamoDbStore;
let raw: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startLocalTable();
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  store = new DynamoDbStore({ tableName: dynamo.tableName, region: 'us-east-1', endpoint: dynamo.endpoint });
  raw = new DynamoDBClient({ region: 'us-east-1', endpoint: dynamo.endpoint });
});
afterAll(async () => {
  raw.destroy();
  await dynamo.stop();
});

const rawItem = async (id: string) => (await raw.send(new GetItemCommand({ TableName: dynamo.tableName, Key: { id: { S: id } } }))).Item;
const now = new Date('2026-01-31T12:00:00Z');

test('create writes the documented attributes and types', async () => {
  // Prepare
  const item = newItem({ name: 'Cafe\u0301 ', price: 19.99, description: '' }, now);
  // Act
  await store.create(item);
  // Assess
  expect(await rawItem(item.id)).toEqual({
    id: { S: item.id },
    name: { S: 'Cafe\u0301 ' },
    description: { S: '' },
    price: { N: '19.99' },
    createdAt: { S: '2026-01-31T12:00:00.000Z' },
    updatedAt: { S: '2026-01-31T12:00:00.000Z' },
  });
});

test('create never overwrites an existing id', async () => {
  const item = newItem({ name: 'first', price: 1 }, now);
  await store.create(item);
  await expect(store.create({ ...item, name: 'second' })).rejects.toThrow();
  expect((await store.get(item.id))?.name).toBe('first');
});

test('replace keeps createdAt, removes an omitted description, and does not upsert', async () => {
  const item = newItem({ name: 'a', price: 1, description: 'gone soon' }, now);
  await store.create(item);
  const replaced = await store.replace(item.id, { name: 'b', price: 1234567.891 }, '2026-02-01T00:00:00.000Z');
  expect(replaced).toEqual({ id: item.id, name: 'b', price: 1234567.891, createdAt: item.createdAt, updatedAt: '2026-02-01T00:00:00.000Z' });
  expect((await rawItem(item.id))?.description).toBeUndefined();
  expect(await store.replace('00000000-0000-4000-8000-000000000000', { name: 'x', price: 1 }, 'now')).toBeUndefined();
  expect(await store.get('00000000-0000-4000-8000-000000000000')).toBeUndefined();
});

test('delete is conditional on existence', async () => {
  const item = newItem({ name: 'a', price: 1 }, now);
  await store.create(item);
  expect(await store.delete(item.id)).toBe(true);
  expect(await store.delete(item.id)).toBe(false);
});

test('reads ignore attributes the layout does not define', async () => {
  const id = '11111111-1111-4111-8111-111111111111';
  await raw.send(new PutItemCommand({ TableName: dynamo.tableName, Item: { id: { S: id }, name: { S: 'n' }, price: { N: '5' }, createdAt: { S: 'c' }, updatedAt: { S: 'u' }, extra: { S: 'x' } } }));
  expect(await store.get(id)).toEqual({ id, name: 'n', price: 5, createdAt: 'c', updatedAt: 'u' });
});

test('list pages with Limit and continues after the last key', async () => {
  const first = await store.list(2);
  expect(first.items).toHaveLength(2);
  expect(first.lastId).toBeDefined();
  const second = await store.list(2, first.lastId);
  expect(second.items.map((i) => i.id)).not.toContain(first.items[0]!.id);
});
