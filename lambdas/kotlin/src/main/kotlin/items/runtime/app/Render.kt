package items.runtime.app

import items.contract.models.Health
import items.contract.models.Item
import items.contract.models.ItemList
import items.contract.models.Metrics
import items.contract.models.MetricsMemory
import items.runtime.domain.PriceFormat
import items.runtime.domain.ProblemException
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.JsonUnquotedLiteral
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject

/**
 * Response bodies from the generated models' serializers, with two corrections the models
 * cannot make themselves: prices are written as their shortest decimal (PriceFormat), and a
 * problem's `type` is its URI (the generated enum has no @SerialName, so it would print the
 * Kotlin constant's name).
 */
object Render {
    val json = Json { explicitNulls = false }

    fun item(item: Item): JsonObject = withPrice(json.encodeToJsonElement(Item.serializer(), item).jsonObject, item.price)

    fun itemList(items: List<Item>, nextToken: String?): JsonObject {
        val encoded = json.encodeToJsonElement(ItemList.serializer(), ItemList(items, nextToken)).jsonObject
        val priced = encoded.getValue("items").jsonArray.mapIndexed { i, element -> withPrice(element.jsonObject, items[i].price) }
        return JsonObject(encoded + ("items" to JsonArray(priced)))
    }

    fun problem(problem: ProblemException): JsonObject {
        val encoded = json.encodeToJsonElement(items.contract.models.Problem.serializer(), problem.toProblem()).jsonObject
        return JsonObject(encoded + ("type" to JsonPrimitive(problem.kind.type.value)))
    }

    fun health(instance: Instance) = Health(
        status = Health.Status.ok,
        runtime = instance.runtime,
        version = CONTRACT_VERSION,
        runtimeVersion = instance.runtimeVersion,
        coldStart = instance.coldStart,
    )

    fun metrics(instance: Instance): JsonObject {
        val metrics = Metrics(
            runtime = instance.runtime,
            instanceId = instance.instanceId,
            coldStart = instance.coldStart,
            initDurationMs = instance.initDurationMs,
            invocations = instance.invocations,
            uptimeMs = instance.uptimeMs,
            memory = MetricsMemory(rssBytes = instance.rssBytes()),
        )
        val encoded = json.encodeToJsonElement(Metrics.serializer(), metrics).jsonObject
        // The contract allows more memory figures than the model knows: the JVM heap's.
        val runtime = Runtime.getRuntime()
        val memory = encoded.getValue("memory").jsonObject +
            ("heapUsedBytes" to JsonPrimitive(runtime.totalMemory() - runtime.freeMemory())) +
            ("heapCommittedBytes" to JsonPrimitive(runtime.totalMemory()))
        return JsonObject(encoded + ("memory" to JsonObject(memory)))
    }

    @OptIn(ExperimentalSerializationApi::class)
    private fun withPrice(encoded: JsonObject, price: Double): JsonObject =
        JsonObject(encoded + ("price" to JsonUnquotedLiteral(PriceFormat.json(price))))

    /** The contract's info.version. */
    const val CONTRACT_VERSION = items.contract.ContractConstants.VERSION
}
