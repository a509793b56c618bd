/** An in-memory ItemStore for unit tests: the port's behaviour without DynamoDB. */
import type { Item, ItemInput } from '../src/domain';
import type { ItemStore, Page } from '../src/store';

export class FakeStore implements ItemStore {
  readonly items = new Map<string, Item>();
  failWith?: Error;

  private check(): void {
    if (this.failWith) throw this.failWith;
  }

  async create(item: Item): Promise<void> {
    this.check();
    if (this.items.has(item.id)) throw new Error('exists');
    this.items.set(item.id, item);
  }

  async get(id: string): Promise<Item | undefined> {
    this.check();
    return this.items.get(id);
  }

  async replace(id: string, input: ItemInput, updatedAt: string): Promise<Item | undefined> {
    this.check();
    const old = this.items.get(id);
    if (!old) return undefined;
    const item: Item = { id, name: input.name, price: input.price, createdAt: old.createdAt, updatedAt };
    if (input.description !== undefined) item.description = input.description;
    this.items.set(id, item);
    return item;
  }

  async delete(id: string): Promise<boolean> {
    this.check();
    return this.items.delete(id);
  }

  async list(limit: number, startAfterId?: string): Promise<Page> {
    this.check();
    const ids = [...this.items.keys()].sort();
    const from = startAfterId ? ids.findIndex((id) => id > startAfterId) : 0;
    const slice = from < 0 ? [] : ids.slice(from, from + limit);
    const page: Page = { items: slice.map((id) => this.items.get(id)!) };
    if (slice.length === limit) page.lastId = slice.at(-1);
    return page;
  }
}
