package items.runtime.app

import io.ktor.http.ContentType
import io.ktor.http.HttpHeaders
import io.ktor.http.HttpStatusCode
import io.ktor.serialization.kotlinx.json.json
import io.ktor.server.application.Application
import io.ktor.server.application.ApplicationCall
import io.ktor.server.application.ApplicationCallPipeline
import io.ktor.server.application.call
import io.ktor.server.application.install
import io.ktor.server.plugins.contentnegotiation.ContentNegotiation
import io.ktor.server.plugins.statuspages.StatusPages
import io.ktor.server.request.httpMethod
import io.ktor.server.request.path
import io.ktor.server.request.receive
import io.ktor.server.response.header
import io.ktor.server.response.respond
import io.ktor.server.response.respondText
import io.ktor.server.routing.delete
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.put
import io.ktor.server.routing.route
import io.ktor.server.routing.routing
import io.ktor.utils.io.InternalAPI
import items.runtime.domain.ItemRules
import items.runtime.domain.NextToken
import items.runtime.domain.ProblemException
import items.runtime.domain.ProblemKind
import items.runtime.domain.Validation
import items.runtime.store.ItemStore
import org.slf4j.LoggerFactory

private val PROBLEM_JSON = ContentType("application", "problem+json")
private val LOG = LoggerFactory.getLogger("items.runtime.app.ItemsApp")

/** The Ktor application: the contract's routes at the root, JSON through content negotiation. */
fun Application.itemsModule(store: ItemStore, instance: Instance, rules: ItemRules = ItemRules()) {
    install(ContentNegotiation) { json(Render.json) }

    // One representation per answer, as in the other runtimes: Accept is not negotiated.
    // Left in place, ContentNegotiation would answer 406 to `Accept: text/html` and fail on
    // an unparsable Accept.
    intercept(ApplicationCallPipeline.Setup) {
        @OptIn(InternalAPI::class)
        call.request.setHeader(HttpHeaders.Accept, null)
    }

    // Contract violations become problem+json; anything else is a fault of the server:
    // logged, and answered as the contract's internal-error problem without internals.
    install(StatusPages) {
        exception<ProblemException> { call, problem -> call.respondProblem(problem) }
        exception<Exception> { call, fault ->
            LOG.error("unhandled error: ${call.request.httpMethod.value} ${call.request.path()}", fault)
            call.respondProblem(ProblemException(ProblemKind.InternalError, "The server failed to answer; see its log."))
        }
    }

    routing {
        get("/health") { call.respond(Render.health(instance)) }
        get("/metrics") { call.respond(Render.metrics(instance)) }
        route("/items") {
            get {
                val query = call.request.queryParameters
                val page = Validation.listQuery(query.getAll("limit")?.lastOrNull(), query.getAll("nextToken")?.lastOrNull())
                    .let { store.list(it.limit, it.startId) }
                call.respond(Render.itemList(page.items, page.lastEvaluatedId?.let(NextToken::encode)))
            }
            post {
                val input = Validation.itemInput(call.receive<ByteArray>(), call.request.headers[HttpHeaders.ContentType])
                val item = rules.create(input)
                store.create(item)
                call.response.header(HttpHeaders.Location, "/${instance.runtime}/items/${item.id}")
                call.respond(HttpStatusCode.Created, Render.item(item))
            }
            route("/{id}") {
                get {
                    val id = Validation.itemId(call.parameters["id"]!!)
                    call.respond(Render.item(store.get(id) ?: throw notFound(id)))
                }
                put {
                    val id = Validation.itemId(call.parameters["id"]!!)
                    val input = Validation.itemInput(call.receive<ByteArray>(), call.request.headers[HttpHeaders.ContentType])
                    call.respond(Render.item(store.replace(id, input, rules.now()) ?: throw notFound(id)))
                }
                delete {
                    val id = Validation.itemId(call.parameters["id"]!!)
                    if (!store.delete(id)) throw notFound(id)
                    call.respond(HttpStatusCode.NoContent)
                }
            }
        }
        // Only direct invocations get here: the gateway answers unknown routes itself.
        route("{...}") {
            handle {
                throw ProblemException(
                    ProblemKind.RouteNotFound,
                    "No route ${call.request.httpMethod.value} ${call.request.path()}.",
                )
            }
        }
    }
}

private fun notFound(id: String) = ProblemException(ProblemKind.ItemNotFound, "No item with id $id.")

private suspend fun ApplicationCall.respondProblem(problem: ProblemException) =
    respondText(Render.json.encodeToString(Render.problem(problem)), PROBLEM_JSON, HttpStatusCode.fromValue(problem.kind.status))
