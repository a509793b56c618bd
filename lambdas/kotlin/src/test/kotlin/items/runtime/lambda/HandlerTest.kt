package items.runtime.lambda

import items.runtime.app.Instance
import items.runtime.app.itemsModule
import items.runtime.lambda.Events.event
import items.runtime.lambda.Events.invoke
import items.runtime.store.InMemoryStore
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.util.Base64

/** The Lambda entry in process: API Gateway REST v1 events in, proxy responses out. */
class HandlerTest {
    private val store = InMemoryStore()
    private val instance = Instance("kotlin")
    private val adapter = LambdaAdapter("/kotlin") { itemsModule(store, instance) }

    private fun call(
        method: String,
        path: String,
        body: String? = null,
        contentType: String? = "application/json",
        query: Map<String, String> = emptyMap(),
    ) = instance.beginInvocation().let { adapter.invoke(event(method, path, body, contentType, query)) }

    private fun create(body: String): Events.Answer = call("POST", "/kotlin/items", body)

    private fun assertProblem(answer: Events.Answer, status: Int, type: String, title: String) {
        assertEquals(status, answer.status, answer.body)
        assertTrue(answer.headers.getValue("Content-Type").startsWith("application/problem+json"), answer.headers.toString())
        assertEquals("urn:problem:multi-runtime-benchmark:$type", answer["type"]!!.jsonPrimitive.content)
        assertEquals(title, answer["title"]!!.jsonPrimitive.content)
        assertEquals(status, answer["status"]!!.jsonPrimitive.content.toInt())
    }

    private fun assertValidation(answer: Events.Answer, path: String) {
        assertProblem(answer, 400, "validation-failed", "Request validation failed")
        val paths = answer["errors"]!!.jsonArray.map { it.jsonObject["path"]!!.jsonPrimitive.content }
        assertTrue(path in paths, "expected $path in $paths")
    }

    @Test
    fun `health answers under the stripped prefix with the runtime's figures`() {
        // Act
        val first = call("GET", "/kotlin/health")
        val second = call("GET", "/kotlin/health")
        // Assess
        assertEquals(200, first.status)
        assertTrue(first.headers.getValue("Content-Type").startsWith("application/json"))
        assertEquals("ok", first["status"]!!.jsonPrimitive.content)
        assertEquals("kotlin", first["runtime"]!!.jsonPrimitive.content)
        assertEquals("1.0.0", first["version"]!!.jsonPrimitive.content)
        assertTrue(first["runtimeVersion"]!!.jsonPrimitive.content.startsWith("java "))
        assertEquals("true", first["coldStart"]!!.jsonPrimitive.content)
        assertEquals("false", second["coldStart"]!!.jsonPrimitive.content)
    }

    @Test
    fun `metrics count invocations and report memory`() {
        // Prepare
        call("GET", "/kotlin/health")
        // Act
        val metrics = call("GET", "/kotlin/metrics")
        // Assess
        assertEquals(200, metrics.status)
        assertEquals("2", metrics["invocations"]!!.jsonPrimitive.content)
        assertTrue(metrics["memory"]!!.jsonObject["rssBytes"]!!.jsonPrimitive.content.toLong() > 0)
        assertEquals(instance.instanceId, metrics["instanceId"]!!.jsonPrimitive.content)
    }

