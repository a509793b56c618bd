package items.runtime.lambda

import io.ktor.http.Headers
import io.ktor.http.HeadersBuilder
import io.ktor.http.Parameters
import io.ktor.server.application.Application
import io.ktor.server.application.serverConfig
import io.ktor.server.engine.EmbeddedServer
import io.ktor.server.engine.applicationEnvironment
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import java.io.InputStream
import java.io.OutputStream
import java.util.Base64

/**
 * API Gateway REST (v1) proxy events in, proxy responses out, through the one Ktor
 * application [module] running on [LambdaEngine]. [prefix] (`/kotlin`) is the runtime's
 * mount point on the gateway and is stripped, so the app routes the contract's paths.
 */
class LambdaAdapter(private val prefix: String, module: Application.() -> Unit) {
    private val server = EmbeddedServer(
        serverConfig(applicationEnvironment { log = org.slf4j.helpers.NOPLogger.NOP_LOGGER }) {
            developmentMode = false
            watchPaths = emptyList()
            module(module)
        },
        LambdaEngine.Factory,
    ).start(wait = false)

    /**
     * The Lambda contract: the event's JSON in, the response's JSON out. [requestId] is the
     * invocation's (the RequestId of its REPORT line): every answer carries it as the contract's
     * `Lambda-Request-Id` header, so a client can find the invocation in the logs.
     */
    fun handle(input: InputStream, output: OutputStream, requestId: String? = null) {
        val event = EVENT_JSON.decodeFromString(ApiGatewayRequest.serializer(), input.readBytes().decodeToString())
        val response = dispatch(event).let { if (requestId.isNullOrEmpty()) it else withRequestId(it, requestId) }
        output.write(EVENT_JSON.encodeToString(ApiGatewayResponse.serializer(), response).encodeToByteArray())
    }

    fun dispatch(event: ApiGatewayRequest): ApiGatewayResponse {
        val data = LambdaRequestData(
            method = event.httpMethod,
            path = stripPrefix(event.path),
            headers = headersOf(event),
            query = queryOf(event),
            body = bodyOf(event),
        )
        val answer = runBlocking { server.engine.handle(data) }
        return ApiGatewayResponse(
            statusCode = answer.status,
            headers = answer.headers.mapValues { (_, values) -> values.last() },
            multiValueHeaders = answer.headers,
            // The app answers UTF-8 JSON or nothing; binary never leaves it.
            body = answer.body.decodeToString(),
        )
    }

    private fun stripPrefix(path: String): String = when {
        path == prefix -> "/"
        path.startsWith("$prefix/") -> path.substring(prefix.length)
        else -> path
    }

    companion object {
        const val REQUEST_ID_HEADER = "Lambda-Request-Id"

        /** The header in both maps (API Gateway merges them, the multi-value one winning: one value). */
        fun withRequestId(response: ApiGatewayResponse, requestId: String) = response.copy(
            headers = response.headers + (REQUEST_ID_HEADER to requestId),
            multiValueHeaders = response.multiValueHeaders?.plus(REQUEST_ID_HEADER to listOf(requestId)),
        )

        private val EVENT_JSON = Json {
            ignoreUnknownKeys = true
            explicitNulls = false
        }

        /** Single-value headers win (API Gateway puts the last value there); the rest fill in. */
        private fun headersOf(event: ApiGatewayRequest): Headers {
            val builder = HeadersBuilder()
            event.headers?.forEach { (name, value) -> if (value != null) builder.append(name, value) }
            event.multiValueHeaders?.forEach { (name, values) ->
                if (!builder.contains(name) && values != null) builder.appendAll(name, values)
            }
            return builder.build()
        }

        /** All values kept in order; the app reads the last one, as queryStringParameters has it. */
        private fun queryOf(event: ApiGatewayRequest): Parameters = Parameters.build {
            val multi = event.multiValueQueryStringParameters
            if (multi != null) {
                multi.forEach { (name, values) -> if (values != null) appendAll(name, values) }
            } else {
                event.queryStringParameters?.forEach { (name, value) -> if (value != null) append(name, value) }
            }
        }

        private fun bodyOf(event: ApiGatewayRequest): ByteArray {
            val body = event.body ?: return ByteArray(0)
            return if (event.isBase64Encoded) Base64.getDecoder().decode(body) else body.encodeToByteArray()
        }
    }
}
