package domain

import (
	"strings"
	"testing"
)

func TestParseItemInputAcceptsAValidBody(t *testing.T) {
	// Prepare
	body := []byte(`{"name":"Espresso cup","description":"90 ml","price":19.99}`)

	// Act
	input, problem := ParseItemInput(body)

	// Assess
	if problem != nil {
		t.Fatalf("unexpected problem: %+v", problem)
	}
	if input.Name != "Espresso cup" || input.Description == nil || *input.Description != "90 ml" || input.Price != 19.99 {
		t.Fatalf("unexpected input: %+v", input)
	}
}

func TestParseItemInputKeepsAbsentAndEmptyDescriptionsApart(t *testing.T) {
	// Prepare
	absent := []byte(`{"name":"a","price":1}`)
	empty := []byte(`{"name":"a","description":"","price":1}`)

	// Act
	withoutDescription, p1 := ParseItemInput(absent)
	withEmptyDescription, p2 := ParseItemInput(empty)

	// Assess
	if p1 != nil || p2 != nil {
		t.Fatalf("unexpected problems: %+v %+v", p1, p2)
	}
	if withoutDescription.Description != nil {
		t.Errorf("absent description became %q", *withoutDescription.Description)
	}
	if withEmptyDescription.Description == nil || *withEmptyDescription.Description != "" {
		t.Errorf("empty description lost: %+v", withEmptyDescription.Description)
	}
}

func TestParseItemInputCountsCodePoints(t *testing.T) {
	// Prepare: an emoji is one code point but two UTF-16 units and four UTF-8 bytes.
	emoji := "\U0001F600"
	accepted := []byte(`{"name":"` + strings.Repeat(emoji, MaxNameLength) + `","price":1}`)
	rejected := []byte(`{"name":"` + strings.Repeat(emoji, MaxNameLength+1) + `","price":1}`)
	escapedPairs := []byte(`{"name":"` + strings.Repeat(`\ud83d\ude00`, MaxNameLength) + `","price":1}`)

	// Act
	input, okProblem := ParseItemInput(accepted)
	_, tooLong := ParseItemInput(rejected)
	fromEscapes, escapesProblem := ParseItemInput(escapedPairs)

	// Assess
	if okProblem != nil || input.Name != strings.Repeat(emoji, MaxNameLength) {
		t.Errorf("MaxNameLength emoji not accepted as sent: %+v", okProblem)
	}
	assertValidationError(t, tooLong, "/body/name")
	if escapesProblem != nil || fromEscapes.Name != strings.Repeat(emoji, MaxNameLength) {
		t.Errorf("MaxNameLength escaped surrogate pairs not accepted: %+v", escapesProblem)
	}
}

