// Package domain holds the contract's rules, independent of HTTP, Gin and DynamoDB:
// problem types, request and value validation, item rules and the nextToken encoding
// (docs/contract.md, docs/storage-layout.md).
package domain

import "fmt"

// ProblemKind is the type/title/status triple that every runtime answers for one mistake.
type ProblemKind struct {
	Type   string
	Title  string
	Status int
}

const problemPrefix = "urn:problem:multi-runtime-benchmark:"

// The problem catalogue of docs/contract.md.
var (
	MalformedJSON        = ProblemKind{problemPrefix + "malformed-json", "Malformed JSON body", 400}
	ValidationFailed     = ProblemKind{problemPrefix + "validation-failed", "Request validation failed", 400}
	ItemNotFound         = ProblemKind{problemPrefix + "not-found", "Item not found", 404}
	RouteNotFound        = ProblemKind{problemPrefix + "not-found", "Route not found", 404}
	PayloadTooLarge      = ProblemKind{problemPrefix + "payload-too-large", "Payload too large", 413}
	UnsupportedMediaType = ProblemKind{problemPrefix + "unsupported-media-type", "Unsupported media type", 415}
	// InternalError is the server's own fault (the store is down, say), never bad input.
	InternalError = ProblemKind{problemPrefix + "internal-error", "Internal error", 500}
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
