package items.runtime.domain

import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.json.JsonArray
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.JsonUnquotedLiteral

/**
 * An RFC 8259 parser for request bodies. kotlinx.serialization's own reader is lenient in
 * ways the contract is not (unquoted literals, quoted numbers), so bodies go through this:
 * strict grammar, last duplicate key wins, numbers kept as their source text, unpaired
 * surrogate escapes kept (validation rejects them, not the parser). Iterative, so deep
 * nesting cannot overflow the stack.
 */
class StrictJson private constructor(private val text: String) {
    private var pos = 0

    class SyntaxError(message: String) : RuntimeException(message, null, false, false)

    companion object {
        fun parse(text: String): JsonElement = StrictJson(text).document()
    }

    /** An open container: an array's items, or an object's members and its pending key. */
    private class Frame(val isObject: Boolean) {
        val items = ArrayList<JsonElement>()
        val members = LinkedHashMap<String, JsonElement>()
        var key: String? = null
        fun build(): JsonElement = if (isObject) JsonObject(members) else JsonArray(items)
    }

    private fun document(): JsonElement {
        val stack = ArrayList<Frame>()
        var result: JsonElement? = null
        skipSpace()
        while (true) {
            // Read one value (or open a container and go round for its first member).
            var value: JsonElement? = null
            when (peek()) {
                '{' -> {
                    pos++
                    skipSpace()
                    if (peek() == '}') {
                        pos++
                        value = JsonObject(emptyMap())
                    } else {
                        stack.add(Frame(true))
                        readKey(stack.last())
                        continue
                    }
                }
                '[' -> {
                    pos++
                    skipSpace()
                    if (peek() == ']') {
                        pos++
                        value = JsonArray(emptyList())
                    } else {
                        stack.add(Frame(false))
                        continue
                    }
                }
                else -> value = scalar()
            }
            // Attach it to its container, closing every container that ends here.
            var done: JsonElement = value!!
            while (true) {
                val frame = stack.lastOrNull()
                if (frame == null) {
                    result = done
                    break
                }
                if (frame.isObject) frame.members[frame.key!!] = done else frame.items.add(done)
                skipSpace()
                val c = next()
                if (c == ',') {
                    skipSpace()
                    if (frame.isObject) readKey(frame)
                    break
                }
                if (c != (if (frame.isObject) '}' else ']')) fail("expected ',' or the end of the container")
                stack.removeAt(stack.size - 1)
                done = frame.build()
            }
            if (result != null) break
        }
        skipSpace()
        if (pos != text.length) fail("unexpected text after the JSON value")
        return result!!
    }

    private fun readKey(frame: Frame) {
        if (peek() != '"') fail("expected a string key")
        frame.key = string()
        skipSpace()
        if (next() != ':') fail("expected ':'")
        skipSpace()
    }

    @OptIn(ExperimentalSerializationApi::class)
    private fun scalar(): JsonElement = when (peek()) {
        '"' -> JsonPrimitive(string())
        't' -> literal("true", JsonPrimitive(true))
        'f' -> literal("false", JsonPrimitive(false))
        'n' -> literal("null", JsonNull)
        else -> JsonUnquotedLiteral(number())
    }

    private fun literal(word: String, value: JsonElement): JsonElement {
        if (!text.startsWith(word, pos)) fail("invalid literal")
        pos += word.length
        return value
    }

    /** A number exactly as the grammar has it: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
    private fun number(): String {
        val start = pos
        if (peek() == '-') pos++
        when {
            peek() == '0' -> pos++
            peek() in '1'..'9' -> while (peek() in '0'..'9') pos++
            else -> fail("invalid value")
        }
        if (peek() == '.') {
            pos++
            if (peek() !in '0'..'9') fail("digit expected after '.'")
            while (peek() in '0'..'9') pos++
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++
            if (peek() == '+' || peek() == '-') pos++
            if (peek() !in '0'..'9') fail("digit expected in exponent")
            while (peek() in '0'..'9') pos++
        }
        return text.substring(start, pos)
    }

    private fun string(): String {
        pos++ // opening quote
        val out = StringBuilder()
        while (true) {
            val c = next()
            when {
                c == '"' -> return out.toString()
                c == '\\' -> when (next()) {
                    '"' -> out.append('"')
                    '\\' -> out.append('\\')
                    '/' -> out.append('/')
                    'b' -> out.append('\b')
                    'f' -> out.append('\u000C')
                    'n' -> out.append('\n')
                    'r' -> out.append('\r')
                    't' -> out.append('\t')
                    'u' -> out.append(hex4())
                    else -> fail("invalid escape")
                }
                c < ' ' -> fail("control character in string")
                else -> out.append(c)
            }
        }
    }

    private fun hex4(): Char {
        if (pos + 4 > text.length) fail("truncated \\u escape")
        var v = 0
        repeat(4) {
            val d = Character.digit(text[pos++], 16)
            if (d < 0) fail("invalid \\u escape")
            v = v * 16 + d
        }
        return v.toChar()
    }

    private fun skipSpace() {
        while (pos < text.length) {
            val c = text[pos]
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') pos++ else return
        }
    }

    private fun peek(): Char = if (pos < text.length) text[pos] else END
    private fun next(): Char = if (pos < text.length) text[pos++] else fail("unexpected end of input")
    private fun fail(message: String): Nothing = throw SyntaxError("$message at offset $pos")
}

private const val END = '\uFFFF'
