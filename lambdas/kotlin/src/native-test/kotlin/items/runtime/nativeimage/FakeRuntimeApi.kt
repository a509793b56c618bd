package items.runtime.nativeimage

import com.sun.net.httpserver.HttpServer
import java.net.InetSocketAddress
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CopyOnWriteArrayList

/**
 * Lambda's Runtime API as far as the loop uses it, on 127.0.0.1: `next` hands out the
 * queued events (then answers 410, which ends the loop), POSTs are recorded.
 */
class FakeRuntimeApi(events: List<String>) : AutoCloseable {
    data class Post(val path: String, val body: String, val errorType: String?)

    private val queue = ConcurrentLinkedQueue(events.mapIndexed { i, e -> "req-$i" to e })
    val posts = CopyOnWriteArrayList<Post>()
    private val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)

    init {
        server.createContext("/2018-06-01/runtime/") { exchange ->
            exchange.use {
                val path = it.requestURI.path.removePrefix("/2018-06-01/runtime")
                if (it.requestMethod == "GET" && path == "/invocation/next") {
                    val (id, event) = queue.poll() ?: run {
                        it.sendResponseHeaders(410, -1)
                        return@use
                    }
                    it.responseHeaders.add("Lambda-Runtime-Aws-Request-Id", id)
                    it.responseHeaders.add("Lambda-Runtime-Trace-Id", "Root=1-trace-$id")
                    val bytes = event.encodeToByteArray()
                    it.sendResponseHeaders(200, bytes.size.toLong())
                    it.responseBody.write(bytes)
                } else {
                    posts +=
                        Post(
                            path,
                            it.requestBody.readBytes().decodeToString(),
                            it.requestHeaders.getFirst("Lambda-Runtime-Function-Error-Type"),
                        )
                    it.sendResponseHeaders(202, -1)
                }
            }
        }
        server.start()
    }

    /** host:port, as Lambda puts it in AWS_LAMBDA_RUNTIME_API. */
    val address: String get() = "127.0.0.1:${server.address.port}"

    override fun close() = server.stop(0)
}
