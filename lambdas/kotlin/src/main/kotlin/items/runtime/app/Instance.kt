package items.runtime.app

import java.io.File
import java.util.UUID

/** Figures of this Lambda instance (execution environment) for /health and /metrics. */
class Instance(val runtime: String) {
    val instanceId: String = UUID.randomUUID().toString()
    val runtimeVersion: String = "java " + System.getProperty("java.version")

    /** Process start on the monotonic clock: now minus the process's age. */
    private val startNanos: Long = System.nanoTime() - (processAgeMs() * 1_000_000).toLong()

    @Volatile var initDurationMs: Double = 0.0
        private set

    @Volatile var invocations: Long = 0
        private set

    val coldStart: Boolean get() = invocations <= 1
    val uptimeMs: Double get() = (System.nanoTime() - startNanos) / 1_000_000.0

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

    companion object {
        /**
         * How long ago the OS started this process: /proc/uptime minus the start time in
         * /proc/self/stat (clock ticks, USER_HZ = 100), 10 ms resolution. Elsewhere, 0: the
         * age is then counted from the first use of this class.
         */
        fun processAgeMs(): Double = try {
            val stat = File("/proc/self/stat").readText()
            val startTicks = stat.substringAfterLast(')').trim().split(' ')[19].toLong()
            val uptimeSeconds = File("/proc/uptime").readText().substringBefore(' ').toDouble()
            (uptimeSeconds * 1000 - startTicks * 10.0).coerceAtLeast(0.0)
        } catch (e: Exception) {
            0.0
        }
    }
}
