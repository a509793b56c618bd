package items.runtime.lambda

import com.amazonaws.services.lambda.runtime.Context
import com.amazonaws.services.lambda.runtime.RequestStreamHandler
import items.runtime.app.Instance
import items.runtime.app.itemsModule
import items.runtime.store.DynamoDbStore
import org.slf4j.LoggerFactory
import java.io.InputStream
import java.io.OutputStream

/**
 * The Lambda entry (aws.handler `items.runtime.lambda.Handler::handleRequest`). Everything
 * is built once per instance, in Lambda's init phase, when the runtime loads this class:
 * the logger and metrics (Powertools), the DynamoDB client (traced by X-Ray) and the app.
 */
class Handler : RequestStreamHandler {
    override fun handleRequest(input: InputStream, output: OutputStream, context: Context?) {
        INSTANCE.beginInvocation()
        if (context == null) return ADAPTER.handle(input, output) // invoked by hand, not by a runtime
        OBSERVABILITY.invocation(context) { ADAPTER.handle(input, output, context.awsRequestId) }
    }

    companion object {
        /**
         * Priming (opt-in, -Ditems.prime=true): one request through the whole path during init
         * (routing, validation, a real GetItem that finds nothing, a problem answer), so its
         * classes are loaded before the first invocation. Not counted as an invocation.
         */
        private fun prime() {
            try {
                ADAPTER.dispatch(ApiGatewayRequest(httpMethod = "GET", path = "/$RUNTIME/items/00000000-0000-4000-8000-000000000000"))
            } catch (e: Exception) {
                LoggerFactory.getLogger(Handler::class.java).warn("priming failed (ignored)", e)
            }
        }

        const val RUNTIME = "kotlin"
        private val INSTANCE = Instance(RUNTIME)
        private val ADAPTER: LambdaAdapter
        private val OBSERVABILITY = Observability(INSTANCE)

        init {
            val store = DynamoDbStore.fromEnvironment()
            ADAPTER = LambdaAdapter("/$RUNTIME") { itemsModule(store, INSTANCE) }
            if (System.getProperty("items.prime") == "true") prime()
            INSTANCE.initDone()
        }
    }
}
