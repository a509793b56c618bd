package items.runtime.domain

import items.contract.models.Problem
import items.contract.models.ProblemError

/** The contract's kinds of problem: type, title and status are identical in every runtime. */
enum class ProblemKind(val type: Problem.Type, val title: String, val status: Int) {
    MalformedJson(Problem.Type.urnColonProblemColonMultiMinusRuntimeMinusBenchmarkColonMalformedMinusJson, "Malformed JSON body", 400),
    ValidationFailed(Problem.Type.urnColonProblemColonMultiMinusRuntimeMinusBenchmarkColonValidationMinusFailed, "Request validation failed", 400),
    ItemNotFound(Problem.Type.urnColonProblemColonMultiMinusRuntimeMinusBenchmarkColonNotMinusFound, "Item not found", 404),
    RouteNotFound(Problem.Type.urnColonProblemColonMultiMinusRuntimeMinusBenchmarkColonNotMinusFound, "Route not found", 404),
    PayloadTooLarge(Problem.Type.urnColonProblemColonMultiMinusRuntimeMinusBenchmarkColonPayloadMinusTooMinusLarge, "Payload too large", 413),
    UnsupportedMediaType(Problem.Type.urnColonProblemColonMultiMinusRuntimeMinusBenchmarkColonUnsupportedMinusMediaMinusType, "Unsupported media type", 415),
    InternalError(Problem.Type.urnColonProblemColonMultiMinusRuntimeMinusBenchmarkColonInternalMinusError, "Internal error", 500),
}

/**
 * A request that breaks the contract. Thrown by the domain checks, answered by the app as
 * application/problem+json. No stack trace: it is an answer, not a bug.
 */
class ProblemException(
    val kind: ProblemKind,
    detail: String,
    val errors: List<ProblemError>? = null,
) : RuntimeException(detail, null, false, false) {
    fun toProblem(): Problem = Problem(kind.type, kind.title, kind.status, message, errors)

    companion object {
        fun validation(errors: List<ProblemError>) =
            ProblemException(ProblemKind.ValidationFailed, "The request does not match the contract.", errors)

        fun validation(path: String, message: String) = validation(listOf(ProblemError(path, message)))
    }
}
