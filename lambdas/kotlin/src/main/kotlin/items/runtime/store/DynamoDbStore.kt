package items.runtime.store

import com.amazonaws.xray.AWSXRay
import com.amazonaws.xray.interceptors.TracingInterceptor
import items.contract.models.Item
import items.contract.models.ItemInput
import items.runtime.domain.PriceFormat
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.dynamodb.DynamoDbClient
import software.amazon.awssdk.services.dynamodb.model.AttributeValue
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException
import software.amazon.awssdk.services.dynamodb.model.ReturnValue
import java.net.URI

/** The store port on DynamoDB, exactly as docs/storage-layout.md lays the table out. */
class DynamoDbStore(val client: DynamoDbClient, private val table: String) : ItemStore {

    override fun create(item: Item) {
        try {
            client.putItem {
                it.tableName(table)
                    .item(attributesOf(item))
                    .conditionExpression("attribute_not_exists(#id)")
                    .expressionAttributeNames(mapOf("#id" to "id"))
            }
        } catch (e: ConditionalCheckFailedException) {
            throw IllegalStateException("UUID collision on ${item.id}", e)
        }
    }

    override fun get(id: String): Item? {
        val response = client.getItem { it.tableName(table).key(keyOf(id)).consistentRead(true) }
        return if (response.hasItem() && response.item().isNotEmpty()) itemOf(response.item()) else null
    }

    override fun replace(id: String, input: ItemInput, updatedAt: String): Item? {
        val names = mutableMapOf(
            "#id" to "id",
            "#name" to "name",
            "#price" to "price",
            "#updatedAt" to "updatedAt",
            "#description" to "description",
        )
        val values = mutableMapOf(
            ":name" to s(input.name),
            ":price" to n(input.price),
            ":updatedAt" to s(updatedAt),
        )
        var expression = "SET #name = :name, #price = :price, #updatedAt = :updatedAt"
        if (input.description != null) {
            expression += ", #description = :description"
            values[":description"] = s(input.description!!)
        } else {
            expression += " REMOVE #description"
        }
        return try {
            val response = client.updateItem {
                it.tableName(table).key(keyOf(id))
                    .updateExpression(expression)
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)
            }
            itemOf(response.attributes())
        } catch (e: ConditionalCheckFailedException) {
            null
        }
    }

    override fun delete(id: String): Boolean = try {
        client.deleteItem {
            it.tableName(table).key(keyOf(id))
                .conditionExpression("attribute_exists(#id)")
                .expressionAttributeNames(mapOf("#id" to "id"))
        }
        true
    } catch (e: ConditionalCheckFailedException) {
        false
    }

    override fun list(limit: Int, startId: String?): ItemPage {
        val response = client.scan {
            it.tableName(table).limit(limit).consistentRead(true)
            if (startId != null) it.exclusiveStartKey(keyOf(startId))
        }
        val last = if (response.hasLastEvaluatedKey()) response.lastEvaluatedKey()["id"]?.s() else null
        return ItemPage(response.items().map(::itemOf), last)
    }

    companion object {
        /**
         * The client, made once at init from TABLE_NAME / AWS_REGION / DYNAMODB_ENDPOINT.
         * url-connection HTTP client and explicit region and credentials: no classpath scan
         * for HTTP clients, no provider chain walk (see docs/runtimes/kotlin.md).
         */
        fun fromEnvironment(env: Map<String, String> = System.getenv()): DynamoDbStore {
            val endpoint = env["DYNAMODB_ENDPOINT"]?.takeIf { it.isNotBlank() }
            val builder = DynamoDbClient.builder()
                .region(Region.of(env["AWS_REGION"] ?: "us-east-1"))
                .credentialsProvider(credentials(env, endpoint))
            // SDK_HTTP_CLIENT=auto lets the SDK pick whichever HTTP client is on the classpath:
            // only bench/http-clients.sh uses it, to time the alternatives in the same code.
            if (env["SDK_HTTP_CLIENT"] != "auto") builder.httpClient(UrlConnectionHttpClient.builder().build())
            if (endpoint != null) builder.endpointOverride(URI.create(endpoint))
            // X-Ray: a subsegment per call, sent to the daemon only when the invocation is sampled.
            // The global recorder is built here, at init, rather than at the first call.
            AWSXRay.getGlobalRecorder()
            builder.overrideConfiguration { it.addExecutionInterceptor(TracingInterceptor()) }
            val table = env["TABLE_NAME"] ?: error("TABLE_NAME is not set")
            return DynamoDbStore(builder.build(), table)
        }

        private fun credentials(env: Map<String, String>, endpoint: String?): AwsCredentialsProvider = when {
            env["AWS_ACCESS_KEY_ID"] != null -> EnvironmentVariableCredentialsProvider.create()
            // A local DynamoDB (dynalite) accepts any signature.
            endpoint != null -> StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
            else -> DefaultCredentialsProvider.builder().build()
        }

        fun attributesOf(item: Item): Map<String, AttributeValue> {
            val map = LinkedHashMap<String, AttributeValue>(8)
            map["id"] = s(item.id)
            map["name"] = s(item.name)
            item.description?.let { map["description"] = s(it) }
            map["price"] = n(item.price)
            map["createdAt"] = s(item.createdAt)
            map["updatedAt"] = s(item.updatedAt)
            return map
        }

        fun itemOf(map: Map<String, AttributeValue>): Item = Item(
            id = map.getValue("id").s(),
            name = map.getValue("name").s(),
            price = map.getValue("price").n().toDouble(),
            createdAt = map.getValue("createdAt").s(),
            updatedAt = map.getValue("updatedAt").s(),
            description = map["description"]?.s(),
        )

        private fun keyOf(id: String) = mapOf("id" to s(id))
        private fun s(value: String): AttributeValue = AttributeValue.builder().s(value).build()
        private fun n(value: Double): AttributeValue = AttributeValue.builder().n(PriceFormat.dynamo(value)).build()
    }
}
