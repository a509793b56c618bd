/**
 * Compile-time checks of the generated handler map (run by `npm run typecheck`): each
 * `@ts-expect-error` must meet an error, or the type-check fails.
 */
import type { Handler, HandlerMap, OperationId } from '../../../generated/ts/handlers';

const created: Handler<'createItem'> = async ({ body }) => ({
  status: 201,
  body: { id: 'i', name: body.name, price: body.price, createdAt: 'c', updatedAt: 'u' },
});

// @ts-expect-error a status the contract does not list for createItem
const wrongStatus: Handler<'createItem'> = async () => ({ status: 200, body: { id: 'i', name: 'n', price: 1, createdAt: 'c', updatedAt: 'u' } });

// @ts-expect-error a body that is not an Item
const wrongBody: Handler<'getItem'> = async () => ({ status: 200, body: { id: 'i' } });

// @ts-expect-error an operationId the contract does not have
const unknownOperation: OperationId = 'patchItem';

// @ts-expect-error a map that misses handlers
const incomplete: HandlerMap = { createItem: created };

export const used = [created, wrongStatus, wrongBody, unknownOperation, incomplete];
