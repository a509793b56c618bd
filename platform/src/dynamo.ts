/**
 * The embedded DynamoDB: dynalite in a child process (in memory unless a data dir is given),
 * restarted when it dies, and the items table created from the same definition the CDK data
 * stack uses.
 */
import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTableRequest, itemsTable } from '../../core/src/table-definition';

export interface LocalDynamo {
  endpoint: string;
  /** dynalite's current process (a new one after each restart). */
  readonly pid: number | undefined;
  /** How many times dynalite died and was started again. */
  readonly restarts: number;
  stop(): Promise<void>;
}

export interface DynaliteOptions {
  /** LevelDB folder; in memory when absent (then a restart starts from an empty store). */
  dataDir?: string;
  /** Runs after a restart, before requests can succeed again (the platform re-creates the table). */
  onRestart?: () => Promise<void>;
  /** dynalite died more than `maxRestarts` times within a minute, or cannot start again. */
  onFatal?: (error: Error) => void;
  log?: (line: string) => void;
  /** Default 3 within RESTART_WINDOW_MS. */
  maxRestarts?: number;
}

// The SDK warns on Node 20 that its 2027 releases need Node 22 (AWS runs nodejs22.x):
// noise in the platform's output, so it is silenced here and for Node instances below.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local', sessionToken: 'local' };
export const LOCAL_REGION = 'us-east-1';

const RESTART_WINDOW_MS = 60_000;
const DYNALITE = path.join(__dirname, '..', 'bin', 'dynalite.js');

/** Forks dynalite and resolves with its child process once it listens (on `port`, or a free one). */
function forkDynalite(dataDir: string | undefined, port: number): Promise<{ child: ChildProcess; port: number }> {
  const args = [...(dataDir ? ['--path', path.resolve(dataDir)] : []), '--port', String(port)];
  const child = fork(DYNALITE, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`dynalite exited (${signal ?? code}) before listening`)));
    child.once('message', (msg: { port: number }) => {
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      resolve({ child, port: msg.port });
    });
  });
}

/**
 * Starts dynalite and keeps it up: when it dies (killed, crashed), it is started again on the
 * same port, so every instance's DYNAMODB_ENDPOINT stays right; requests in between fail with
 * the runtimes' 500 internal-error, never hang. With a data dir nothing acknowledged is lost
 * (LevelDB has written it to its log before dynalite answers); in memory, the store starts empty.
 */
export async function startDynalite(options: DynaliteOptions | string = {}): Promise<LocalDynamo> {
  const o: DynaliteOptions = typeof options === 'string' ? { dataDir: options } : options;
  const log = o.log ?? (() => undefined);
  if (o.dataDir) fs.mkdirSync(o.dataDir, { recursive: true });
  const first = await forkDynalite(o.dataDir, 0);
  const port = first.port;
  let child = first.child;
  let stopping = false;
  let restarts = 0;
  const deaths: number[] = [];
  const watch = (c: ChildProcess) =>
    c.once('exit', (code, signal) => {
      if (stopping) return;
      void revive(`exited (${signal ?? `code ${code}`})`);
    });
  const revive = async (why: string): Promise<void> => {
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && deaths[0]! < now - RESTART_WINDOW_MS) deaths.shift();
    if (deaths.length > (o.maxRestarts ?? 3)) {
      return o.onFatal?.(new Error(`dynalite ${why} ${deaths.length} times within a minute: giving up`));
    }
    log(`dynalite ${why}; starting it again on port ${port} (${o.dataDir ? `data kept in ${o.dataDir}` : 'in memory: every item is gone'})`);
    try {
      ({ child } = await forkDynalite(o.dataDir, port));
      if (stopping) return void child.kill('SIGTERM');
      watch(child);
      await o.onRestart?.();
      restarts++;
      log(`dynalite is back (pid ${child.pid}, restart ${restarts})`);
    } catch (err) {
      o.onFatal?.(new Error(`dynalite ${why} and could not start again: ${err instanceof Error ? err.message : String(err)}`));
    }
  };
  watch(child);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get pid() {
      return child.pid;
    },
    get restarts() {
      return restarts;
    },
    stop: () =>
      new Promise<void>((done) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
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

/** A dynalite with the items table: what a runtime's tests, its init measurement and `npm run dev` talk to. */
export interface LocalTable {
  endpoint: string;
  tableName: string;
  stop(): Promise<void>;
}

/** Starts an in-memory dynalite on 127.0.0.1 and creates the items table in it. The caller stops it. */
export async function startLocalTable(tableName: string = itemsTable.localName): Promise<LocalTable> {
  const dynamo = await startDynalite();
  try {
    await ensureTable(dynamo.endpoint, tableName);
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  return { endpoint: dynamo.endpoint, tableName, stop: () => dynamo.stop() };
}
