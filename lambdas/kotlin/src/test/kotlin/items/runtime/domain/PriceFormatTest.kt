package items.runtime.domain

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.CsvSource
import java.math.BigDecimal
import kotlin.random.Random

class PriceFormatTest {
    // Expected texts are what Node's JSON.stringify prints for the same binary64 value.
    @ParameterizedTest
    @CsvSource(
        "19.99, 19.99",
        "1234567.891, 1234567.891",
        "5, 5",
        "2.0E-3, 0.002",
        "1.0E23, 1e+23",
        "1.0E21, 1e+21",
        "1.0E20, 100000000000000000000",
        "1.0E9, 1000000000",
        "1.0E-7, 1e-7",
        "0.000001, 0.000001",
        "0.30000000000000004, 0.30000000000000004",
        "4.9E-324, 5e-324",
        "1.7976931348623157E308, 1.7976931348623157e+308",
        "1152921504606846976, 1152921504606847000",
        "5.684341886080802E-14, 5.684341886080802e-14",
        "999999999.999999, 999999999.999999",
        "2.2250738585072014E-308, 2.2250738585072014e-308",
        "0, 0",
        "-0.0, 0",
    )
    fun `JSON text matches JavaScript's`(input: String, expected: String) {
        assertEquals(expected, PriceFormat.json(input.toDouble()))
    }

    @ParameterizedTest
    @CsvSource("19.99, 19.99", "5, 5", "1.0E9, 1000000000", "1.0E-7, 0.0000001", "2.0E-3, 0.002", "0, 0")
    fun `DynamoDB text is plain decimal`(input: String, expected: String) {
        assertEquals(expected, PriceFormat.dynamo(input.toDouble()))
    }

    @Test
    fun `random doubles read back identically and are never longer than Java's own digits`() {
        // Prepare
        val random = Random(42)
        repeat(20_000) {
            val value = Double.fromBits(random.nextLong()).let { if (it.isFinite()) Math.abs(it) else 1.5 }
            // Act
            val text = PriceFormat.json(value)
            val digits = PriceFormat.shortest(value)
            // Assess
            assertEquals(value, text.toDouble(), text)
            assertTrue(digits.precision() <= BigDecimal(value.toString()).stripTrailingZeros().precision(), "$value -> $text")
        }
    }
}
