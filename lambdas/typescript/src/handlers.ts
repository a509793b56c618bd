/**
 * One handler per contract operation, typed by the generated HandlerMap: a missing
 * operation, or a status or body the contract does not list, fails to compile.
 * Requests arrive validated (app.ts); the handlers hold the use cases only.
 */
import type { HandlerMap } from '../../../generated/ts/handlers';
import {
  ApiProblem,
  DEFAULT_LIMIT,
  RUNTIME_NAME,
  decodeNextToken,
  encodeNextToken,
  newItem,
  presentItem,
  timestamp,
} from './domain';
import type { InstanceInfo } from './instance';
import type { ItemStore } from './store';

export interface HandlerDeps {
  store: ItemStore;
  instance: InstanceInfo;
  now?: () => Date;
}

export function createHandlers({ store, instance, now = () => new Date() }: HandlerDeps): HandlerMap {
  const notFound = (id: string) => new ApiProblem('itemNotFound', `No item with id ${id}.`);
  return {
    async getHealth() {
      return { status: 200, body: { status: 'ok', ...instance.health() } };
    },
    async getMetrics() {
      return { status: 200, body: instance.metrics() };
    },
    async listItems({ query }) {
      let startAfterId: string | undefined;
      if (query.nextToken !== undefined) {
        startAfterId = decodeNextToken(query.nextToken);
        if (!startAfterId) {
          throw new ApiProblem('validationFailed', 'nextToken was not issued by this API.', [
            { path: '/query/nextToken', message: 'not a token this API issued' },
          ]);
        }
      }
      const page = await store.list(query.limit ?? DEFAULT_LIMIT, startAfterId);
      const items = page.items.map(presentItem);
      return { status: 200, body: page.lastId ? { items, nextToken: encodeNextToken(page.lastId) } : { items } };
    },
    async createItem({ body }) {
      const item = newItem(body, now());
      await store.create(item);
      return { status: 201, body: presentItem(item), headers: { Location: `/${RUNTIME_NAME}/items/${item.id}` } };
    },
    async getItem({ path }) {
      const item = await store.get(path.id);
      if (!item) throw notFound(path.id);
      return { status: 200, body: presentItem(item) };
    },
    async replaceItem({ path, body }) {
      const item = await store.replace(path.id, body, timestamp(now()));
      if (!item) throw notFound(path.id);
      return { status: 200, body: presentItem(item) };
    },
    async deleteItem({ path }) {
      if (!(await store.delete(path.id))) throw notFound(path.id);
      return { status: 204, body: undefined };
    },
  };
}
