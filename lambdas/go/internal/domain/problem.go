// Package domain holds the contract's rules, independent of HTTP, Gin and DynamoDB:
// problem types, request and value validation, item rules and the nextToken encoding
// (docs/contract.md, docs/storage-layout.md).
package domain

import (
	"fmt"

	"github.com/multi-runtime-api-benchmark/contract/contract"
)

// ProblemKind is the type/title/status triple that every runtime answers for one mistake:
// an entry of the contract's problem catalogue (x-problem-types, generated).
type ProblemKind = contract.ProblemType

// The problem catalogue, by the names this package uses; the values are the contract's.
var (
	MalformedJSON        = contract.ProblemMalformedJson
	ValidationFailed     = contract.ProblemValidationFailed
	ItemNotFound         = contract.ProblemItemNotFound
	RouteNotFound        = contract.ProblemRouteNotFound
	PayloadTooLarge      = contract.ProblemPayloadTooLarge
	UnsupportedMediaType = contract.ProblemUnsupportedMediaType
	// InternalError is the server's own fault (the store is down, say), never bad input.
	InternalError = contract.ProblemInternalError
)

// FieldError is one broken rule, located by a JSON Pointer rooted at the request part.
type FieldError struct {
	Path    string
	Message string
}

// Problem is an answer the contract lists as an error; the app renders it as problem+json.
type Problem struct {
	Kind   ProblemKind
	Detail string
	Errors []FieldError
}

func (p *Problem) Error() string { return fmt.Sprintf("%s: %s", p.Kind.Title, p.Detail) }

// Invalid is a validation-failed problem with the given broken rules.
func Invalid(detail string, errs ...FieldError) *Problem {
	return &Problem{Kind: ValidationFailed, Detail: detail, Errors: errs}
}

// NotFound is the problem for an id that names no item.
func NotFound(id string) *Problem {
	return &Problem{Kind: ItemNotFound, Detail: "No item with id " + id + "."}
}
