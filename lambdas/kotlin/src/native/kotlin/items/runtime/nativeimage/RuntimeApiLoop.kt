package items.runtime.nativeimage

import java.io.PrintWriter
import java.io.StringWriter
import java.net.HttpURLConnection
import java.net.URI

/**
 * The Lambda Runtime API (2018-06-01) spoken directly: fetch the next event, hand its bytes
 * and its request id to [handle], post the answer or the error. This replaces the runtime interface client in
 * the native image: the RIC loads a JNI library from its jar and builds its handler by
 * reflection through a URLClassLoader, all of which a closed-world image would need
 * configured by hand; this loop needs no reflection at all (HttpURLConnection over plain
 * HTTP to the local Runtime API endpoint).
 */
class RuntimeApiLoop(runtimeApi: String, private val handle: (event: ByteArray, requestId: String) -> ByteArray) {
    private val base = "http://$runtimeApi/2018-06-01/runtime"

    /** One event: blocks on `next` until Lambda hands one over, then answers it. False when the API is gone. */
    fun runOnce(): Boolean {
        val next = open("$base/invocation/next", "GET")
        val status = next.responseCode
        if (status != 200) {
            System.err.println("runtime API: next answered $status")
            next.disconnect()
            return false
        }
        val requestId = next.getHeaderField("Lambda-Runtime-Aws-Request-Id")
        // The AWS SDK reads the trace header from this property (what the RIC sets), so DynamoDB calls join the X-Ray trace.
        val trace = next.getHeaderField("Lambda-Runtime-Trace-Id")
        if (trace != null) System.setProperty(TRACE_PROPERTY, trace) else System.clearProperty(TRACE_PROPERTY)
        val event = next.inputStream.use { it.readBytes() }
        val answer = try {
            handle(event, requestId)
        } catch (fault: Throwable) {
            postError("$base/invocation/$requestId/error", fault)
            return true
        }
        post("$base/invocation/$requestId/response", answer, null)
        return true
    }

    /** Serves events until the Runtime API stops answering (Lambda freezes and ends the process itself). */
    fun run() {
        while (runOnce()) {
            // one event per round
        }
    }

    /** An init failure reported the way Lambda expects it; the caller exits afterwards. */
    fun reportInitError(fault: Throwable) = postError("$base/init/error", fault)

    private fun postError(url: String, fault: Throwable) {
        val trace = StringWriter().also { fault.printStackTrace(PrintWriter(it)) }.toString()
        System.err.println(trace)
        val body = """{"errorMessage":${quote(fault.message ?: fault.toString())},"errorType":${quote(fault.javaClass.name)}}"""
        post(url, body.encodeToByteArray(), "Unhandled")
    }

    private fun post(url: String, body: ByteArray, errorType: String?) {
        val connection = open(url, "POST")
        connection.doOutput = true
        connection.setFixedLengthStreamingMode(body.size)
        connection.setRequestProperty("Content-Type", "application/json")
        if (errorType != null) connection.setRequestProperty("Lambda-Runtime-Function-Error-Type", errorType)
        connection.outputStream.use { it.write(body) }
        val status = connection.responseCode
        // Drain the answer so the keep-alive connection is reused for the next `next`.
        (if (status < 400) connection.inputStream else connection.errorStream)?.use { it.readBytes() }
        if (status !in 200..299) System.err.println("runtime API: POST $url answered $status")
    }

    private fun open(url: String, method: String): HttpURLConnection = (URI(url).toURL().openConnection() as HttpURLConnection).apply {
        requestMethod = method
        // `next` blocks for as long as the instance waits for work: no read timeout.
        readTimeout = 0
        connectTimeout = 5_000
    }

    companion object {
        const val TRACE_PROPERTY = "com.amazonaws.xray.traceHeader"

        /** A JSON string literal (the error body is the only JSON this class writes). */
        fun quote(text: String): String {
            val out = StringBuilder(text.length + 2).append('"')
            for (c in text) {
                when {
                    c == '"' -> out.append("\\\"")
                    c == '\\' -> out.append("\\\\")
                    c < ' ' -> out.append(String.format("\\u%04x", c.code))
                    else -> out.append(c)
                }
            }
            return out.append('"').toString()
        }
    }
}
