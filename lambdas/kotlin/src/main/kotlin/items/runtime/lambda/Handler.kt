package items.runtime.lambda

import com.amazonaws.services.lambda.runtime.Context
import com.amazonaws.services.lambda.runtime.RequestStreamHandler
import items.runtime.app.Instance
import items.runtime.app.itemsModule
import items.runtime.store.DynamoDbStore
import java.io.InputStream
import java.io.OutputStream

/**
 * The Lambda entry (aws.handler `items.runtime.lambda.Handler::handleRequest`). Everything
 * is built once per instance, in Lambda's init phase, when the runtime loads this class.
 */
class Handler : RequestStreamHandler {
    override fun handleRequest(input: InputStream, output: OutputStream, context: Context?) {
        INSTANCE.beginInvocation()
        ADAPTER.handle(input, output)
    }

    companion object {
        const val RUNTIME = "kotlin"
        private val INSTANCE = Instance(RUNTIME)
        private val ADAPTER: LambdaAdapter

        init {
            val store = DynamoDbStore.fromEnvironment()
            ADAPTER = LambdaAdapter("/$RUNTIME") { itemsModule(store, INSTANCE) }
            INSTANCE.initDone()
        }
    }
}