    @Test
    fun `create returns 201, the stored item and its Location under the prefix`() {
        // Act
        val created = create("""{"name":"Espresso cup","description":"90 ml","price":19.99}""")
        // Assess
        assertEquals(201, created.status, created.body)
        val id = created["id"]!!.jsonPrimitive.content
        assertEquals("/kotlin/items/$id", created.headers["Location"])
        assertTrue(Regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$").matches(id))
        assertTrue(created.body.contains("\"price\":19.99"), created.body)
        assertEquals(created["createdAt"], created["updatedAt"])
        assertTrue(Regex("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$").matches(created["createdAt"]!!.jsonPrimitive.content))
        assertEquals(store.items.getValue(id).name, "Espresso cup")
    }

    @ParameterizedTest
    @ValueSource(strings = ["19.99", "1234567.891", "0.1", "999999999.999999", "1000000000", "0.002"])
    fun `prices come back exactly as sent`(price: String) {
        // Act
        val created = create("""{"name":"p","price":$price}""")
        val read = call("GET", "/kotlin/items/${created["id"]!!.jsonPrimitive.content}")
        // Assess
        assertTrue(created.body.contains("\"price\":$price,") || created.body.contains("\"price\":$price}"), created.body)
        assertTrue(read.body.contains("\"price\":$price"), read.body)
    }

    @Test
    fun `200 emoji are a valid name, 201 are not`() {
        // Act
        val ok = create("""{"name":"${"😀".repeat(200)}","price":1}""")
        val tooLong = create("""{"name":"${"😀".repeat(201)}","price":1}""")
        // Assess
        assertEquals(201, ok.status, ok.body)
        assertEquals("😀".repeat(200), ok["name"]!!.jsonPrimitive.content)
        assertValidation(tooLong, "/body/name")
    }

    @Test
    fun `an unpaired surrogate escape is a validation failure`() {
        // Act
        val answer = create("""{"name":"\ud800","price":1}""")
        // Assess
        assertValidation(answer, "/body/name")
    }

    @Test
    fun `unknown property, wrong types and out of range values are validation failures`() {
        assertValidation(create("""{"name":"a","price":1,"colour":"red"}"""), "/body/colour")
        assertValidation(create("""{"name":"a","price":"5"}"""), "/body/price")
        assertValidation(create("""{"name":"a","price":true}"""), "/body/price")
        assertValidation(create("""{"name":"a","price":-1}"""), "/body/price")
        assertValidation(create("""{"name":"a","price":1e400}"""), "/body/price")
        assertValidation(create("""{"name":"a","price":1,"description":null}"""), "/body/description")
        assertValidation(create("""{"name":" \t ","price":1}"""), "/body/name")
        assertValidation(create("""[]"""), "/body")
        assertValidation(create("""null"""), "/body")
    }

    @ParameterizedTest
    @ValueSource(
        strings = ["", "{", "{\"name\":\"a\",\"price\":1} x", "{'name':'a'}", "{\"name\":\"a\",\"price\":01}", "{\"name\":a,\"price\":1}"],
    )
    fun `malformed JSON is 400 malformed-json`(body: String) {
        assertProblem(create(body), 400, "malformed-json", "Malformed JSON body")
    }

    @Test
    fun `a body that is not UTF-8 is malformed`() {
        // Prepare: bytes FF FE sent base64-encoded, as the gateway passes binary
        val event = event("POST", "/kotlin/items", Base64.getEncoder().encodeToString(byteArrayOf(-1, -2)), base64 = true)
        // Act
        val answer = adapter.invoke(event)
        // Assess
        assertProblem(answer, 400, "malformed-json", "Malformed JSON body")
    }

    @Test
    fun `media type is checked before the JSON, size before both`() {
        // Prepare
        val big = """{"name":"a","price":1,"description":"${"x".repeat(70000)}"}"""
        // Act / Assess
        assertProblem(create(big), 413, "payload-too-large", "Payload too large")
        assertProblem(call("POST", "/kotlin/items", big, contentType = "text/plain"), 413, "payload-too-large", "Payload too large")
        assertProblem(
            call("POST", "/kotlin/items", "not json", contentType = "text/plain"),
            415,
            "unsupported-media-type",
            "Unsupported media type",
        )
        assertProblem(call("POST", "/kotlin/items", "{}", contentType = null), 415, "unsupported-media-type", "Unsupported media type")
        assertEquals(
            201,
            call("POST", "/kotlin/items", """{"name":"a","price":1}""", contentType = " Application/JSON ; charset=utf-8").status,
        )
    }

    @Test
    fun `description absent stays absent, empty stays empty, PUT without it removes it`() {
        // Prepare
        val absent = create("""{"name":"a","price":1}""")
        val empty = create("""{"name":"b","price":1,"description":""}""")
        val id = empty["id"]!!.jsonPrimitive.content
        // Act
        val replaced = call("PUT", "/kotlin/items/$id", """{"name":"c","price":2}""")
        // Assess
        assertFalse(absent.json.containsKey("description"))
        assertEquals("", empty["description"]!!.jsonPrimitive.content)
        assertEquals(200, replaced.status, replaced.body)
        assertFalse(replaced.json.containsKey("description"), replaced.body)
        assertEquals(empty["createdAt"], replaced["createdAt"])
        assertEquals("c", replaced["name"]!!.jsonPrimitive.content)
    }

    @Test
    fun `get, put and delete answer 404 for a missing item and 400 for a bad id`() {
        val missing = "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f"
        assertProblem(call("GET", "/kotlin/items/$missing"), 404, "not-found", "Item not found")
        assertProblem(call("PUT", "/kotlin/items/$missing", """{"name":"a","price":1}"""), 404, "not-found", "Item not found")
        assertProblem(call("DELETE", "/kotlin/items/$missing"), 404, "not-found", "Item not found")
        assertValidation(call("GET", "/kotlin/items/${missing.uppercase()}"), "/path/id")
        assertValidation(call("GET", "/kotlin/items/not-a-uuid"), "/path/id")
        // The id is checked before the body.
        assertValidation(call("PUT", "/kotlin/items/nope", "{", contentType = "text/plain"), "/path/id")
    }

    @Test
    fun `an id is the path segment as sent, percent-decoded once`() {
        // Prepare: the event's path is as API Gateway REST passes it, still percent-encoded
        val missing = "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f"
        val spelled = "%33f5f8c3e%2D9a4b-4c1d-8e2f-1a2b3c4d5e6%66"
        // Act / Assess: escaped unreserved characters are the characters themselves
        assertProblem(call("GET", "/kotlin/items/$spelled"), 404, "not-found", "Item not found")
        // An encoded slash, a dot segment, NUL, non-ASCII or a bad escape is one segment and never an id
        for (id in listOf(
            "a%2Fb",
            "${missing.take(
                8,
            )}%2f${missing.drop(9)}",
            "%2E%2E", "..", "$missing%00", "%C3%A9", "$missing%ZZ", "%FF$missing", "%",
        )) {
            assertValidation(call("DELETE", "/kotlin/items/$id"), "/path/id")
        }
    }

    @Test
    fun `delete answers 204 with an empty body, then the item is gone`() {
        // Prepare
        val id = create("""{"name":"a","price":1}""")["id"]!!.jsonPrimitive.content
        // Act
        val deleted = call("DELETE", "/kotlin/items/$id")
        // Assess
        assertEquals(204, deleted.status)
        assertEquals("", deleted.body)
        assertEquals(404, call("GET", "/kotlin/items/$id").status)
    }

    @ParameterizedTest
    @ValueSource(strings = ["0", "101", "abc", "+5", "5.0", " 5", "1e1", ""])
    fun `a limit outside 1 to 100 or not plain digits is 400`(limit: String) {
        assertValidation(call("GET", "/kotlin/items", query = mapOf("limit" to limit)), "/query/limit")
    }

    @Test
    fun `a nextToken the API never issued is 400`() {
        assertValidation(call("GET", "/kotlin/items", query = mapOf("nextToken" to "abc")), "/query/nextToken")
        // Decodes to a UUID whose version nibble is not 4.
        assertValidation(call("GET", "/kotlin/items", query = mapOf("nextToken" to "P1-MPppLDB2OLxorPE1ebw")), "/query/nextToken")
    }

    @Test
    fun `pages follow nextToken to the end, leading zeros in limit allowed`() {
        // Prepare
        repeat(3) { create("""{"name":"item $it","price":$it}""") }
        // Act
        val first = call("GET", "/kotlin/items", query = mapOf("limit" to "002"))
        val token = first["nextToken"]!!.jsonPrimitive.content
        val second = call("GET", "/kotlin/items", query = mapOf("limit" to "2", "nextToken" to token))
        // Assess
        assertEquals(2, first["items"]!!.jsonArray.size)
        assertEquals(1, second["items"]!!.jsonArray.size)
        assertNull(second.json["nextToken"])
        val names = (first["items"]!!.jsonArray + second["items"]!!.jsonArray).map { it.jsonObject["name"]!!.jsonPrimitive.content }
        assertEquals(listOf("item 0", "item 1", "item 2"), names)
    }

    @Test
    fun `unknown routes reaching the runtime answer 404 Route not found`() {
        assertProblem(call("GET", "/kotlin/nothing"), 404, "not-found", "Route not found")
        assertProblem(call("PATCH", "/kotlin/items"), 404, "not-found", "Route not found")
    }

    @ParameterizedTest
    @ValueSource(strings = ["text/html", "nonsense"])
    fun `an Accept header is not negotiated, JSON is the answer`(accept: String) {
        // Prepare
        val event = event("GET", "/kotlin/health").replace("\"Host\":\"127.0.0.1\"", "\"Host\":\"127.0.0.1\",\"Accept\":\"$accept\"")
        // Act
        val answer = adapter.invoke(event)
        // Assess
        assertEquals(200, answer.status, answer.body)
        assertEquals("ok", (answer["status"] as JsonPrimitive).content)
    }

    @Test
    fun `a failing store is a 500 internal-error problem, not a crash`() {
        // Prepare
        val broken = object : items.runtime.store.ItemStore by store {
            override fun get(id: String) = throw java.io.UncheckedIOException(java.io.IOException("DynamoDB unreachable"))
        }
        val failing = LambdaAdapter("/kotlin") { itemsModule(broken, instance) }
        // Act
        val answer = failing.invoke(event("GET", "/kotlin/items/3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f"))
        // Assess
        assertProblem(answer, 500, "internal-error", "Internal error")
        assertFalse(answer.body.contains("unreachable"), answer.body)
    }

    @ParameterizedTest
    @ValueSource(strings = ["GET /kotlin/health", "POST /kotlin/items", "GET /kotlin/items/not-a-uuid", "GET /kotlin/nope"])
    fun `every answer carries the invocation's request id once, in both header maps`(request: String) {
        // Prepare
        val (method, path) = request.split(" ")
        val body = if (method == "POST") """{"name":"cup","price":1}""" else null
        val out = java.io.ByteArrayOutputStream()
        // Act
        adapter.handle(java.io.ByteArrayInputStream(event(method, path, body).toByteArray()), out, "c6af9ac6-7b61-11e6-9a41-93e8deadbeef")
        // Assess
        val response = kotlinx.serialization.json.Json.parseToJsonElement(out.toString(Charsets.UTF_8)).jsonObject
        assertEquals(
            "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
            response["headers"]!!.jsonObject[LambdaAdapter.REQUEST_ID_HEADER]!!.jsonPrimitive.content,
        )
        val multi = response["multiValueHeaders"]?.jsonObject?.get(LambdaAdapter.REQUEST_ID_HEADER)?.jsonArray?.map {
            it.jsonPrimitive.content
        }
        assertTrue(multi == null || multi == listOf("c6af9ac6-7b61-11e6-9a41-93e8deadbeef"), multi.toString())
    }

    @Test
    fun `without a request id nothing is added`() {
        val answer = adapter.invoke(event("GET", "/kotlin/health"))
        assertNull(answer.headers[LambdaAdapter.REQUEST_ID_HEADER])
    }
}
