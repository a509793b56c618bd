package app

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/domain"
)

func TestHealthStripsThePrefixAndReportsTheColdStartOnce(t *testing.T) {
	// Prepare
	h := newHarness(t)

	// Act
	first := h.get("/go/health")
	second := h.get("/go/health")

	// Assess
	if first.status != 200 || !strings.HasPrefix(first.headers.Get("Content-Type"), "application/json") {
		t.Fatalf("health: %d %v %s", first.status, first.headers, first.body)
	}
	body := first.json(t)
	if body["status"] != "ok" || body["runtime"] != "go" || body["version"] != "1.0.0" || body["coldStart"] != true {
		t.Fatalf("first health: %s", first.body)
	}
	if !strings.HasPrefix(body["runtimeVersion"].(string), "go go1.") {
		t.Fatalf("runtimeVersion: %v", body["runtimeVersion"])
	}
	if second.json(t)["coldStart"] != false {
		t.Fatalf("second health: %s", second.body)
	}
}

func TestMetricsCountsInvocations(t *testing.T) {
	// Prepare
	h := newHarness(t)
	h.get("/go/health")

	// Act
	r := h.get("/go/metrics")

	// Assess
	m := r.json(t)
	if r.status != 200 || m["runtime"] != "go" || m["invocations"] != float64(2) || m["coldStart"] != false {
		t.Fatalf("metrics: %d %s", r.status, r.body)
	}
	if m["instanceId"] == "" || m["memory"].(map[string]any)["rssBytes"].(float64) <= 0 || m["uptimeMs"].(float64) < m["initDurationMs"].(float64) {
		t.Fatalf("metrics figures: %s", r.body)
	}
}

func TestCreateThenReadReturnsTheItemAsSent(t *testing.T) {
	// Prepare
	h := newHarness(t)

	// Act
	created := h.post(`{"name":"Espresso <cup> & co","description":"90 ml","price":19.99}`)
	read := h.get("/go/items/" + h.ids[0])

	// Assess
	if created.status != 201 || created.headers.Get("Location") != "/go/items/"+h.ids[0] {
		t.Fatalf("create: %d %v %s", created.status, created.headers, created.body)
	}
	want := `{"id":"` + h.ids[0] + `","name":"Espresso <cup> & co","price":19.99,"createdAt":"2026-01-31T12:00:00.000Z","updatedAt":"2026-01-31T12:00:00.000Z","description":"90 ml"}`
	if created.body != want || read.body != want || read.status != 200 {
		t.Fatalf("bodies:\n%s\n%s\nwant\n%s", created.body, read.body, want)
	}
}

func TestPricesRoundTripExactly(t *testing.T) {
	for _, price := range []string{"19.99", "1234567.891", "5", "0", "1000000000", "0.1"} {
		// Prepare
		h := newHarness(t)

		// Act
		r := h.post(`{"name":"a","price":` + price + `}`)

		// Assess
		if r.status != 201 || !strings.Contains(r.body, `"price":`+price+`,`) {
			t.Errorf("price %s: %d %s", price, r.status, r.body)
		}
	}
}

func TestDescriptionAbsentVersusEmpty(t *testing.T) {
	// Prepare
	h := newHarness(t)

	// Act
	absent := h.post(`{"name":"a","price":1}`)
	empty := h.post(`{"name":"b","description":"","price":1}`)

	// Assess
	if _, has := absent.json(t)["description"]; has {
		t.Errorf("absent description present: %s", absent.body)
	}
	if d, has := empty.json(t)["description"]; !has || d != "" {
		t.Errorf("empty description lost: %s", empty.body)
	}
	if !strings.Contains(h.get("/go/items/"+h.ids[1]).body, `"description":""`) {
		t.Errorf("empty description lost on read")
	}
}

