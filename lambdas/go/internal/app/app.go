// Package app is the Gin application: the contract's routes at the root (/health,
// /items, ...), each check in the contract's order. The Lambda entry strips the
// runtime's prefix before a request reaches it.
package app

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/google/uuid"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/domain"
	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/store"
)

// Deps are what the app needs; Now and NewID default to the clock and UUID v4.
type Deps struct {
	Store    store.Store
	Instance *Instance
	Now      func() time.Time
	NewID    func() string
}

type handlers struct {
	Deps
}

const invocationKey = "invocation"

// New builds the Gin engine.
func New(deps Deps) *gin.Engine {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.NewID == nil {
		deps.NewID = uuid.NewString
	}
	gin.SetMode(gin.ReleaseMode) // no debug route listing on the cold path
	engine := gin.New()
	// A path the contract does not have is a 404 problem, never a redirect.
	engine.RedirectTrailingSlash = false
	engine.RedirectFixedPath = false
	engine.Use(gin.CustomRecovery(func(c *gin.Context, err any) {
		slog.ErrorContext(c.Request.Context(), "panic", "error", fmt.Sprint(err))
		writeServerError(c)
	}))
	h := handlers{deps}
	engine.Use(func(c *gin.Context) { c.Set(invocationKey, deps.Instance.invoked()) })
	engine.GET("/health", h.health)
	engine.GET("/metrics", h.metrics)
	engine.GET("/items", h.listItems)
	engine.POST("/items", h.createItem)
	engine.GET("/items/:id", h.getItem)
	engine.PUT("/items/:id", h.replaceItem)
	engine.DELETE("/items/:id", h.deleteItem)
	engine.NoRoute(func(c *gin.Context) {
		writeProblem(c, &domain.Problem{Kind: domain.RouteNotFound, Detail: "No route " + c.Request.Method + " " + c.Request.URL.Path + "."})
	})
	return engine
}

func (h handlers) health(c *gin.Context) {
	writeJSON(c, http.StatusOK, "application/json", h.Instance.health(c.GetInt64(invocationKey)))
}

func (h handlers) metrics(c *gin.Context) {
	writeJSON(c, http.StatusOK, "application/json", h.Instance.metrics(c.GetInt64(invocationKey)))
}

// lastQueryValue is the last value of a repeated parameter, as API Gateway's queryStringParameters has it.
func lastQueryValue(c *gin.Context, name string) (string, bool) {
	values, ok := c.Request.URL.Query()[name]
	if !ok || len(values) == 0 {
		return "", false
	}
	return values[len(values)-1], true
}

func (h handlers) listItems(c *gin.Context) {
	limit, problem := domain.ParseLimit(lastQueryValue(c, "limit"))
	if problem != nil {
		writeProblem(c, problem)
		return
	}
	startAfter := ""
	if token, present := lastQueryValue(c, "nextToken"); present {
		if startAfter, problem = domain.ParseNextToken(token); problem != nil {
			writeProblem(c, problem)
			return
		}
	}
	page, err := h.Store.List(c.Request.Context(), limit, startAfter)
	if err != nil {
		h.fail(c, err)
		return
	}
	view := itemListView{Items: make([]itemView, 0, len(page.Items))}
	for _, item := range page.Items {
		view.Items = append(view.Items, viewOf(item))
	}
	if page.LastID != "" {
		if view.NextToken, err = domain.EncodeNextToken(page.LastID); err != nil {
			h.fail(c, err) // a key this API never wrote: the table holds something foreign
			return
		}
	}
	writeJSON(c, http.StatusOK, "application/json", view)
}

func (h handlers) createItem(c *gin.Context) {
	input, problem := readItemInput(c)
	if problem != nil {
		writeProblem(c, problem)
		return
	}
	item := domain.NewItem(h.NewID(), input, h.Now())
	if err := h.Store.Create(c.Request.Context(), item); err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Location", "/"+domain.RuntimeName+"/items/"+item.ID)
	writeJSON(c, http.StatusCreated, "application/json", viewOf(item))
}

func (h handlers) getItem(c *gin.Context) {
	id, ok := pathID(c)
	if !ok {
		return
	}
	item, err := h.Store.Get(c.Request.Context(), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, "application/json", viewOf(item))
}

func (h handlers) replaceItem(c *gin.Context) {
	id, ok := pathID(c)
	if !ok {
		return
	}
	input, problem := readItemInput(c)
	if problem != nil {
		writeProblem(c, problem)
		return
	}
	item, err := h.Store.Replace(c.Request.Context(), id, input, domain.Timestamp(h.Now()))
	if err != nil {
		h.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, "application/json", viewOf(item))
}

func (h handlers) deleteItem(c *gin.Context) {
	id, ok := pathID(c)
	if !ok {
		return
	}
	if err := h.Store.Delete(c.Request.Context(), id); err != nil {
		h.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// pathID validates the id path parameter and answers the problem itself when it is invalid.
func pathID(c *gin.Context) (string, bool) {
	id := c.Param("id")
	if problem := domain.ValidateID(id); problem != nil {
		writeProblem(c, problem)
		return "", false
	}
	return id, true
}

// readItemInput applies checks 3 to 6 of the contract's order to the body.
func readItemInput(c *gin.Context) (domain.ItemInput, *domain.Problem) {
	// Read one byte past the limit: enough to know the body is too large without holding more.
	body, err := io.ReadAll(io.LimitReader(c.Request.Body, domain.MaxBodyBytes+1))
	if err != nil {
		return domain.ItemInput{}, &domain.Problem{Kind: domain.MalformedJSON, Detail: "The body could not be read."}
	}
	size := len(body)
	if c.Request.ContentLength > int64(size) {
		size = int(c.Request.ContentLength)
	}
	if problem := domain.CheckBodySize(size); problem != nil {
		return domain.ItemInput{}, problem
	}
	contentType, present := c.Request.Header["Content-Type"]
	if problem := domain.CheckMediaType(firstOf(contentType), present); problem != nil {
		return domain.ItemInput{}, problem
	}
	return domain.ParseItemInput(body)
}

func firstOf(values []string) string {
	if len(values) == 0 {
		return ""
	}
	return values[0]
}

// fail answers a store error: ErrNotFound is the contract's 404, anything else a 500.
func (h handlers) fail(c *gin.Context, err error) {
	if errors.Is(err, store.ErrNotFound) {
		writeProblem(c, domain.NotFound(c.Param("id")))
		return
	}
	slog.ErrorContext(c.Request.Context(), "unhandled error", "method", c.Request.Method, "path", c.Request.URL.Path, "error", err.Error())
	writeServerError(c)
}
