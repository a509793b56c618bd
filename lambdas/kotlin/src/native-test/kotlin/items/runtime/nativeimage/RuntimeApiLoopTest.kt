package items.runtime.nativeimage

import items.runtime.lambda.Events.event
import items.runtime.store.InMemoryStore
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The native entry's Runtime API loop, run on the JVM against a fake Runtime API. */
class RuntimeApiLoopTest {
    private var api: FakeRuntimeApi? = null

    @AfterEach
    fun stop() {
        api?.close()
        System.clearProperty(RuntimeApiLoop.TRACE_PROPERTY)
    }

    private fun serve(vararg events: String, handle: (ByteArray) -> ByteArray): FakeRuntimeApi = serveWithIds(*events) { event, _ ->
        handle(event)
    }

    private fun serveWithIds(vararg events: String, handle: (ByteArray, String) -> ByteArray): FakeRuntimeApi {
        val fake = FakeRuntimeApi(events.toList()).also { api = it }
        RuntimeApiLoop(fake.address, handle).run()
        return fake
    }

    @Test
    fun `each event's answer is posted under its request id, in order, until next stops answering`() {
        // Act
        val seenTrace = mutableListOf<String?>()
        val fake =
            serve("one", "two") { event ->
                seenTrace += System.getProperty(RuntimeApiLoop.TRACE_PROPERTY)
                "answer to ${event.decodeToString()}".encodeToByteArray()
            }
        // Assess
        assertEquals(
            listOf(
                FakeRuntimeApi.Post("/invocation/req-0/response", "answer to one", null),
                FakeRuntimeApi.Post("/invocation/req-1/response", "answer to two", null),
            ),
            fake.posts.toList(),
        )
        assertEquals(listOf("Root=1-trace-req-0", "Root=1-trace-req-1"), seenTrace)
    }

    @Test
    fun `each event is handed its own request id`() {
        // Act
        val seen = mutableListOf<String>()
        serveWithIds("one", "two") { event, requestId ->
            seen += requestId
            event
        }
        // Assess
        assertEquals(listOf("req-0", "req-1"), seen)
    }

    @Test
    fun `a failing event is reported as an unhandled error and the loop goes on`() {
        // Act
        val fake = serve("bad", "good") { event ->
            if (event.decodeToString() == "bad") throw IllegalStateException("broke on \"bad\"\n") else "ok".encodeToByteArray()
        }
        // Assess
        val (error, success) = fake.posts
        assertEquals("/invocation/req-0/error", error.path)
        assertEquals("Unhandled", error.errorType)
        val body = Json.parseToJsonElement(error.body).jsonObject
        assertEquals("broke on \"bad\"\n", body["errorMessage"]!!.jsonPrimitive.content)
        assertEquals("java.lang.IllegalStateException", body["errorType"]!!.jsonPrimitive.content)
        assertEquals(FakeRuntimeApi.Post("/invocation/req-1/response", "ok", null), success)
    }

    @Test
    fun `an init failure goes to init-error`() {
        // Prepare
        val fake = FakeRuntimeApi(emptyList()).also { api = it }
        // Act
        RuntimeApiLoop(fake.address) { event, _ -> event }.reportInitError(IllegalStateException("TABLE_NAME is not set"))
        // Assess
        val post = fake.posts.single()
        assertEquals("/init/error", post.path)
        assertEquals("TABLE_NAME is not set", Json.parseToJsonElement(post.body).jsonObject["errorMessage"]!!.jsonPrimitive.content)
    }

    @Test
    fun `the native entry serves the app under its own prefix (kotlin-native)`() {
        // Prepare
        val entry = NativeMain.Entry(NativeMain.DEFAULT_RUNTIME, InMemoryStore())
        // Act
        val fake = serveWithIds(
            event("GET", "/kotlin-native/health"),
            event("POST", "/kotlin-native/items", """{"name":"pen","price":1.5}"""),
            event("GET", "/kotlin/health"),
            handle = entry::handle,
        )
        // Assess
        val (health, created, foreign) = fake.posts.map { Json.parseToJsonElement(it.body).jsonObject }
        assertEquals("200", health["statusCode"]!!.jsonPrimitive.content)
        val healthBody = Json.parseToJsonElement(health["body"]!!.jsonPrimitive.content).jsonObject
        assertEquals("kotlin-native", healthBody["runtime"]!!.jsonPrimitive.content)
        assertEquals("true", healthBody["coldStart"]!!.jsonPrimitive.content)
        assertEquals("201", created["statusCode"]!!.jsonPrimitive.content)
        assertTrue(created["headers"]!!.jsonObject["Location"]!!.jsonPrimitive.content.startsWith("/kotlin-native/items/"))
        // Each answer carries its invocation's request id (the contract's Lambda-Request-Id).
        assertEquals(
            listOf("req-0", "req-1", "req-2"),
            listOf(health, created, foreign).map {
                it["headers"]!!.jsonObject["Lambda-Request-Id"]!!.jsonPrimitive.content
            },
        )
        // The JVM runtime's prefix is not this one's: the app sees an unknown route.
        assertEquals("404", foreign["statusCode"]!!.jsonPrimitive.content)
        assertEquals(3L, entry.instance.invocations)
        assertTrue(fake.posts.all { it.errorType == null })
    }

    @Test
    fun `error text is quoted as a JSON string`() {
        assertEquals("\"a\\\"b\\\\c\\u000a\\u0001\"", RuntimeApiLoop.quote("a\"b\\c\n\u0001"))
        assertEquals("x\ty \u2603 \"", Json.parseToJsonElement(RuntimeApiLoop.quote("x\ty \u2603 \"")).jsonPrimitive.content)
    }
}
