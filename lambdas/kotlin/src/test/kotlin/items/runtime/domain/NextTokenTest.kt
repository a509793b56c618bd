package items.runtime.domain

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.ValueSource
import java.util.UUID

class NextTokenTest {
    @Test
    fun `the storage layout's example encodes and decodes`() {
        assertEquals("P1-MPppLTB2OLxorPE1ebw", NextToken.encode("3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f"))
        assertEquals("3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f", NextToken.decode("P1-MPppLTB2OLxorPE1ebw"))
    }

    @Test
    fun `every v4 UUID round-trips through a token the contract's pattern admits`() {
        repeat(1000) {
            // Prepare
            val id = UUID.randomUUID().toString()
            // Act
            val token = NextToken.encode(id)
            // Assess
            assertEquals(22, token.length)
            assertEquals(id, NextToken.decode(token))
        }
    }

    @ParameterizedTest
    @ValueSource(
        strings = ["", "abc", "P1-MPppLTB2OLxorPE1ebw=", "P1-MPppLTB2OLxorPE1ebx", "P1-MPppLDB2OLxorPE1ebw", "P1+MPppLTB2OLxorPE1ebw"],
    )
    fun `tokens the API never issued decode to nothing`(token: String) {
        assertNull(NextToken.decode(token))
    }
}