func TestPutReplacesKeepsCreatedAtAndRemovesTheDescription(t *testing.T) {
	// Prepare
	h := newHarness(t)
	h.post(`{"name":"a","description":"old","price":1}`)
	h.now = h.now.Add(90 * 60 * 1e9)

	// Act
	r := h.put(h.ids[0], `{"name":"b","price":2.5}`)

	// Assess
	item := r.json(t)
	if r.status != 200 || item["name"] != "b" || item["price"] != 2.5 || item["createdAt"] != "2026-01-31T12:00:00.000Z" || item["updatedAt"] != "2026-01-31T13:30:00.000Z" {
		t.Fatalf("put: %d %s", r.status, r.body)
	}
	if _, has := item["description"]; has {
		t.Fatalf("description kept: %s", r.body)
	}
	if _, has := h.get("/go/items/" + h.ids[0]).json(t)["description"]; has {
		t.Fatal("description kept in the store")
	}
}

func TestDeleteAnswers204ThenTheItemIsGone(t *testing.T) {
	// Prepare
	h := newHarness(t)
	h.post(`{"name":"a","price":1}`)

	// Act
	deleted := h.invoke(request{method: "DELETE", path: "/go/items/" + h.ids[0]})
	again := h.invoke(request{method: "DELETE", path: "/go/items/" + h.ids[0]})

	// Assess
	if deleted.status != 204 || deleted.body != "" {
		t.Fatalf("delete: %d %q", deleted.status, deleted.body)
	}
	assertProblem(t, again, domain.ItemNotFound, "")
	assertProblem(t, h.get("/go/items/"+h.ids[0]), domain.ItemNotFound, "")
}

func TestNotFoundForItemsAndRoutes(t *testing.T) {
	// Prepare
	h := newHarness(t)
	missing := "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f"

	// Act + Assess
	assertProblem(t, h.get("/go/items/"+missing), domain.ItemNotFound, "")
	assertProblem(t, h.put(missing, `{"name":"a","price":1}`), domain.ItemNotFound, "")
	assertProblem(t, h.get("/go/nothing"), domain.RouteNotFound, "")
	assertProblem(t, h.get("/go/items/"+missing+"/x"), domain.RouteNotFound, "")
	assertProblem(t, h.invoke(request{method: "PATCH", path: "/go/items/" + missing}), domain.RouteNotFound, "")
	assertProblem(t, h.get("/go/health/"), domain.RouteNotFound, "")
	assertProblem(t, h.get("/gopher/health"), domain.RouteNotFound, "")
}

func TestPathIDIsCheckedFirst(t *testing.T) {
	// Prepare
	h := newHarness(t)

	// Act: an invalid id and an invalid body; the id answers.
	r := h.invoke(request{method: "PUT", path: "/go/items/3F5F8C3E-9A4B-4C1D-8E2F-1A2B3C4D5E6F", contentType: "text/plain", body: "x"})

	// Assess
	assertProblem(t, r, domain.ValidationFailed, "/path/id")
	assertProblem(t, h.get("/go/items/not%25a-uuid"), domain.ValidationFailed, "/path/id")
	assertProblem(t, h.get("/go/items/50%"), domain.ValidationFailed, "/path/id")
}

func TestPathIDIsTheSegmentAsSentDecodedOnce(t *testing.T) {
	// Prepare: paths as API Gateway REST passes them, still percent-encoded
	h := newHarness(t)
	missing := "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f"
	invalid := []string{"a%2Fb", missing[:8] + "%2f" + missing[9:], "%2E%2E", "..", missing + "%00", "%C3%A9", missing + "%ZZ", "%FF" + missing, "%"}

	// Act + Assess: escaped unreserved characters are the characters themselves
	assertProblem(t, h.get("/go/items/%33f5f8c3e%2D9a4b-4c1d-8e2f-1a2b3c4d5e6%66"), domain.ItemNotFound, "")
	for _, id := range invalid {
		assertProblem(t, h.invoke(request{method: "DELETE", path: "/go/items/" + id}), domain.ValidationFailed, "/path/id")
	}
}

