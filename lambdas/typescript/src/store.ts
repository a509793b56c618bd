/** The store port: what the app needs from persistence. dynamodb-store.ts implements it. */
import type { Item, ItemInput } from './domain';

export interface Page {
  items: Item[];
  /** Id of the last key read when the scan stopped before the end of the table. */
  lastId?: string;
}

export interface ItemStore {
  /** Stores a new item; never overwrites. */
  create(item: Item): Promise<void>;
  get(id: string): Promise<Item | undefined>;
  /** Full replace of an existing item (createdAt kept); undefined when there is none. */
  replace(id: string, input: ItemInput, updatedAt: string): Promise<Item | undefined>;
  /** False when there was no such item. */
  delete(id: string): Promise<boolean>;
  list(limit: number, startAfterId?: string): Promise<Page>;
}
