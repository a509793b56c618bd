package items.runtime.domain

import items.contract.models.ItemInput
import items.contract.models.ProblemError
import kotlinx.serialization.json.JsonElement
import kotlinx.serialization.json.JsonNull
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import java.nio.ByteBuffer
import java.nio.charset.CharacterCodingException
import java.nio.charset.CodingErrorAction
import items.contract.ContractConstants as Contract

/** The contract's request rules, in the order docs/contract.md gives them. */
object Validation {
    // The contract's limits, generated from it (items.contract.ContractConstants).
    const val MAX_BODY_BYTES = Contract.BODY_MAX_BYTES
    const val DEFAULT_LIMIT = Contract.LIST_LIMIT_DEFAULT
    private val ITEM_ID = Regex(Contract.ITEM_ID_PATTERN)
    private val DIGITS = Regex("^[0-9]+$")
    private val INPUT_PROPERTIES = setOf("name", "description", "price")

    /** 1. The path's id: a lowercase UUID v4. */
    fun itemId(raw: String): String {
        if (!ITEM_ID.matches(raw)) throw ProblemException.validation("/path/id", "must be a lowercase UUID v4")
        return raw
    }

    /** 2. GET /items query: limit (digits only, within the contract's range) and nextToken (issued by us). */
    fun listQuery(limit: String?, nextToken: String?): ListQuery {
        val errors = ArrayList<ProblemError>(2)
        var pageSize = DEFAULT_LIMIT
        if (limit != null) {
            // Leading zeros are fine ("007" is 7); strip them before the range check so a
            // long run of zeros cannot overflow an Int (nine digits always fit).
            val significant = limit.trimStart('0')
            if (!DIGITS.matches(limit)) {
                errors += ProblemError("/query/limit", "must be decimal digits")
            } else if (significant.length > 9 || significant.isEmpty() ||
                significant.toInt() !in Contract.LIST_LIMIT_MINIMUM..Contract.LIST_LIMIT_MAXIMUM
            ) {
                errors += ProblemError("/query/limit", "must be between ${Contract.LIST_LIMIT_MINIMUM} and ${Contract.LIST_LIMIT_MAXIMUM}")
            } else {
                pageSize = significant.toInt()
            }
        }
        val startId = nextToken?.let { NextToken.decode(it) }
        if (nextToken != null && startId == null) errors += ProblemError("/query/nextToken", "is not a token this API issued")
        if (errors.isNotEmpty()) throw ProblemException.validation(errors)
        return ListQuery(pageSize, startId)
    }

    /** 3–6. A POST/PUT body: size, media type, JSON, then the ItemInput schema. */
    fun itemInput(body: ByteArray, contentType: String?): ItemInput {
        if (body.size > MAX_BODY_BYTES) {
            throw ProblemException(
                ProblemKind.PayloadTooLarge,
                "The body has ${body.size} bytes; at most $MAX_BODY_BYTES are accepted.",
            )
        }
        val mediaType = contentType?.substringBefore(';')?.trim()
        if (mediaType == null || !mediaType.equals("application/json", ignoreCase = true)) {
            throw ProblemException(ProblemKind.UnsupportedMediaType, "Send the body as application/json.")
        }
        val json = try {
            StrictJson.parse(decodeUtf8(body))
        } catch (e: CharacterCodingException) {
            throw ProblemException(ProblemKind.MalformedJson, "The body is not valid UTF-8.")
        } catch (e: StrictJson.SyntaxError) {
            throw ProblemException(ProblemKind.MalformedJson, "The body is not valid JSON: ${e.message}.")
        }
        return itemInput(json)
    }

    /** 6. The ItemInput schema, one error per broken rule. */
    fun itemInput(json: JsonElement): ItemInput {
        if (json !is JsonObject) throw ProblemException.validation("/body", "must be an object")
        val errors = ArrayList<ProblemError>()
        for (key in json.keys) {
            if (key !in INPUT_PROPERTIES) errors += ProblemError("/body/${pointerEscape(key)}", "is not allowed")
        }
        val name =
            text(
                json["name"],
                "/body/name",
                min = Contract.ITEM_NAME_MIN_LENGTH,
                max = Contract.ITEM_NAME_MAX_LENGTH,
                required = true,
                errors,
            )
        if (name != null && name.codePoints().allMatch(::isEcmaWhiteSpace)) {
            errors += ProblemError("/body/name", "must not be only white space")
        }
        val description =
            text(json["description"], "/body/description", min = 0, max = Contract.ITEM_DESCRIPTION_MAX_LENGTH, required = false, errors)
        val price = price(json["price"], errors)
        if (errors.isNotEmpty()) throw ProblemException.validation(errors)
        return ItemInput(name = name!!, price = price!!, description = description)
    }

    private fun text(value: JsonElement?, path: String, min: Int, max: Int, required: Boolean, errors: MutableList<ProblemError>): String? {
        if (value == null) {
            if (required) errors += ProblemError(path, "is required")
            return null
        }
        if (value !is JsonPrimitive || !value.isString) {
            errors += ProblemError(path, "must be a string")
            return null
        }
        val s = value.content
        if (hasUnpairedSurrogate(s)) {
            errors += ProblemError(path, "must not contain unpaired surrogates")
            return null
        }
        // Code points, as JSON Schema counts them (String.length counts UTF-16 units).
        val length = s.codePointCount(0, s.length)
        if (length < min) errors += ProblemError(path, "must have at least $min character(s)")
        if (length > max) errors += ProblemError(path, "must have at most $max characters")
        return if (length in min..max) s else null
    }

    private fun price(value: JsonElement?, errors: MutableList<ProblemError>): Double? {
        if (value == null) {
            errors += ProblemError("/body/price", "is required")
            return null
        }
        if (value !is JsonPrimitive || value is JsonNull || value.isString || value.content == "true" || value.content == "false") {
            errors += ProblemError("/body/price", "must be a number")
            return null
        }
        // The text passed the JSON number grammar; beyond binary64 range it reads as infinity.
        val number = value.content.toDouble()
        if (number.isInfinite() || number < Contract.PRICE_MINIMUM || number > Contract.PRICE_MAXIMUM) {
            errors +=
                ProblemError(
                    "/body/price",
                    "must be between ${PriceFormat.json(Contract.PRICE_MINIMUM)} and ${PriceFormat.json(Contract.PRICE_MAXIMUM)}",
                )
            return null
        }
        if (number > 0 && number < Contract.PRICE_MINIMUM_POSITIVE) {
            errors +=
                ProblemError(
                    "/body/price",
                    "must be 0 or at least ${PriceFormat.json(Contract.PRICE_MINIMUM_POSITIVE)} (DynamoDB's smallest number)",
                )
            return null
        }
        return number
    }

    private fun decodeUtf8(bytes: ByteArray): String = Charsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString()

    fun hasUnpairedSurrogate(s: String): Boolean {
        var i = 0
        while (i < s.length) {
            val c = s[i]
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length || !Character.isLowSurrogate(s[i + 1])) return true
                i += 2
                continue
            }
            if (Character.isLowSurrogate(c)) return true
            i++
        }
        return false
    }

    /** White space as ECMAScript defines it (the set the contract's name pattern lists). */
    fun isEcmaWhiteSpace(cp: Int): Boolean = when (cp) {
        0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF -> true
        else -> cp in 0x2000..0x200A
    }

    private fun pointerEscape(key: String) = key.replace("~", "~0").replace("/", "~1")
}

/** A validated page request: its size and the id to start after (from the nextToken). */
data class ListQuery(val limit: Int, val startId: String?)
