package items.runtime.lambda

import com.amazonaws.services.lambda.runtime.ClientContext
import com.amazonaws.services.lambda.runtime.CognitoIdentity
import com.amazonaws.services.lambda.runtime.Context
import com.amazonaws.services.lambda.runtime.LambdaLogger
import items.runtime.app.Instance
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** The observability contract's lines, as Powertools writes them on stdout. */
class ObservabilityTest {
    private class FakeContext(private val requestId: String) : Context {
        override fun getAwsRequestId() = requestId

        override fun getLogGroupName() = "/aws/lambda/items-kotlin-fn"

        override fun getLogStreamName() = "stream"

        override fun getFunctionName() = "items-kotlin-fn"

        override fun getFunctionVersion() = "\$LATEST"

        override fun getInvokedFunctionArn() = "arn:aws:lambda:eu-west-1:123456789012:function:items-kotlin-fn"

        override fun getIdentity(): CognitoIdentity? = null

        override fun getClientContext(): ClientContext? = null

        override fun getRemainingTimeInMillis() = 10_000

        override fun getMemoryLimitInMB() = 512

        override fun getLogger(): LambdaLogger? = null
    }

    /** What [body] writes on stdout, one JSON object per line. */
    private fun stdoutOf(body: () -> Unit): List<JsonObject> {
        val captured = ByteArrayOutputStream()
        val original = System.out
        System.setOut(PrintStream(captured, true, Charsets.UTF_8))
        try {
            body()
        } finally {
            System.setOut(original)
        }
        return captured.toString(Charsets.UTF_8).lines().filter { it.isNotBlank() }.map { Json.parseToJsonElement(it).jsonObject }
    }

    /** One test, in order: Powertools keeps its cold start per process, as Lambda has it. */
    @Test
    fun `the first invocation logs the cold start and the ColdStart metric, a later one only its error`() {
        // Prepare
        val instance = Instance("kotlin").also { it.initDone() }
        val observability = Observability(instance)
        // Act
        val first = stdoutOf { observability.invocation(FakeContext("req-1")) { } }
        val second = stdoutOf {
            assertThrows(IllegalStateException::class.java) {
                observability.invocation(FakeContext("req-2")) { error("store down") }
            }
        }
        // Assess: the cold start
        val (log, metric) = first.partition { "_aws" !in it }
        assertEquals(1, log.size, first.toString())
        val coldStart = log.single()
        assertEquals("cold start", coldStart["message"]!!.jsonPrimitive.content)
        assertEquals("INFO", coldStart["level"]!!.jsonPrimitive.content)
        assertEquals(instance.instanceId, coldStart["instanceId"]!!.jsonPrimitive.content)
        assertTrue(coldStart["initDurationMs"]!!.jsonPrimitive.content.toDouble() >= 0.0)
        assertEquals("true", coldStart["cold_start"]!!.jsonPrimitive.content, first.toString())
        assertEquals("items-kotlin-fn", coldStart["function_name"]!!.jsonPrimitive.content)
        assertEquals("512", coldStart["function_memory_size"]!!.jsonPrimitive.content)
        assertEquals("req-1", coldStart["function_request_id"]!!.jsonPrimitive.content)
        assertTrue(coldStart["function_arn"]!!.jsonPrimitive.content.endsWith(":function:items-kotlin-fn"))
        assertEquals("items-kotlin", coldStart["service"]!!.jsonPrimitive.content)
        assertTrue("timestamp" in coldStart, coldStart.toString())
        assertEquals(1, metric.size, first.toString())
        val emf = metric.single()
        val directive = emf["_aws"]!!.jsonObject["CloudWatchMetrics"].toString()
        assertTrue("\"Namespace\":\"MultiRuntimeBenchmark\"" in directive, directive)
        assertTrue("\"Name\":\"ColdStart\"" in directive && "\"Unit\":\"Count\"" in directive, directive)
        assertEquals("items-kotlin-fn", emf["function_name"]?.jsonPrimitive?.content, emf.toString())
        assertEquals("items-kotlin", emf["service"]?.jsonPrimitive?.content, emf.toString())
        // Assess: the warm invocation's one line, its error
        val error = second.single()
        assertEquals("ERROR", error["level"]!!.jsonPrimitive.content)
        assertEquals("invocation failed", error["message"]!!.jsonPrimitive.content)
        assertEquals("req-2", error["function_request_id"]!!.jsonPrimitive.content)
        assertEquals("false", error["cold_start"]!!.jsonPrimitive.content)
        assertEquals("store down", error["error"]!!.jsonObject["message"]!!.jsonPrimitive.content)
    }
}
