package items.runtime.store

import items.contract.models.Item
import items.contract.models.ItemInput

/** The store port: what the app needs from the items table (docs/storage-layout.md). */
interface ItemStore {
    /** Stores a new item; an existing id is a server error (a UUID v4 collision). */
    fun create(item: Item)

    fun get(id: String): Item?

    /** Full replace keeping createdAt; null when no item has this id (no upsert). */
    fun replace(id: String, input: ItemInput, updatedAt: String): Item?

    /** False when no item has this id. */
    fun delete(id: String): Boolean

    /** One page in storage order, starting after [startId]. */
    fun list(limit: Int, startId: String?): ItemPage
}

/** A page and the id the scan stopped at (present when DynamoDB says there may be more). */
data class ItemPage(val items: List<Item>, val lastEvaluatedId: String?)
