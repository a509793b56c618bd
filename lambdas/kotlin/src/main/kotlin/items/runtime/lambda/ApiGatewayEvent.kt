package items.runtime.lambda

import kotlinx.serialization.Serializable

/** The fields of an API Gateway REST (v1) proxy event that the adapter reads. */
@Serializable
data class ApiGatewayRequest(
    val httpMethod: String,
    val path: String,
    val headers: Map<String, String?>? = null,
    val multiValueHeaders: Map<String, List<String>?>? = null,
    val queryStringParameters: Map<String, String?>? = null,
    val multiValueQueryStringParameters: Map<String, List<String>?>? = null,
    val body: String? = null,
    val isBase64Encoded: Boolean = false,
)

/** A proxy integration response. */
@Serializable
data class ApiGatewayResponse(
    val statusCode: Int,
    val headers: Map<String, String>,
    val multiValueHeaders: Map<String, List<String>>? = null,
    val body: String,
    val isBase64Encoded: Boolean = false,
)
