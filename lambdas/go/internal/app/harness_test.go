package app

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/domain"
)

// harness invokes the app in-process exactly as Lambda would: API Gateway REST (v1)
// proxy events through the Lambda handler (adapter and prefix stripping included).
type harness struct {
	t       *testing.T
	store   *fakeStore
	handler LambdaHandler
	ids     []string
	now     time.Time
}

func newHarness(t *testing.T) *harness {
	h := &harness{t: t, store: newFakeStore(), now: time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)}
	next := 0
	engine := New(Deps{
		Store:    h.store,
		Instance: NewInstance(time.Now()),
		Now:      func() time.Time { return h.now },
		NewID: func() string {
			next++
			id := fmt.Sprintf("00000000-0000-4000-8000-%012d", next)
			h.ids = append(h.ids, id)
			return id
		},
	})
	h.handler = NewLambdaHandler(engine, "/go")
	return h
}

type request struct {
	method      string
	path        string // as the gateway passes it, prefix included
	query       map[string][]string
	contentType string // empty: no Content-Type header
	body        string
	base64      bool
}

// harnessRequestID is the Lambda request id every harness invocation carries.
const harnessRequestID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"

type response struct {
	status  int
	headers http.Header
	single  map[string]string // the single-value header map
	body    string
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("response body is not a JSON object: %v: %q", err, r.body)
	}
	return v
}

func (h *harness) invoke(req request) response {
	h.t.Helper()
	headers := map[string]string{"Host": "abc.execute-api.us-east-1.amazonaws.com", "Accept": "*/*"}
	if req.contentType != "" {
		headers["Content-Type"] = req.contentType
	}
	multiHeaders := map[string][]string{}
	for k, v := range headers {
		multiHeaders[k] = []string{v}
	}
	query := map[string]string{}
	for k, v := range req.query {
		query[k] = v[len(v)-1]
	}
	event := events.APIGatewayProxyRequest{
		Resource:                        "/go/{proxy+}",
		Path:                            req.path,
		HTTPMethod:                      req.method,
		Headers:                         headers,
		MultiValueHeaders:               multiHeaders,
		QueryStringParameters:           query,
		MultiValueQueryStringParameters: req.query,
		Body:                            req.body,
		IsBase64Encoded:                 req.base64,
		RequestContext: events.APIGatewayProxyRequestContext{
			RequestID: "req-1", Stage: "local", DomainName: "abc.execute-api.us-east-1.amazonaws.com", HTTPMethod: req.method,
		},
	}
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: harnessRequestID})
	out, err := h.handler(ctx, event)
	if err != nil {
		h.t.Fatalf("%s %s: handler error: %v", req.method, req.path, err)
	}
	return response{status: out.StatusCode, headers: http.Header(out.MultiValueHeaders), single: out.Headers, body: out.Body}
}

func (h *harness) post(body string) response {
	return h.invoke(request{method: "POST", path: "/go/items", contentType: "application/json", body: body})
}

func (h *harness) put(id, body string) response {
	return h.invoke(request{method: "PUT", path: "/go/items/" + id, contentType: "application/json", body: body})
}

func (h *harness) get(path string) response {
	return h.invoke(request{method: "GET", path: path})
}

// assertProblem checks status, problem+json and the type/title triple (and the error path when given).
func assertProblem(t *testing.T, r response, kind domain.ProblemKind, errorPath string) {
	t.Helper()
	if r.status != kind.Status {
		t.Fatalf("status %d, want %d: %s", r.status, kind.Status, r.body)
	}
	if ct := r.headers.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("Content-Type %q, want application/problem+json", ct)
	}
	p := r.json(t)
	if p["type"] != kind.Type || p["title"] != kind.Title || p["status"] != float64(kind.Status) {
		t.Fatalf("problem %v, want %+v", p, kind)
	}
	if errorPath == "" {
		return
	}
	errs, _ := p["errors"].([]any)
	for _, e := range errs {
		if e.(map[string]any)["path"] == errorPath {
			return
		}
	}
	t.Fatalf("no error at %s: %s", errorPath, r.body)
}
