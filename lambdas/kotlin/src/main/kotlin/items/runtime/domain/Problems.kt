package items.runtime.domain

import items.contract.ProblemType
import items.contract.models.Problem
import items.contract.models.ProblemError

/**
 * The contract's kinds of problem: type, title and status come from the catalogue generated
 * from the contract (items.contract.ProblemType, x-problem-types), identical in every runtime.
 */
enum class ProblemKind(catalogue: ProblemType) {
    MalformedJson(ProblemType.MalformedJson),
    ValidationFailed(ProblemType.ValidationFailed),
    ItemNotFound(ProblemType.ItemNotFound),
    RouteNotFound(ProblemType.RouteNotFound),
    PayloadTooLarge(ProblemType.PayloadTooLarge),
    UnsupportedMediaType(ProblemType.UnsupportedMediaType),
    InternalError(ProblemType.InternalError),
    ;

    /** The generated model's enum entry (codegen checks every catalogue type is in it). */
    val type: Problem.Type = Problem.Type.entries.first { it.value == catalogue.type }
    val title: String = catalogue.title
    val status: Int = catalogue.status
}

/**
 * A request that breaks the contract. Thrown by the domain checks, answered by the app as
 * application/problem+json. No stack trace: it is an answer, not a bug.
 */
class ProblemException(val kind: ProblemKind, detail: String, val errors: List<ProblemError>? = null) :
    RuntimeException(detail, null, false, false) {
    fun toProblem(): Problem = Problem(kind.type, kind.title, kind.status, message, errors)

    companion object {
        fun validation(errors: List<ProblemError>) =
            ProblemException(ProblemKind.ValidationFailed, "The request does not match the contract.", errors)

        fun validation(path: String, message: String) = validation(listOf(ProblemError(path, message)))
    }
}
