/**
 * Which runtimes the shared suites run over, and how: every runtime found by
 * lambdas/*\/runtime.json over HTTP through the local platform, plus the Node runtimes
 * in-process. E2E_RUNTIMES=a,b and E2E_TRANSPORTS=http,in-process narrow it.
 */
import { startLocalTable, type LocalTable } from '../../platform/src/dynamo';
import { startPlatform, type Platform } from '../../platform/src/platform';
import { discoverRuntimes, selectRuntimes, type Runtime } from '../../core/src/runtimes';
import { httpTransport, inProcessTransport, type Transport } from './transport';

export interface Target {
  runtime: Runtime;
  kind: Transport['kind'];
  /** `python over http` */
  label: string;
}

export const runtimes: Runtime[] = selectRuntimes(discoverRuntimes(), process.env.E2E_RUNTIMES);
const kinds = (process.env.E2E_TRANSPORTS ?? 'http,in-process').split(',');

export const targets: Target[] = runtimes.flatMap((runtime) => [
  ...(kinds.includes('http') ? [{ runtime, kind: 'http' as const, label: `${runtime.name} over http` }] : []),
  ...(kinds.includes('in-process') && runtime.aws.runtime.startsWith('nodejs')
    ? [{ runtime, kind: 'in-process' as const, label: `${runtime.name} in-process` }]
    : []),
]);

/** Starts what the targets need (one platform, or one dynalite); stop() ends all of it. */
export async function startTargets(selected: Target[]): Promise<{ transport(target: Target): Transport; stop(): Promise<void> }> {
  const httpNames = [...new Set(selected.filter((t) => t.kind === 'http').map((t) => t.runtime.name))];
  let platform: Platform | undefined;
  let dynamo: LocalTable | undefined;
  if (httpNames.length) platform = await startPlatform({ port: 0, runtimes: httpNames, build: true });
  let endpoint = platform?.dynamoEndpoint;
  let tableName = platform?.tableName;
  if (!endpoint && selected.some((t) => t.kind === 'in-process')) {
    dynamo = await startLocalTable();
    endpoint = dynamo.endpoint;
    tableName = dynamo.tableName;
  }
  // In-process handlers read their configuration from this process's environment at load.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const transports = new Map<string, Transport>();
  return {
    transport(target) {
      const key = target.label;
      if (!transports.has(key)) {
        transports.set(key, target.kind === 'http' ? httpTransport(platform!.url, target.runtime.name) : inProcessTransport(target.runtime));
      }
      return transports.get(key)!;
    },
    async stop() {
      await platform?.stop();
      await dynamo?.stop();
    },
  };
}
