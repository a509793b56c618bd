package app

import (
	"bytes"
	"encoding/json"
	"log/slog"

	"github.com/gin-gonic/gin"
	"github.com/multi-runtime-api-benchmark/contract/contract"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/domain"
)

// itemView is the generated contract.Item with its Description replaced: the generated
// field is `string` with omitempty, which would drop a description that is the empty
// string. The outer field shadows the embedded one in encoding/json, so the response has
// exactly the contract's properties, with description absent only when the item has none.
type itemView struct {
	contract.Item
	Description *string `json:"description,omitempty"`
}

// itemListView is the generated contract.ItemList with its items shown as itemView
// (Items first, so that the page reads items, then nextToken).
type itemListView struct {
	Items []itemView `json:"items"`
	contract.ItemList
}

func viewOf(item domain.Item) itemView {
	return itemView{
		Item: contract.Item{
			Id: item.ID, Name: item.Name, Price: item.Price, CreatedAt: item.CreatedAt, UpdatedAt: item.UpdatedAt,
		},
		Description: item.Description,
	}
}

// writeJSON writes v without HTML escaping, so strings come back exactly as sent
// (encoding/json would otherwise write "<" as "\u003c").
func writeJSON(c *gin.Context, status int, contentType string, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		slog.ErrorContext(c.Request.Context(), "encoding response", "error", err.Error())
		writeServerError(c)
		return
	}
	c.Data(status, contentType, bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func writeProblem(c *gin.Context, p *domain.Problem) {
	body := contract.Problem{Type: p.Kind.Type, Title: p.Kind.Title, Status: int32(p.Kind.Status), Detail: p.Detail}
	for _, e := range p.Errors {
		body.Errors = append(body.Errors, contract.ProblemError{Path: e.Path, Message: e.Message})
	}
	writeJSON(c, p.Kind.Status, "application/problem+json", body)
}

// writeServerError answers a failure that is not the client's (the store is down, say)
// with the contract's internal-error problem.
func writeServerError(c *gin.Context) {
	writeProblem(c, &domain.Problem{Kind: domain.InternalError, Detail: "The server failed to answer; the request may be retried."})
}
