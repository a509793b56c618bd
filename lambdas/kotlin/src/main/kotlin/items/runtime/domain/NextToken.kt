package items.runtime.domain

import items.contract.ContractConstants
import java.util.Base64

/**
 * The nextToken of docs/storage-layout.md: base64url without padding of the 16 bytes of the
 * last evaluated id (a UUID v4). The contract's pattern admits exactly the tokens that decode
 * to a v4 UUID and re-encode to themselves.
 */
object NextToken {
    val PATTERN = Regex(ContractConstants.NEXT_TOKEN_PATTERN)

    fun encode(id: String): String {
        val hex = id.replace("-", "")
        require(hex.length == 32) { "not a UUID: $id" }
        val bytes = ByteArray(16) { i -> hex.substring(2 * i, 2 * i + 2).toInt(16).toByte() }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
    }

    /** The id a token stands for, or null when the API never issued such a token. */
    fun decode(token: String): String? {
        if (!PATTERN.matches(token)) return null
        val bytes = Base64.getUrlDecoder().decode(token)
        val hex = StringBuilder(36)
        bytes.forEachIndexed { i, b ->
            if (i == 4 || i == 6 || i == 8 || i == 10) hex.append('-')
            hex.append(HEX[(b.toInt() shr 4) and 0xf]).append(HEX[b.toInt() and 0xf])
        }
        return hex.toString()
    }

    private const val HEX = "0123456789abcdef"
}
