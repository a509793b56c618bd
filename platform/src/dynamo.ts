/**
 * The embedded DynamoDB: dynalite in a child process (in memory unless a data dir is given),
 * and the items table created from the same definition the CDK data stack uses.
 */
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTableRequest } from '../../infra/lib/table-definition';

export interface LocalDynamo {
  endpoint: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

// The SDK warns on Node 20 that its 2027 releases need Node 22 (AWS runs nodejs22.x):
// noise in the platform's output, so it is silenced here and for Node instances below.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local', sessionToken: 'local' };
export const LOCAL_REGION = 'us-east-1';

export function startDynalite(dataDir?: string): Promise<LocalDynamo> {
  const args = dataDir ? ['--path', path.resolve(dataDir)] : [];
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const child = fork(path.join(__dirname, '..', 'bin', 'dynalite.js'), args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`dynalite exited (${code}) before listening`)));
    child.once('message', (msg: { port: number }) => {
      child.removeAllListeners('exit');
      resolve({
        endpoint: `http://127.0.0.1:${msg.port}`,
        pid: child.pid,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** Creates the table unless it exists (a persisted data dir, or a shared endpoint). */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(new CreateTableCommand(createTableRequest(tableName)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  } finally {
    client.destroy();
  }
}
