package items.runtime.store

import java.io.File
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.TimeUnit

/** A dynalite (in-memory DynamoDB) on 127.0.0.1, from the repository's node_modules. */
class Dynalite private constructor(private val process: Process, val port: Int) : AutoCloseable {
    val endpoint get() = "http://127.0.0.1:$port"

    override fun close() {
        process.destroy()
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor()
    }

    companion object {
        fun start(): Dynalite {
            val cli = File("../../node_modules/dynalite/cli.js")
            check(cli.isFile) { "dynalite not installed: run npm ci at the repository root (${cli.absolutePath})" }
            val port = ServerSocket(0).use { it.localPort }
            val process = ProcessBuilder("node", cli.path, "--port", port.toString(), "--host", "127.0.0.1", "--createTableMs", "0")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15)
            while (System.nanoTime() < deadline) {
                check(process.isAlive) { "dynalite exited with ${process.exitValue()}" }
                try {
                    Socket("127.0.0.1", port).close()
                    return Dynalite(process, port)
                } catch (e: java.io.IOException) {
                    Thread.sleep(50)
                }
            }
            process.destroyForcibly()
            error("dynalite did not listen on port $port within 15 s")
        }
    }
}
