package items.runtime.lambda

import java.io.ByteArrayOutputStream
import java.nio.ByteBuffer
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction

/**
 * One path segment as the contract reads it (docs/contract.md, "Adversarial input"): percent
 * escapes decoded once, as UTF-8. A segment that cannot be decoded (a bad escape, bytes that are
 * not UTF-8) or that would decode to a `/` is kept exactly as sent: it stays one segment and, never
 * being a valid id, is answered 400 validation-failed like any other bad id.
 */
object PathSegments {
    fun decode(segment: String): String {
        if ('%' !in segment) return segment
        val bytes = ByteArrayOutputStream(segment.length)
        var i = 0
        while (i < segment.length) {
            val c = segment[i]
            if (c != '%') {
                bytes.write(c.toString().encodeToByteArray())
                i++
                continue
            }
            if (i + 2 >= segment.length) return segment
            val hi = Character.digit(segment[i + 1], 16)
            val lo = Character.digit(segment[i + 2], 16)
            if (hi < 0 || lo < 0) return segment
            bytes.write(hi * 16 + lo)
            i += 3
        }
        val strictUtf8 = Charsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
        val text = try {
            strictUtf8.decode(ByteBuffer.wrap(bytes.toByteArray())).toString()
        } catch (_: CharacterCodingException) {
            return segment
        }
        return if ('/' in text) segment else text
    }
}
