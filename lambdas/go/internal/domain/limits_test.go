package domain

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// These tests state every limit through the generated constants, never a copy: run against
// constants generated from a changed contract (scripts/codegen-follow.test.ts), they still
// pass, which shows the domain follows the contract.

func itemBody(name, description string, price string) []byte {
	body := `{"name":"` + name + `"`
	if description != "" {
		body += `,"description":"` + description + `"`
	}
	return []byte(body + `,"price":` + price + `}`)
}

func TestLimitsOfItemInputFollowTheContract(t *testing.T) {
	emoji := "\U0001F600" // one code point, four UTF-8 bytes: lengths count code points
	cases := []struct {
		name      string
		body      []byte
		wantError string // the error path, or "" when the body is valid
	}{
		{"longest name", itemBody(strings.Repeat(emoji, MaxNameLength), "", "1"), ""},
		{"name one too long", itemBody(strings.Repeat(emoji, MaxNameLength+1), "", "1"), "/body/name"},
		{"shortest name", itemBody(strings.Repeat("a", MinNameLength), "", "1"), ""},
		{"name one too short", itemBody(strings.Repeat("a", MinNameLength-1), "", "1"), "/body/name"},
		{"longest description", itemBody("a", strings.Repeat(emoji, MaxDescriptionLength), "1"), ""},
		{"description one too long", itemBody("a", strings.Repeat("x", MaxDescriptionLength+1), "1"), "/body/description"},
		{"highest price", itemBody("a", "", FormatPrice(MaxPrice)), ""},
		{"price above the highest", itemBody("a", "", FormatPrice(math.Nextafter(MaxPrice, math.Inf(1)))), "/body/price"},
		{"lowest price", itemBody("a", "", FormatPrice(MinPrice)), ""},
		{"price below the lowest", itemBody("a", "", FormatPrice(math.Nextafter(MinPrice, math.Inf(-1)))), "/body/price"},
		{"smallest positive price", itemBody("a", "", strconv.FormatFloat(MinPositivePrice, 'g', -1, 64)), ""},
		{"positive price below the smallest", itemBody("a", "", strconv.FormatFloat(math.Nextafter(MinPositivePrice, 0), 'g', -1, 64)), "/body/price"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// Act
			_, problem := ParseItemInput(tc.body)
			// Assess
			if tc.wantError == "" {
				if problem != nil {
					t.Fatalf("unexpected problem: %+v", problem)
				}
				return
			}
			assertValidationError(t, problem, tc.wantError)
		})
	}
}

func TestLimitsOfRequestsFollowTheContract(t *testing.T) {
	// Prepare
	atMost := CheckBodySize(MaxBodyBytes)
	over := CheckBodySize(MaxBodyBytes + 1)
	// Assess
	if atMost != nil {
		t.Errorf("a body of %d bytes was refused: %+v", MaxBodyBytes, atMost)
	}
	if over == nil || over.Kind != PayloadTooLarge || !strings.Contains(over.Detail, strconv.Itoa(MaxBodyBytes)) {
		t.Errorf("a body of %d bytes: want payload-too-large naming the limit, got %+v", MaxBodyBytes+1, over)
	}
	limits := []struct {
		raw  string
		want int // 0: refused
	}{
		{strconv.Itoa(MinLimit), MinLimit},
		{strconv.Itoa(MaxLimit), MaxLimit},
		{"00" + strconv.Itoa(MaxLimit), MaxLimit},
		{strconv.Itoa(MinLimit - 1), 0},
		{strconv.Itoa(MaxLimit + 1), 0},
	}
	for _, tc := range limits {
		n, problem := ParseLimit(tc.raw, true)
		if tc.want == 0 && (problem == nil || problem.Kind != ValidationFailed) {
			t.Errorf("limit=%s: want validation-failed, got %d", tc.raw, n)
		}
		if tc.want != 0 && (problem != nil || n != tc.want) {
			t.Errorf("limit=%s: want %d, got %d %+v", tc.raw, tc.want, n, problem)
		}
	}
	if n, problem := ParseLimit("", false); problem != nil || n != DefaultLimit {
		t.Errorf("absent limit: want %d, got %d %+v", DefaultLimit, n, problem)
	}
}

// TestGeneratedConstantsAreTheOnesUnderTest checks that the tests above ran against the
// constants the follow test generated (CONTRACT_EXPECT_<NAME>=<value>), not the committed ones.
func TestGeneratedConstantsAreTheOnesUnderTest(t *testing.T) {
	constants := map[string]float64{
		"ITEM_NAME_MIN_LENGTH": MinNameLength, "ITEM_NAME_MAX_LENGTH": MaxNameLength,
		"ITEM_DESCRIPTION_MAX_LENGTH": MaxDescriptionLength, "PRICE_MINIMUM": MinPrice,
		"PRICE_MAXIMUM": MaxPrice, "PRICE_MINIMUM_POSITIVE": MinPositivePrice, "BODY_MAX_BYTES": MaxBodyBytes,
		"LIST_LIMIT_MINIMUM": MinLimit, "LIST_LIMIT_MAXIMUM": MaxLimit, "LIST_LIMIT_DEFAULT": DefaultLimit,
	}
	checked := 0
	for _, entry := range os.Environ() {
		name, value, _ := strings.Cut(entry, "=")
		key, ok := strings.CutPrefix(name, "CONTRACT_EXPECT_")
		if !ok {
			continue
		}
		got, known := constants[key]
		want, err := strconv.ParseFloat(value, 64)
		if !known || err != nil || got != want {
			t.Errorf("%s=%s: the constant under test is %v (known: %v)", name, value, got, known)
		}
		checked++
	}
	if checked == 0 {
		t.Skip("no CONTRACT_EXPECT_* variables: only scripts/codegen-follow.test.ts sets them")
	}
}
