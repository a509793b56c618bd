package items.runtime.app

import java.io.File
import java.util.UUID

/** Figures of this Lambda instance (execution environment) for /health and /metrics. */
class Instance(val runtime: String) {
    val instanceId: String = UUID.randomUUID().toString()
    val runtimeVersion: String = "java " + System.getProperty("java.version")

    /** Process start as the OS recorded it (10 ms resolution), else the first use of this class. */
    private val startMillis: Long = ProcessHandle.current().info().startInstant()
        .map { it.toEpochMilli() }.orElse(System.currentTimeMillis())

    @Volatile var initDurationMs: Double = 0.0
        private set

    @Volatile var invocations: Long = 0
        private set

    val coldStart: Boolean get() = invocations <= 1
    val uptimeMs: Double get() = (System.currentTimeMillis() - startMillis).toDouble()

    /** Called once when the handler's initialisation is done. */
    fun initDone() {
        initDurationMs = uptimeMs
    }

    /** Called at the start of every invocation. */
    fun beginInvocation() {
        invocations++
    }

    /** Resident set size from /proc, where there is one; else the JVM heap in use. */
    fun rssBytes(): Long {
        val status = File("/proc/self/status")
        if (status.canRead()) {
            status.useLines { lines ->
                lines.firstOrNull { it.startsWith("VmRSS:") }?.let { line ->
                    return line.removePrefix("VmRSS:").trim().removeSuffix("kB").trim().toLong() * 1024
                }
            }
        }
        val runtime = Runtime.getRuntime()
        return runtime.totalMemory() - runtime.freeMemory()
    }
}
