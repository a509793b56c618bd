package items.runtime.nativeimage

import items.contract.models.Item
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.File

/**
 * The reflection config the native image is built with, checked on the JVM: every entry
 * names a member that exists (a rename would otherwise surface only as a failure in the
 * image), and every generated model is covered (kotlinx.serialization finds a model's
 * serializer through its Companion when Ktor serializes by type).
 */
class ReflectConfigTest {
    private val entries = Json.parseToJsonElement(
        javaClass.getResource("/META-INF/native-image/benchmark.items/items-kotlin/reflect-config.json")!!.readText(),
    ).jsonArray.map { it.jsonObject }

    @Test
    fun `every class, field and method in reflect-config exists`() {
        for (entry in entries) {
            // Prepare
            val type = Class.forName(entry["name"]!!.jsonPrimitive.content)
            // Act / Assess
            entry["fields"]?.jsonArray?.forEach { type.getDeclaredField(it.jsonObject["name"]!!.jsonPrimitive.content) }
            entry["methods"]?.jsonArray?.forEach { type.getDeclaredMethod(it.jsonObject["name"]!!.jsonPrimitive.content) }
        }
        assertTrue(entries.size > 10)
    }

    @Test
    fun `every generated model's serializer is reachable through its Companion`() {
        // Prepare: the models' package, as compiled.
        val dir = File(Item::class.java.protectionDomain.codeSource.location.toURI()).resolve("items/contract/models")
        val models = dir.list()!!.filter { it.endsWith("\$Companion.class") }.map { "items.contract.models." + it.removeSuffix(".class") }
        // Act
        val named = entries.map { it["name"]!!.jsonPrimitive.content }.toSet()
        // Assess
        assertTrue(models.isNotEmpty())
        assertEquals(emptyList<String>(), models.filter { it !in named || it.removeSuffix("\$Companion") !in named })
    }
}
