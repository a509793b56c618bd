/**
 * The Lambda entry: the same Express app behind serverless-http, which turns API Gateway
 * REST (v1) proxy events into requests and strips this runtime's prefix (`/typescript`);
 * every answer carries the invocation's request id (`Lambda-Request-Id`, request-id.ts).
 * Everything here runs once per instance, at init.
 */
import serverless from 'serverless-http';
import { precompiled } from './aot-validators';
import { createApp } from './app';
import { RUNTIME_NAME } from './domain';
import { dynamoDbStoreFromEnv } from './dynamodb-store';
import { InstanceInfo } from './instance';
import { withRequestId } from './request-id';

const instance = new InstanceInfo();
const app = createApp({ store: dynamoDbStoreFromEnv(), instance, precompiled });
const proxy = serverless(app, { basePath: `/${RUNTIME_NAME}` });
instance.initialised();

export const handler = async (event: unknown, context: unknown): Promise<unknown> => {
  instance.invoked();
  const result = (await proxy(event as Parameters<typeof proxy>[0], context as Parameters<typeof proxy>[1])) as Parameters<typeof withRequestId>[0];
  return withRequestId(result, (context as { awsRequestId?: string } | undefined)?.awsRequestId);
};
