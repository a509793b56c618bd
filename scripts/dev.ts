/**
 * `npm run dev -- <runtime> [--port N]`: the runtime's plain-HTTP dev server (runtime.json
 * `local.dev`), reloading on change, against a fresh in-memory DynamoDB with the items
 * table. Ctrl-C stops both.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startLocalTable } from '../platform/src/dynamo';
import { discoverRuntimes, expandPlaceholders, selectRuntimes } from '../core/src/runtimes';

/** `<runtime> [--port N]` (default 8081); anything else is refused. */
export function parseDevArgs(argv: string[]): { name?: string; port: string } {
  const { values, positionals } = parseArgs({ args: argv, options: { port: { type: 'string', default: '8081' } }, allowPositionals: true, strict: true });
  if (positionals.length > 1) throw new Error(`one runtime at a time, got ${positionals.join(', ')}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be 1..65535, got "${values.port}"`);
  return { name: positionals[0], port: String(port) };
}

async function main(): Promise<void> {
  const { name, port } = parseDevArgs(process.argv.slice(2));
  const withDev = discoverRuntimes().filter((r) => r.local.dev);
  if (!name) throw new Error(`usage: npm run dev -- <runtime> [--port N]; runtimes with a dev server: ${withDev.map((r) => r.name).join(', ')}`);
  const [runtime] = selectRuntimes(discoverRuntimes(), name);
  if (!runtime?.local.dev) throw new Error(`${name} has no dev server (runtime.json local.dev); these do: ${withDev.map((r) => r.name).join(', ')}`);
  const dynamo = await startLocalTable();
  const [cmd, ...args] = runtime.local.dev.map((a) => expandPlaceholders(a, runtime));
  console.log(`dev: ${runtime.name} on http://127.0.0.1:${port}/items (DynamoDB ${dynamo.endpoint}, table ${dynamo.tableName}); Ctrl-C stops`);
  const child = spawn(cmd!, args, {
    cwd: runtime.dir,
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: port,
      TABLE_NAME: dynamo.tableName,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    },
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 0)));
  await dynamo.stop();
  process.exit(code);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