func TestBodyChecksInTheContractsOrder(t *testing.T) {
	// Prepare
	h := newHarness(t)
	big := `{"name":"` + strings.Repeat("x", 65536) + `","price":1}`
	exactly := `{"name":"a","price":1,"description":"` + strings.Repeat("x", 65536-39) + `"}`
	if len(exactly) != 65536 {
		t.Fatalf("the at-limit body has %d bytes", len(exactly))
	}

	cases := []struct {
		name string
		req  request
		kind domain.ProblemKind
		path string
	}{
		{"over 65536 bytes beats a wrong media type", request{method: "POST", path: "/go/items", contentType: "text/plain", body: big}, domain.PayloadTooLarge, ""},
		{"over 65536 bytes after base64 decoding", request{method: "POST", path: "/go/items", contentType: "application/json", body: base64.StdEncoding.EncodeToString([]byte(big)), base64: true}, domain.PayloadTooLarge, ""},
		{"65536 bytes reaches the schema", request{method: "POST", path: "/go/items", contentType: "application/json", body: exactly}, domain.ValidationFailed, "/body/description"},
		{"missing Content-Type", request{method: "POST", path: "/go/items", body: `{"name":"a","price":1}`}, domain.UnsupportedMediaType, ""},
		{"text/plain", request{method: "POST", path: "/go/items", contentType: "text/plain", body: `{"name":"a","price":1}`}, domain.UnsupportedMediaType, ""},
		{"wrong media type beats malformed JSON", request{method: "PUT", path: "/go/items/3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f", contentType: "application/xml", body: "{"}, domain.UnsupportedMediaType, ""},
		{"malformed JSON", request{method: "POST", path: "/go/items", contentType: "application/json", body: `{"name":`}, domain.MalformedJSON, ""},
		{"empty body", request{method: "POST", path: "/go/items", contentType: "application/json"}, domain.MalformedJSON, ""},
		{"not an object", request{method: "POST", path: "/go/items", contentType: "application/json", body: `[]`}, domain.ValidationFailed, "/body"},
		{"unknown property", request{method: "POST", path: "/go/items", contentType: "application/json", body: `{"name":"a","price":1,"x":1}`}, domain.ValidationFailed, "/body/x"},
		{"unpaired surrogate", request{method: "POST", path: "/go/items", contentType: "application/json", body: `{"name":"\ud800","price":1}`}, domain.ValidationFailed, "/body/name"},
		{"price beyond binary64", request{method: "POST", path: "/go/items", contentType: "application/json", body: `{"name":"a","price":1e400}`}, domain.ValidationFailed, "/body/price"},
		{"price as a string", request{method: "POST", path: "/go/items", contentType: "application/json", body: `{"name":"a","price":"5"}`}, domain.ValidationFailed, "/body/price"},
		{"description null", request{method: "POST", path: "/go/items", contentType: "application/json; charset=utf-8", body: `{"name":"a","price":1,"description":null}`}, domain.ValidationFailed, "/body/description"},
		{"schema before existence", request{method: "PUT", path: "/go/items/3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f", contentType: "application/json", body: `{}`}, domain.ValidationFailed, "/body/name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Act
			r := h.invoke(tc.req)

			// Assess
			assertProblem(t, r, tc.kind, tc.path)
		})
	}
	if len(h.store.items) != 0 {
		t.Fatalf("a rejected request stored something: %v", h.store.items)
	}
}

func TestNameLengthCountsCodePoints(t *testing.T) {
	// Prepare
	h := newHarness(t)
	emoji := "\U0001F600"

	// Act
	accepted := h.post(`{"name":"` + strings.Repeat(emoji, 200) + `","price":1}`)
	rejected := h.post(`{"name":"` + strings.Repeat(emoji, 201) + `","price":1}`)

	// Assess
	if accepted.status != 201 || accepted.json(t)["name"] != strings.Repeat(emoji, 200) {
		t.Fatalf("200 emoji: %d %s", accepted.status, accepted.body)
	}
	assertProblem(t, rejected, domain.ValidationFailed, "/body/name")
}

