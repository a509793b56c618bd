package items.runtime.domain

import java.math.BigDecimal
import java.math.MathContext
import java.math.RoundingMode

/**
 * Prices as text. Every runtime writes the shortest decimal that reads back as the same
 * binary64 (19.99, 5, 1234567.891). Java 17's Double.toString is not always shortest
 * (2.0E-3 prints as "0.0020", JDK-4511638) and uses E-notation from 1e7 on, so the digits are
 * found here and laid out the way JavaScript and Go print numbers.
 */
object PriceFormat {
    /** JSON text, as JavaScript's Number#toString (and Go's encoding/json) print it. */
    fun json(value: Double): String {
        val shortest = shortest(value)
        if (shortest.signum() == 0) return "0"
        val digits = shortest.unscaledValue().abs().toString()
        val k = digits.length
        val n = k - shortest.scale() // value = 0.digits × 10^n
        val sign = if (shortest.signum() < 0) "-" else ""
        val text = when {
            n in k..21 -> digits + "0".repeat(n - k)
            n in 1..21 -> digits.substring(0, n) + "." + digits.substring(n)
            n in -5..0 -> "0." + "0".repeat(-n) + digits
            else -> {
                val mantissa = if (k == 1) digits else digits[0] + "." + digits.substring(1)
                val exponent = n - 1
                mantissa + "e" + (if (exponent >= 0) "+" else "-") + Math.abs(exponent)
            }
        }
        return sign + text
    }

    /** DynamoDB N text: the same shortest digits, never in E-notation. */
    fun dynamo(value: Double): String {
        val shortest = shortest(value)
        return if (shortest.signum() == 0) "0" else shortest.toPlainString()
    }

    /** The shortest decimal that parses back to [value]; the nearest one among equals. */
    fun shortest(value: Double): BigDecimal {
        require(value.isFinite()) { "not a finite number: $value" }
        if (value == 0.0) return BigDecimal.ZERO
        val exact = BigDecimal(value)
        for (precision in 1..17) {
            val nearest = exact.round(MathContext(precision, RoundingMode.HALF_EVEN))
            if (nearest.toDouble() == value) return nearest.stripTrailingZeros()
            // Next to a power of two the interval that reads back is lopsided: the nearest
            // candidate may miss while the one on the other side hits.
            for (mode in arrayOf(RoundingMode.FLOOR, RoundingMode.CEILING)) {
                val other = exact.round(MathContext(precision, mode))
                if (other.toDouble() == value) return other.stripTrailingZeros()
            }
        }
        return exact.round(MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros()
    }
}
