/**
 * The Lambda entry: the same Express app behind serverless-http, which turns API Gateway
 * REST (v1) proxy events into requests and strips this runtime's prefix (`/typescript`);
 * every answer carries the invocation's request id (`Lambda-Request-Id`, request-id.ts).
 * Logs, the cold-start metric and X-Ray tracing of DynamoDB: observability.ts.
 * Everything here runs once per instance, at init.
 */
import type { Context } from 'aws-lambda';
import serverless from 'serverless-http';
import { precompiled } from './aot-validators';
import { createApp } from './app';
import { RUNTIME_NAME } from './domain';
import { dynamoDbStoreFromEnv } from './dynamodb-store';
import { InstanceInfo } from './instance';
import { createObservability } from './observability';
import { withRequestId } from './request-id';

const instance = new InstanceInfo();
const observability = createObservability();
const store = dynamoDbStoreFromEnv(process.env, observability.traceDynamoDb);
const app = createApp({ store, instance, precompiled, logError: (error) => observability.logger.error('unhandled error', error instanceof Error ? error : String(error)) });
const proxy = serverless(app, { basePath: `/${RUNTIME_NAME}` });
instance.initialised();

export const handler = async (event: unknown, context: Context): Promise<unknown> => {
  instance.invoked();
  observability.invocationStarted(context, instance);
  const result = (await proxy(event as Parameters<typeof proxy>[0], context)) as Parameters<typeof withRequestId>[0];
  return withRequestId(result, context?.awsRequestId);
};