func TestBase64BodyIsDecoded(t *testing.T) {
	// Prepare
	h := newHarness(t)
	body := base64.StdEncoding.EncodeToString([]byte(`{"name":"b64","price":3}`))

	// Act
	r := h.invoke(request{method: "POST", path: "/go/items", contentType: "application/json", body: body, base64: true})

	// Assess
	if r.status != 201 || r.json(t)["name"] != "b64" {
		t.Fatalf("base64 body: %d %s", r.status, r.body)
	}
}

func TestListQueryParameters(t *testing.T) {
	// Prepare
	h := newHarness(t)
	for _, limit := range []string{"0", "101", "abc", "+5", "5.0", " 5", "1e1", ""} {
		// Act
		r := h.invoke(request{method: "GET", path: "/go/items", query: map[string][]string{"limit": {limit}}})

		// Assess
		assertProblem(t, r, domain.ValidationFailed, "/query/limit")
	}
	for _, token := range []string{"abc", "P1-MPppLTB2OLxorPE1ebx", "P1-MPppLTB2OLxorPE1ebw="} {
		r := h.invoke(request{method: "GET", path: "/go/items", query: map[string][]string{"nextToken": {token}}})
		assertProblem(t, r, domain.ValidationFailed, "/query/nextToken")
	}
	// The last of repeated values counts, and unknown parameters are ignored.
	r := h.invoke(request{method: "GET", path: "/go/items", query: map[string][]string{"limit": {"0", "007"}, "colour": {"red"}}})
	if r.status != 200 || r.body != `{"items":[]}` {
		t.Fatalf("limit=0&limit=007: %d %s", r.status, r.body)
	}
}

func TestListPagesWithNextTokens(t *testing.T) {
	// Prepare
	h := newHarness(t)
	for i := 0; i < 3; i++ {
		h.post(`{"name":"a","price":1}`)
	}

	// Act
	first := h.invoke(request{method: "GET", path: "/go/items", query: map[string][]string{"limit": {"2"}}})
	token, _ := first.json(t)["nextToken"].(string)
	second := h.invoke(request{method: "GET", path: "/go/items", query: map[string][]string{"limit": {"2"}, "nextToken": {token}}})

	// Assess
	if len(first.json(t)["items"].([]any)) != 2 || token == "" {
		t.Fatalf("first page: %s", first.body)
	}
	wantToken, _ := domain.EncodeNextToken(h.ids[1])
	if token != wantToken {
		t.Fatalf("token %s, want %s", token, wantToken)
	}
	page := second.json(t)
	if items := page["items"].([]any); len(items) != 1 || items[0].(map[string]any)["id"] != h.ids[2] {
		t.Fatalf("second page: %s", second.body)
	}
	if _, has := page["nextToken"]; has {
		t.Fatalf("last page has a nextToken: %s", second.body)
	}
}

func TestAFailingStoreAnswersTheInternalErrorProblem(t *testing.T) {
	// Prepare
	h := newHarness(t)
	h.store.failWith = fmt.Errorf("DynamoDB unreachable")

	// Act
	res := h.get("/go/items/3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f")

	// Assess
	assertProblem(t, res, domain.InternalError, "")
}

func TestEveryAnswerCarriesTheInvocationRequestIDOnce(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name string
		req  request
	}{
		{"success", request{method: "GET", path: "/go/health"}},
		{"created", request{method: "POST", path: "/go/items", contentType: "application/json", body: `{"name":"cup","price":1}`}},
		{"problem", request{method: "GET", path: "/go/items/not-a-uuid"}},
		{"unknown route", request{method: "GET", path: "/go/nope"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := h.invoke(c.req)
			// API Gateway merges both maps (the multi-value one wins): one value either way.
			if got := r.headers.Values(RequestIDHeader); len(got) > 1 || (len(got) == 1 && got[0] != harnessRequestID) {
				t.Fatalf("multi-value %s = %v, want at most [%s]", RequestIDHeader, got, harnessRequestID)
			}
			if got := r.single[RequestIDHeader]; got != harnessRequestID {
				t.Fatalf("%s = %q, want %q", RequestIDHeader, got, harnessRequestID)
			}
		})
	}
}
