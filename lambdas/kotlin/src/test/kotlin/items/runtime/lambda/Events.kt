package items.runtime.lambda

import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.put
import kotlinx.serialization.json.putJsonObject
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream

/** API Gateway REST v1 proxy events as the gateway sends them, and the parsed answers. */
object Events {
    fun event(
        method: String,
        path: String,
        body: String? = null,
        contentType: String? = "application/json",
        query: Map<String, String> = emptyMap(),
        base64: Boolean = false,
    ): String = buildJsonObject {
        put("resource", path)
        put("path", path)
        put("httpMethod", method)
        putJsonObject("headers") {
            put("Host", "127.0.0.1")
            if (contentType != null && body != null) put("Content-Type", contentType)
        }
        putJsonObject("multiValueHeaders") {}
        if (query.isEmpty()) {
            put("queryStringParameters", null as String?)
        } else {
            putJsonObject("queryStringParameters") {
                query.forEach { (k, v) -> put(k, v) }
            }
        }
        put("pathParameters", null as String?)
        putJsonObject("requestContext") {
            put("requestId", "test-request")
            put("stage", "local")
        }
        put("body", body)
        put("isBase64Encoded", base64)
    }.toString()

    class Answer(val status: Int, val headers: Map<String, String>, val body: String) {
        val json: JsonObject get() = Json.parseToJsonElement(body).jsonObject
        operator fun get(field: String): JsonElement? = json[field]
    }

    fun LambdaAdapter.invoke(event: String): Answer {
        val out = ByteArrayOutputStream()
        handle(ByteArrayInputStream(event.toByteArray()), out)
        val response = Json.parseToJsonElement(out.toString(Charsets.UTF_8)).jsonObject
        val headers = response["headers"]!!.jsonObject.mapValues { (it.value as kotlinx.serialization.json.JsonPrimitive).content }
        val body = (response["body"] as kotlinx.serialization.json.JsonPrimitive).content
        return Answer((response["statusCode"] as kotlinx.serialization.json.JsonPrimitive).content.toInt(), headers, body)
    }
}
