/**
 * On a deployed stage the bench gives the items it created an expiry, so they do not pile up
 * in the shared table (and grow every Scan's cost). The contract forbids extra properties in
 * a request body, so the expiry is not sent through the API: the bench writes the table's TTL
 * attribute itself, out of band and outside the measured windows (docs/storage-layout.md).
 * The runtimes neither write nor read it.
 */
import { itemsTable } from '../../core/src/table-definition';

/** The one DynamoDB call used; the SDK's DynamoDBClient fits through a thin adapter. */
export interface ExpiryWriter {
  updateItem(input: {
    TableName: string;
    Key: Record<string, { S: string }>;
    UpdateExpression: string;
    ConditionExpression: string;
    ExpressionAttributeNames: Record<string, string>;
    ExpressionAttributeValues: Record<string, { N: string }>;
  }): Promise<unknown>;
}

export interface ExpiryResult {
  stamped: number;
  /** Deleted meanwhile (by the bench's own DELETEs): nothing to expire, nothing recreated. */
  gone: number;
  failed: string[];
}

export const DEFAULT_ITEM_TTL_HOURS = 24;

/** Epoch seconds `hours` after `nowMs`. */
export function expiryEpochSeconds(nowMs: number, hours: number): number {
  return Math.floor(nowMs / 1000) + Math.round(hours * 3600);
}

/** Hours from BENCH_ITEM_TTL_HOURS (default 24); anything but a positive number is refused. */
export function itemTtlHours(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.BENCH_ITEM_TTL_HOURS;
  if (raw === undefined || raw === '') return DEFAULT_ITEM_TTL_HOURS;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours <= 0) throw new Error(`BENCH_ITEM_TTL_HOURS must be a positive number of hours, got "${raw}"`);
  return hours;
}

/** Sets the TTL attribute on each id that still exists; never creates an item. */
export async function stampExpiry(writer: ExpiryWriter, tableName: string, ids: readonly string[], expiresAt: number): Promise<ExpiryResult> {
  const result: ExpiryResult = { stamped: 0, gone: 0, failed: [] };
  for (const id of new Set(ids)) {
    try {
      await writer.updateItem({
        TableName: tableName,
        Key: { [itemsTable.partitionKey.name]: { S: id } },
        UpdateExpression: 'SET #ttl = :expiresAt',
        ConditionExpression: 'attribute_exists(#key)',
        ExpressionAttributeNames: { '#ttl': itemsTable.timeToLiveAttribute, '#key': itemsTable.partitionKey.name },
        ExpressionAttributeValues: { ':expiresAt': { N: String(expiresAt) } },
      });
      result.stamped++;
    } catch (err) {
      if ((err as { name?: string }).name === 'ConditionalCheckFailedException') result.gone++;
      else result.failed.push(`${id}: ${(err as Error).message}`);
    }
  }
  return result;
}

/** The real writer: the SDK's DynamoDB client in the stage's region, with the default credential chain. */
export async function defaultExpiryWriter(region: string): Promise<ExpiryWriter> {
  const sdk = await import('@aws-sdk/client-dynamodb');
  const client = new sdk.DynamoDBClient({ region });
  return { updateItem: (input) => client.send(new sdk.UpdateItemCommand(input)) };
}