func TestParseItemInputMalformedBodies(t *testing.T) {
	cases := map[string]string{
		"empty":            ``,
		"white space only": "  \n",
		"broken syntax":    `{"name":"a",`,
		"trailing text":    `{"name":"a","price":1} x`,
		"two values":       `{} {}`,
		"invalid UTF-8":    "{\"name\":\"\xff\",\"price\":1}",
		"single quotes":    `{'name':'a'}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			// Act
			_, problem := ParseItemInput([]byte(body))

			// Assess
			if problem == nil || problem.Kind != MalformedJSON {
				t.Fatalf("want malformed-json, got %+v", problem)
			}
		})
	}
}

func TestParseItemInputNestingBeyondTheDecodersLimit(t *testing.T) {
	// encoding/json stops at 10,000 levels; 30,000 still fits in 64 KiB.
	deepArray := strings.Repeat("[", 30000) + strings.Repeat("]", 30000)
	deepObject := strings.Repeat(`{"a":`, 10001) + "1" + strings.Repeat("}", 10001)
	cases := []struct {
		name, body string
		want       ProblemKind
	}{
		{"deep array as the body", deepArray, ValidationFailed},
		{"deep object as the body", deepObject, ValidationFailed},
		{"deep array as the name", `{"name":` + deepArray + `,"price":1}`, ValidationFailed},
		{"deep array in an unknown property", `{"name":"a","price":1,"x":` + deepArray + `}`, ValidationFailed},
		{"deep array, one level unclosed", deepArray[:len(deepArray)-1], MalformedJSON},
		{"deep array with a trailing comma inside", strings.Repeat("[", 20000) + "1," + strings.Repeat("]", 20000), MalformedJSON},
		{"deep array, then more text", deepArray + " x", MalformedJSON},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Act
			_, problem := ParseItemInput([]byte(tc.body))

			// Assess
			if problem == nil || problem.Kind != tc.want {
				t.Fatalf("want %s, got %+v", tc.want.Type, problem)
			}
		})
	}
}

func TestParseItemInputValidationFailures(t *testing.T) {
	cases := []struct {
		name, body, path string
	}{
		{"array", `[]`, "/body"},
		{"string", `"x"`, "/body"},
		{"null", `null`, "/body"},
		{"missing name", `{"price":1}`, "/body/name"},
		{"missing price", `{"name":"a"}`, "/body/price"},
		{"empty name", `{"name":"","price":1}`, "/body/name"},
		{"white space name", `{"name":" \t\u00a0\u3000\ufeff","price":1}`, "/body/name"},
		{"name not a string", `{"name":5,"price":1}`, "/body/name"},
		{"unpaired high surrogate", `{"name":"\ud800","price":1}`, "/body/name"},
		{"unpaired low surrogate", `{"name":"a\udc00b","price":1}`, "/body/name"},
		{"high surrogate then letter", `{"name":"\ud83dA","price":1}`, "/body/name"},
		{"two high surrogates", `{"name":"\ud83d\ud83d","price":1}`, "/body/name"},
		{"description surrogate", `{"name":"a","description":"\udfff","price":1}`, "/body/description"},
		{"description null", `{"name":"a","description":null,"price":1}`, "/body/description"},
		{"description too long", `{"name":"a","description":"` + strings.Repeat("x", MaxDescriptionLength+1) + `","price":1}`, "/body/description"},
		{"price string", `{"name":"a","price":"5"}`, "/body/price"},
		{"price boolean", `{"name":"a","price":true}`, "/body/price"},
		{"price negative", `{"name":"a","price":-0.01}`, "/body/price"},
		{"price too large", `{"name":"a","price":1000000000.5}`, "/body/price"},
		{"price too small for DynamoDB", `{"name":"a","price":5e-324}`, "/body/price"},
		{"price just below 1e-130", `{"name":"a","price":9.999999999999999e-131}`, "/body/price"},
		{"price beyond binary64", `{"name":"a","price":1e400}`, "/body/price"},
		{"price below binary64", `{"name":"a","price":-1e400}`, "/body/price"},
		{"unknown property", `{"name":"a","price":1,"colour":"red"}`, "/body/colour"},
		{"unknown property with slash", `{"name":"a","price":1,"a/b~c":1}`, "/body/a~1b~0c"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Act
			_, problem := ParseItemInput([]byte(tc.body))

			// Assess
			assertValidationError(t, problem, tc.path)
		})
	}
}

func TestParseItemInputAcceptsEdgeValues(t *testing.T) {
	cases := []struct {
		name, body string
		want       ItemInput
	}{
		{"escaped backslash before u", `{"name":"\\ud800","price":0}`, ItemInput{Name: `\ud800`}},
		{"largest price", `{"name":"a","price":1e9}`, ItemInput{Name: "a", Price: 1e9}},
		{"negative zero is zero", `{"name":"a","price":-0}`, ItemInput{Name: "a"}},
		{"duplicate key: last wins", `{"name":"first","name":"last","price":2}`, ItemInput{Name: "last", Price: 2}},
		{"white space around a letter", `{"name":"  a  ","price":3}`, ItemInput{Name: "  a  ", Price: 3}},
		{"surrounding white space", " \n{\"name\":\"a\",\"price\":4}\n ", ItemInput{Name: "a", Price: 4}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Act
			input, problem := ParseItemInput([]byte(tc.body))

			// Assess
			if problem != nil {
				t.Fatalf("unexpected problem: %+v", problem)
			}
			if input.Name != tc.want.Name || input.Price != tc.want.Price || input.Description != nil {
				t.Fatalf("got %+v, want %+v", input, tc.want)
			}
			if FormatPrice(input.Price) == "-0" {
				t.Fatalf("negative zero kept")
			}
		})
	}
}

func TestParseItemInputReportsEveryBrokenRule(t *testing.T) {
	// Prepare
	body := []byte(`{"name":"","price":-1,"b":1,"a":2}`)

	// Act
	_, problem := ParseItemInput(body)

	// Assess
	var paths []string
	for _, e := range problem.Errors {
		paths = append(paths, e.Path)
	}
	if got := strings.Join(paths, ","); got != "/body/name,/body/price,/body/a,/body/b" {
		t.Fatalf("paths: %s", got)
	}
}

func assertValidationError(t *testing.T, problem *Problem, path string) {
	t.Helper()
	if problem == nil || problem.Kind != ValidationFailed {
		t.Fatalf("want validation-failed at %s, got %+v", path, problem)
	}
	for _, e := range problem.Errors {
		if e.Path == path {
			return
		}
	}
	t.Fatalf("no error at %s in %+v", path, problem.Errors)
}
