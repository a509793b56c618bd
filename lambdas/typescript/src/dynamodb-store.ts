/**
 * The DynamoDB adapter of the store port, exactly as docs/storage-layout.md describes the
 * table: the same attributes, types and conditions as every other runtime.
 */
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Item, ItemInput } from './domain';
import type { ItemStore, Page } from './store';

export interface DynamoDbStoreConfig {
  tableName: string;
  region?: string;
  /** A local DynamoDB (dynalite) endpoint; unset on AWS. */
  endpoint?: string;
  /** Instruments the client once, before first use (the Lambda entry adds X-Ray tracing). */
  instrument?: (client: DynamoDBClient) => DynamoDBClient;
}

export function dynamoDbStoreFromEnv(env: NodeJS.ProcessEnv = process.env, instrument?: DynamoDbStoreConfig['instrument']): DynamoDbStore {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return new DynamoDbStore({ tableName, region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT || undefined, instrument });
}

/** Keeps the layout's attributes only, so that unknown attributes never leak into responses. */
function toItem(record: Record<string, unknown>): Item {
  const item: Item = {
    id: record.id as string,
    name: record.name as string,
    price: record.price as number,
    createdAt: record.createdAt as string,
    updatedAt: record.updatedAt as string,
  };
  if (typeof record.description === 'string') item.description = record.description;
  return item;
}

export class DynamoDbStore implements ItemStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(config: DynamoDbStoreConfig) {
    this.table = config.tableName;
    const client = new DynamoDBClient({ region: config.region, endpoint: config.endpoint });
    // The document client shares the base client's middleware stack: instrument the base one.
    this.client = DynamoDBDocumentClient.from(config.instrument ? config.instrument(client) : client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  async create(item: Item): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(id)' }),
    );
  }

  async get(id: string): Promise<Item | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }));
    return out.Item ? toItem(out.Item) : undefined;
  }

  async replace(id: string, input: ItemInput, updatedAt: string): Promise<Item | undefined> {
    const set = ['#name = :name', '#price = :price', '#updatedAt = :updatedAt'];
    const names: Record<string, string> = { '#name': 'name', '#price': 'price', '#updatedAt': 'updatedAt', '#description': 'description' };
    const values: Record<string, unknown> = { ':name': input.name, ':price': input.price, ':updatedAt': updatedAt };
    let update: string;
    if (input.description === undefined) {
      update = `SET ${set.join(', ')} REMOVE #description`;
    } else {
      values[':description'] = input.description;
      update = `SET ${[...set, '#description = :description'].join(', ')}`;
    }
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id },
          UpdateExpression: update,
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? toItem(out.Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async delete(id: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({ TableName: this.table, Key: { id }, ConditionExpression: 'attribute_exists(id)' }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async list(limit: number, startAfterId?: string): Promise<Page> {
    const out = await this.client.send(
      new ScanCommand({
        TableName: this.table,
        Limit: limit,
        ConsistentRead: true,
        ...(startAfterId ? { ExclusiveStartKey: { id: startAfterId } } : {}),
      }),
    );
    const lastId = out.LastEvaluatedKey?.id;
    return { items: (out.Items ?? []).map(toItem), ...(typeof lastId === 'string' ? { lastId } : {}) };
  }
}
