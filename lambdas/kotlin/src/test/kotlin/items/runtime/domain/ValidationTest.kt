package items.runtime.domain

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource

class ValidationTest {
    private fun input(json: String) = Validation.itemInput(json.toByteArray(), "application/json")

    private fun failure(json: String): ProblemException = assertThrows(ProblemException::class.java) { input(json) }

    @Test
    fun `a valid input keeps every value exactly`() {
        // Act
        val parsed = input("""{"name":" Café\u0301 ","description":"","price":19.99}""")
        // Assess
        assertEquals(" Café\u0301 ", parsed.name)
        assertEquals("", parsed.description)
        assertEquals(19.99, parsed.price)
    }

    @Test
    fun `with duplicate keys the last one wins`() {
        assertEquals("second", input("""{"name":"first","name":"second","price":1}""").name)
    }

    @Test
    fun `names count code points, not UTF-16 units`() {
        assertEquals(200, input("""{"name":"${"𝄞".repeat(200)}","price":0}""").name.codePointCount(0, 400))
        assertEquals(listOf("/body/name"), failure("""{"name":"${"𝄞".repeat(201)}","price":0}""").errors!!.map { it.path })
    }

    @ParameterizedTest
    @ValueSource(strings = ["\\ud800", "a\\udc00", "\\udc00\\ud800"])
    fun `unpaired surrogates are rejected in name and description`(escaped: String) {
        assertEquals(ProblemKind.ValidationFailed, failure("""{"name":"$escaped","price":1}""").kind)
        assertEquals("/body/description", failure("""{"name":"a","description":"$escaped","price":1}""").errors!!.single().path)
    }

    @Test
    fun `a paired surrogate escape is a character`() {
        assertEquals("😀", input("""{"name":"\ud83d\ude00","price":1}""").name)
    }

    @Test
    fun `every broken rule is listed`() {
        // Act
        val problem = failure("""{"name":"","description":5,"price":"1","x":1}""")
        // Assess
        assertEquals(setOf("/body/name", "/body/description", "/body/price", "/body/x"), problem.errors!!.map { it.path }.toSet())
    }

    @Test
    fun `white space per ECMAScript, only-space names fail, other characters pass`() {
        assertEquals("/body/name", failure("""{"name":"\u00a0\u2003\ufeff\u3000","price":1}""").errors!!.single().path)
        assertEquals("\u200b", input("""{"name":"\u200b","price":1}""").name) // zero width space is not white space
    }

    @Test
    fun `price bounds are inclusive`() {
        assertEquals(0.0, input("""{"name":"a","price":0}""").price)
        assertEquals(1e9, input("""{"name":"a","price":1e9}""").price)
        assertEquals("/body/price", failure("""{"name":"a","price":1000000000.0000001}""").errors!!.single().path)
    }

    @Test
    fun `a positive price below DynamoDB's smallest number is refused`() {
        assertEquals(1e-130, input("""{"name":"a","price":1e-130}""").price)
        assertEquals("/body/price", failure("""{"name":"a","price":5e-324}""").errors!!.single().path)
        assertEquals("/body/price", failure("""{"name":"a","price":9.999999999999999e-131}""").errors!!.single().path)
    }

    @ParameterizedTest
    @ValueSource(
        strings = [
            "", " ", "{", "{}}", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1", "NaN", "Infinity", "\"\t\"", "{\"a\" 1}", "tru",
            "\"\\x\"",
        ],
    )
    fun `strict JSON grammar`(text: String) {
        assertThrows(StrictJson.SyntaxError::class.java) { StrictJson.parse(text) }
    }

    @Test
    fun `deep nesting parses without overflowing the stack`() {
        // Prepare
        val deep = "[".repeat(30_000) + "]".repeat(30_000)
        // Act / Assess: a 400 validation failure, never a crash.
        val problem = assertThrows(ProblemException::class.java) { input("""{"name":"a","price":1,"deep":$deep}""") }
        assertEquals("/body/deep", problem.errors!!.single().path)
    }

    @Test
    fun `limit and nextToken`() {
        assertEquals(ListQuery(20, null), Validation.listQuery(null, null))
        assertEquals(7, Validation.listQuery("007", null).limit)
        assertEquals(100, Validation.listQuery("0000000000000000000000100", null).limit)
        assertEquals("3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f", Validation.listQuery("1", "P1-MPppLTB2OLxorPE1ebw").startId)
        val both = assertThrows(ProblemException::class.java) { Validation.listQuery("99999999999999999999", "x") }
        assertEquals(listOf("/query/limit", "/query/nextToken"), both.errors!!.map { it.path })
    }

    @Test
    fun `media type and size rules`() {
        assertEquals(
            ProblemKind.UnsupportedMediaType,
            assertThrows(ProblemException::class.java) {
                Validation.itemInput(ByteArray(0), "application/jsonx")
            }.kind,
        )
        assertEquals(
            ProblemKind.MalformedJson,
            assertThrows(ProblemException::class.java) {
                Validation.itemInput(ByteArray(0), "application/json")
            }.kind,
        )
        assertEquals(
            ProblemKind.PayloadTooLarge,
            assertThrows(ProblemException::class.java) {
                Validation.itemInput(ByteArray(65537), null)
            }.kind,
        )
        assertNull(Validation.itemInput(ByteArray(0).let { """{"name":"a","price":1}""".toByteArray() }, "application/json").description)
    }
}
