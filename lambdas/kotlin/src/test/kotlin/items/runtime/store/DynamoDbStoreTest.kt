package items.runtime.store

import items.contract.models.Item
import items.contract.models.ItemInput
import items.runtime.domain.NextToken
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeAll
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import software.amazon.awssdk.services.dynamodb.DynamoDbClient
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition
import software.amazon.awssdk.services.dynamodb.model.AttributeValue
import software.amazon.awssdk.services.dynamodb.model.BillingMode
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement
import software.amazon.awssdk.services.dynamodb.model.KeyType
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType
import java.util.UUID

/** The adapter against a real DynamoDB API (dynalite), table as infra/lib/table-definition.ts has it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DynamoDbStoreTest {
    private lateinit var dynalite: Dynalite
    private lateinit var store: DynamoDbStore
    private lateinit var client: DynamoDbClient
    private var table = ""

    @BeforeAll
    fun startDynalite() {
        dynalite = Dynalite.start()
    }

    @AfterAll
    fun stopDynalite() {
        client.close()
        dynalite.close()
    }

    @BeforeEach
    fun freshTable() {
        table = "items-" + UUID.randomUUID()
        store =
            DynamoDbStore.fromEnvironment(
                mapOf("TABLE_NAME" to table, "AWS_REGION" to "us-east-1", "DYNAMODB_ENDPOINT" to dynalite.endpoint),
            )
        if (!::client.isInitialized) client = store.client
        client.createTable {
            it.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
        }
        // The SDK's waiter polls every 20 s; dynalite is ready within milliseconds.
        while (client.describeTable { it.tableName(table) }.table().tableStatusAsString() != "ACTIVE") Thread.sleep(10)
    }

    private fun item(id: String = UUID.randomUUID().toString(), description: String? = null, price: Double = 19.99) = Item(
        id = id,
        name = "Espresso cup",
        price = price,
        createdAt = "2026-01-31T12:00:00.000Z",
        updatedAt = "2026-01-31T12:00:00.000Z",
        description = description,
    )

    private fun raw(id: String): Map<String, AttributeValue> =
        client.getItem { it.tableName(table).key(mapOf("id" to AttributeValue.fromS(id))).consistentRead(true) }.item()

    @Test
    fun `create writes the storage layout's attributes and types`() {
        // Prepare
        val item = item(price = 1234567.891)
        // Act
        store.create(item)
        // Assess
        val attributes = raw(item.id)
        assertEquals(setOf("id", "name", "price", "createdAt", "updatedAt"), attributes.keys)
        assertEquals("1234567.891", attributes.getValue("price").n())
        assertEquals(item.name, attributes.getValue("name").s())
        assertEquals(item, store.get(item.id))
    }

    @Test
    fun `an empty description is stored, a missing one is absent`() {
        // Prepare
        val withEmpty = item(description = "")
        // Act
        store.create(withEmpty)
        // Assess
        assertEquals("", raw(withEmpty.id).getValue("description").s())
        assertEquals("", store.get(withEmpty.id)!!.description)
    }

    @Test
    fun `create refuses an existing id`() {
        // Prepare
        val item = item()
        store.create(item)
        // Act / Assess
        assertThrows(IllegalStateException::class.java) { store.create(item) }
    }

    @Test
    fun `replace keeps createdAt, removes an omitted description, and does not upsert`() {
        // Prepare
        val item = item(description = "90 ml")
        store.create(item)
        // Act
        val replaced = store.replace(item.id, ItemInput(name = "Cup", price = 5.0), "2026-02-01T08:30:00.000Z")
        val missing = store.replace(UUID.randomUUID().toString(), ItemInput(name = "x", price = 1.0), "2026-02-01T08:30:00.000Z")
        // Assess
        assertEquals(Item(item.id, "Cup", 5.0, item.createdAt, "2026-02-01T08:30:00.000Z", null), replaced)
        assertFalse(raw(item.id).containsKey("description"))
        assertEquals("5", raw(item.id).getValue("price").n())
        assertNull(missing)
    }

    @Test
    fun `delete answers whether the item existed`() {
        // Prepare
        val item = item()
        store.create(item)
        // Act / Assess
        assertTrue(store.delete(item.id))
        assertFalse(store.delete(item.id))
        assertNull(store.get(item.id))
    }

    @Test
    fun `pages cover the table once, and the documented token names the last key`() {
        // Prepare
        val ids = listOf("3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f") + List(4) { UUID.randomUUID().toString() }
        ids.forEach { store.create(item(id = it)) }
        // Act
        val seen = mutableListOf<String>()
        var start: String? = null
        var pages = 0
        do {
            val page = store.list(2, start)
            seen += page.items.map { it.id }
            start = page.lastEvaluatedId
            pages++
        } while (start != null && pages < 10)
        // Assess
        assertEquals(ids.sorted(), seen.sorted())
        assertEquals(5, seen.toSet().size)
        val firstOfDocumented = store.list(100, null).items.map { it.id }
        val afterDocumented = firstOfDocumented.indexOf("3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f")
        val resumed = store.list(100, NextToken.decode("P1-MPppLTB2OLxorPE1ebw")).items.map { it.id }
        assertEquals(firstOfDocumented.drop(afterDocumented + 1), resumed)
    }
}
