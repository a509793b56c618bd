package items.runtime.lambda

import io.ktor.events.Events
import io.ktor.http.Headers
import io.ktor.http.HeadersBuilder
import io.ktor.http.HttpMethod
import io.ktor.http.HttpStatusCode
import io.ktor.http.Parameters
import io.ktor.http.RequestConnectionPoint
import io.ktor.http.content.OutgoingContent
import io.ktor.http.encodeURLParameter
import io.ktor.http.encodeURLPathPart
import io.ktor.server.application.Application
import io.ktor.server.application.ApplicationEnvironment
import io.ktor.server.engine.ApplicationEngine
import io.ktor.server.engine.ApplicationEngineFactory
import io.ktor.server.engine.BaseApplicationCall
import io.ktor.server.engine.BaseApplicationEngine
import io.ktor.server.engine.BaseApplicationRequest
import io.ktor.server.engine.BaseApplicationResponse
import io.ktor.server.request.RequestCookies
import io.ktor.server.response.ResponseHeaders
import io.ktor.utils.io.ByteChannel
import io.ktor.utils.io.ByteReadChannel
import io.ktor.utils.io.ByteWriteChannel
import io.ktor.utils.io.toByteArray
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope

/**
 * A Ktor engine whose "socket" is one API Gateway event: the event becomes an
 * ApplicationCall, the app's own pipeline (routing, content negotiation) answers it, and the
 * bytes it writes become the proxy response. No network, no threads of its own.
 */
class LambdaEngine(
    environment: ApplicationEnvironment,
    monitor: Events,
    developmentMode: Boolean,
    private val application: () -> Application,
) : BaseApplicationEngine(environment, monitor, developmentMode) {

    object Factory : ApplicationEngineFactory<LambdaEngine, Configuration> {
        override fun configuration(configure: Configuration.() -> Unit) = Configuration().apply(configure)
        override fun create(
            environment: ApplicationEnvironment,
            monitor: Events,
            developmentMode: Boolean,
            configuration: Configuration,
            applicationProvider: () -> Application,
        ) = LambdaEngine(environment, monitor, developmentMode, applicationProvider)
    }

    override fun start(wait: Boolean): ApplicationEngine {
        resolvedConnectorsDeferred.complete(emptyList())
        return this
    }

    override fun stop(gracePeriodMillis: Long, timeoutMillis: Long) = Unit

    /** Runs one request through the application; [path] is already without the runtime prefix. */
    suspend fun handle(request: LambdaRequestData): LambdaResponseData = coroutineScope {
        val call = LambdaCall(application(), request, this)
        pipeline.execute(call, Unit)
        call.response.result()
    }
}

/** What the adapter hands the engine: method, prefix-less path, headers, query, raw body. */
class LambdaRequestData(val method: String, val path: String, val headers: Headers, val query: Parameters, val body: ByteArray)

class LambdaResponseData(val status: Int, val headers: Map<String, List<String>>, val body: ByteArray)

private class LambdaCall(application: Application, data: LambdaRequestData, scope: CoroutineScope) : BaseApplicationCall(application) {
    override val coroutineContext = scope.coroutineContext
    override val request = LambdaRequest(this, data)
    override val response = LambdaResponse(this, scope)

    init {
        putResponseAttribute()
    }
}

private class LambdaRequest(call: BaseApplicationCall, private val data: LambdaRequestData) : BaseApplicationRequest(call) {
    override val engineHeaders: Headers get() = data.headers
    override val engineReceiveChannel: ByteReadChannel = ByteReadChannel(data.body)
    override val queryParameters: Parameters get() = data.query
    override val rawQueryParameters: Parameters by lazy {
        Parameters.build {
            data.query.forEach { name, values -> appendAll(name.encodeURLParameter(), values.map { it.encodeURLParameter() }) }
        }
    }
    override val cookies: RequestCookies = RequestCookies(this)

    // The event's path is as the client sent it (API Gateway REST does not decode it): each segment
    // is decoded once here (PathSegments), then encoded again, because routing decodes segments itself.
    private val uri: String = data.path.split('/').joinToString("/") { PathSegments.decode(it).encodeURLPathPart() } +
        if (data.query.isEmpty()) {
            ""
        } else {
            "?" + rawQueryParameters.entries().joinToString("&") { (name, values) ->
                values.joinToString("&") { "$name=$it" }
            }
        }

    override val local: RequestConnectionPoint = object : RequestConnectionPoint {
        override val scheme = "https"
        override val version = "HTTP/1.1"
        override val uri = this@LambdaRequest.uri
        override val method = HttpMethod.parse(data.method.uppercase())
        override val localHost = "localhost"
        override val serverHost = data.headers["Host"] ?: "localhost"
        override val localAddress = "127.0.0.1"
        override val localPort = 443
        override val serverPort = 443
        override val remoteHost = "localhost"
        override val remotePort = 0
        override val remoteAddress = "127.0.0.1"

        @Deprecated("Use localPort or serverPort instead", level = DeprecationLevel.ERROR)
        override val port = 443

        @Deprecated("Use localHost or serverHost instead", level = DeprecationLevel.ERROR)
        override val host = serverHost
    }
}

private class LambdaResponse(call: BaseApplicationCall, private val scope: CoroutineScope) : BaseApplicationResponse(call) {
    private var statusCode = HttpStatusCode.OK
    private var bytes: ByteArray? = null
    private var streamed: Deferred<ByteArray>? = null
    private val builder = HeadersBuilder()

    override fun setStatus(statusCode: HttpStatusCode) {
        this.statusCode = statusCode
    }

    override val headers: ResponseHeaders = object : ResponseHeaders() {
        override fun engineAppendHeader(name: String, value: String) = builder.append(name, value)
        override fun getEngineHeaderNames(): List<String> = builder.names().toList()
        override fun getEngineHeaderValues(name: String): List<String> = builder.getAll(name).orEmpty()
    }

    // Text and JSON answers arrive here as one byte array: kept as is.
    override suspend fun respondFromBytes(bytes: ByteArray) {
        this.bytes = bytes
    }

    // Anything streamed is drained concurrently so the writer never blocks on a full channel.
    override suspend fun responseChannel(): ByteWriteChannel {
        val channel = ByteChannel()
        streamed = scope.async { channel.toByteArray() }
        return channel
    }

    override suspend fun respondUpgrade(upgrade: OutgoingContent.ProtocolUpgrade) =
        throw UnsupportedOperationException("protocol upgrades cannot pass through API Gateway REST")

    suspend fun result(): LambdaResponseData {
        val body = bytes ?: streamed?.await() ?: ByteArray(0)
        val headers = builder.names().associateWith { builder.getAll(it).orEmpty() }
        return LambdaResponseData(statusCode.value, headers, body)
    }
}
