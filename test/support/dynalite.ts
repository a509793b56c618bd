/**
 * An in-memory dynalite (DynamoDB API) on 127.0.0.1 with the items table created from
 * the shared table definition, for tests. The caller stops it.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AddressInfo } from 'node:net';
import { createTableRequest, itemsTable } from '../../infra/lib/table-definition';

// dynalite has no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => import('node:http').Server;

export interface LocalDynamo {
  endpoint: string;
  tableName: string;
  stop(): Promise<void>;
}

export async function startDynalite(tableName: string = itemsTable.localName): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await client.send(new CreateTableCommand(createTableRequest(tableName)));
  client.destroy();
  return {
    endpoint,
    tableName,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
