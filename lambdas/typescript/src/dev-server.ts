/**
 * Plain-HTTP dev mode of the same app (no Lambda, no prefix): `npm run dev -- typescript`
 * (scripts/dev.ts runs runtime.json local.dev)
 * serves http://127.0.0.1:8081/items against TABLE_NAME/DYNAMODB_ENDPOINT, reloading on change
 * (tsx watch). Every request counts as one invocation.
 */
import express from 'express';
import { createApp } from './app';
import { dynamoDbStoreFromEnv } from './dynamodb-store';
import { InstanceInfo } from './instance';

const instance = new InstanceInfo();
const app = createApp({ store: dynamoDbStoreFromEnv(), instance });
instance.initialised();
const port = Number(process.env.PORT ?? 8081);
const server = express();
server.use((_req, _res, next) => {
  instance.invoked();
  next();
});
server.use(app);
server.listen(port, '127.0.0.1', () => console.log(`typescript dev server on http://127.0.0.1:${port}/items`));
