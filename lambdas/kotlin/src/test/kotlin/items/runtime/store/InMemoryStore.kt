package items.runtime.store

import items.contract.models.Item
import items.contract.models.ItemInput

/** A fake of the store port for app tests: insertion order stands in for storage order. */
class InMemoryStore : ItemStore {
    val items = LinkedHashMap<String, Item>()

    override fun create(item: Item) {
        check(items.putIfAbsent(item.id, item) == null) { "collision" }
    }

    override fun get(id: String): Item? = items[id]

    override fun replace(id: String, input: ItemInput, updatedAt: String): Item? {
        val old = items[id] ?: return null
        val new = old.copy(name = input.name, price = input.price, description = input.description, updatedAt = updatedAt)
        items[id] = new
        return new
    }

    override fun delete(id: String): Boolean = items.remove(id) != null

    /** Like Scan: a full page reports its last key even when nothing follows. */
    override fun list(limit: Int, startId: String?): ItemPage {
        val all = items.values.toList()
        val from = if (startId == null) 0 else all.indexOfFirst { it.id == startId } + 1
        val page = all.drop(from).take(limit)
        return ItemPage(page, if (page.size == limit) page.last().id else null)
    }
}
