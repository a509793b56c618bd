package items.runtime.lambda

import com.amazonaws.services.lambda.runtime.Context
import items.runtime.app.Instance
import org.slf4j.LoggerFactory
import software.amazon.lambda.powertools.logging.PowertoolsLogging
import software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry
import software.amazon.lambda.powertools.metrics.Metrics
import software.amazon.lambda.powertools.metrics.MetricsBuilder
import software.amazon.lambda.powertools.metrics.model.DimensionSet
import java.util.concurrent.atomic.AtomicBoolean

/**
 * The observability contract (docs/runtimes/kotlin.md, "Observability") through Powertools'
 * functional API, so no AspectJ weaving: every invocation runs inside
 * [PowertoolsLogging.withLogging] (the Lambda context's fields on each JSON line); the first
 * one logs "cold start" and flushes Powertools' ColdStart metric (one EMF line); an
 * exception that escapes the handler is logged at ERROR. Nothing else per request.
 */
class Observability(private val instance: Instance, private val metrics: Metrics = metricsOf(instance.runtime)) {
    private val first = AtomicBoolean(true)

    fun <T> invocation(context: Context, body: () -> T): T {
        val cold = first.compareAndSet(true, false)
        // Before withLogging: it marks Powertools' (process-wide) cold start done, after which
        // captureColdStartMetric writes nothing.
        // The contract's dimensions (function_name, service), as Powertools for Python and
        // TypeScript name them; Java's default would be a capitalised Service alone.
        if (cold) metrics.captureColdStartMetric(context, coldStartDimensions(context.functionName))
        return PowertoolsLogging.withLogging(context) {
            if (cold) LOG.info("cold start", entry("initDurationMs", instance.initDurationMs), entry("instanceId", instance.instanceId))
            try {
                body()
            } catch (fault: Exception) {
                LOG.error("invocation failed", fault)
                throw fault
            }
        }
    }

    private fun coldStartDimensions(functionName: String) =
        DimensionSet.of("function_name", functionName, "service", "items-${instance.runtime}")

    companion object {
        private val LOG = LoggerFactory.getLogger(Observability::class.java)
        const val NAMESPACE = "MultiRuntimeBenchmark"

        /** The metrics' service is the log lines' service, items-<runtime>, in every runtime. */
        fun metricsOf(runtime: String): Metrics = MetricsBuilder.builder()
            .withNamespace(NAMESPACE)
            .withService("items-$runtime")
            .withDefaultDimensions(DimensionSet.of(emptyMap()))
            .build()
    }
}
