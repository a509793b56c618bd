package items.runtime.domain

import items.contract.models.Item
import items.contract.models.ItemInput
import java.time.Clock
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.util.UUID

/** How items come to be: server-made ids and millisecond UTC timestamps. */
class ItemRules(private val clock: Clock = Clock.systemUTC()) {
    /** A new item from a validated input: fresh UUID v4, createdAt == updatedAt. */
    fun create(input: ItemInput): Item {
        val now = now()
        return Item(
            id = UUID.randomUUID().toString(),
            name = input.name,
            price = input.price,
            createdAt = now,
            updatedAt = now,
            description = input.description,
        )
    }

    /** The timestamp format of the contract: 2026-01-31T12:00:00.000Z. */
    fun now(): String = TIMESTAMP.format(clock.instant())

    companion object {
        private val TIMESTAMP: DateTimeFormatter =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC)
    }
}
