package items.runtime.nativeimage

import items.runtime.app.Instance
import items.runtime.app.itemsModule
import items.runtime.lambda.LambdaAdapter
import items.runtime.store.DynamoDbStore
import items.runtime.store.ItemStore
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import kotlin.system.exitProcess

/**
 * The native image's entry (the `bootstrap` executable on provided.al2023): the same Ktor
 * app, adapter and store as the JVM `Handler`, mounted under its own prefix, served by
 * [RuntimeApiLoop]. Everything is built in the init phase, as on the JVM.
 */
object NativeMain {
    /** The gateway prefix of the native variant; infra sets RUNTIME_NAME to the same value. */
    const val DEFAULT_RUNTIME = "kotlin-native"

    /** The per-event work: the JVM Handler's; the request id comes from the Runtime API instead of the RIC's Context. */
    class Entry(runtime: String, store: ItemStore) {
        val instance = Instance(runtime)
        private val adapter = LambdaAdapter("/$runtime") { itemsModule(store, instance) }

        init {
            instance.initDone()
        }

        fun handle(event: ByteArray, requestId: String): ByteArray {
            instance.beginInvocation()
            val out = ByteArrayOutputStream()
            adapter.handle(ByteArrayInputStream(event), out, requestId)
            return out.toByteArray()
        }
    }

    @JvmStatic
    fun main(args: Array<String>) {
        val api = System.getenv("AWS_LAMBDA_RUNTIME_API")
        if (api.isNullOrBlank()) {
            System.err.println("AWS_LAMBDA_RUNTIME_API is not set: this executable runs inside Lambda (or a Runtime API emulator).")
            exitProcess(2)
        }
        val runtime = System.getenv("RUNTIME_NAME")?.takeIf { it.isNotBlank() } ?: DEFAULT_RUNTIME
        var entry: Entry? = null
        val loop = RuntimeApiLoop(api) { event, requestId -> entry!!.handle(event, requestId) }
        try {
            entry = Entry(runtime, DynamoDbStore.fromEnvironment())
        } catch (fault: Throwable) {
            loop.reportInitError(fault)
            exitProcess(1)
        }
        loop.run()
    }
}
