/**
 * A dynalite (DynamoDB API, in memory) on 127.0.0.1 with the items table, for tests and
 * measurement scripts: the platform's own embedded DynamoDB. The caller stops it.
 */
import { itemsTable } from '../../infra/lib/table-definition';
import { ensureTable, startDynalite as startEmbedded } from '../../platform/src/dynamo';

export interface LocalDynamo {
  endpoint: string;
  tableName: string;
  stop(): Promise<void>;
}

export async function startDynalite(tableName: string = itemsTable.localName): Promise<LocalDynamo> {
  const dynamo = await startEmbedded();
  try {
    await ensureTable(dynamo.endpoint, tableName);
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  return { endpoint: dynamo.endpoint, tableName, stop: () => dynamo.stop() };
}
