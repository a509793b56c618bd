package domain

import (
	"bytes"
	"encoding/json"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/multi-runtime-api-benchmark/contract/contract"
)

// Bounds of ItemInput in the contract (lengths in Unicode code points).
const (
	MinNameLength        = contract.ItemNameMinLength
	MaxNameLength        = contract.ItemNameMaxLength
	MaxDescriptionLength = contract.ItemDescriptionMaxLength
	MinPrice             = contract.PriceMinimum
	MaxPrice             = contract.PriceMaximum
	MinPositivePrice     = contract.PriceMinimumPositive // DynamoDB stores no smaller positive number
)

// ParseItemInput applies checks 5 (malformed JSON) and 6 (ItemInput schema) of the
// contract's order to a request body. It works on the raw JSON text because Go's
// decoder would hide what the contract rejects: it turns unpaired surrogate escapes
// into U+FFFD and fails on 1e400 the same way as on broken syntax.
func ParseItemInput(body []byte) (ItemInput, *Problem) {
	if !utf8.Valid(body) || !json.Valid(body) {
		if utf8.Valid(body) && wellFormed(body) {
			// JSON nested deeper than encoding/json's 10,000 levels: still JSON, never an ItemInput.
			return ItemInput{}, Invalid("The body nests deeper than an ItemInput can.", FieldError{"/body", "is nested too deeply to be an ItemInput"})
		}
		return ItemInput{}, &Problem{Kind: MalformedJSON, Detail: "The body is not valid UTF-8 JSON text."}
	}
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if trimmed[0] != '{' {
		return ItemInput{}, Invalid("The body must be a JSON object.", FieldError{"/body", "must be an object"})
	}
	var fields map[string]json.RawMessage // duplicate keys: the last one wins, as the contract says
	if err := json.Unmarshal(body, &fields); err != nil {
		return ItemInput{}, &Problem{Kind: MalformedJSON, Detail: "The body is not valid JSON text."}
	}

	var input ItemInput
	var errs []FieldError
	if raw, ok := fields["name"]; !ok {
		errs = append(errs, FieldError{"/body/name", "is required"})
	} else if name, msg := nameValue(raw); msg != "" {
		errs = append(errs, FieldError{"/body/name", msg})
	} else {
		input.Name = name
	}
	if raw, ok := fields["description"]; ok {
		if description, msg := stringValue(raw, 0, MaxDescriptionLength); msg != "" {
			errs = append(errs, FieldError{"/body/description", msg})
		} else {
			input.Description = &description
		}
	}
	if raw, ok := fields["price"]; !ok {
		errs = append(errs, FieldError{"/body/price", "is required"})
	} else if price, msg := priceValue(raw); msg != "" {
		errs = append(errs, FieldError{"/body/price", msg})
	} else {
		input.Price = price
	}
	errs = append(errs, unknownProperties(fields)...)

	if len(errs) > 0 {
		return ItemInput{}, Invalid("The body does not match ItemInput.", errs...)
	}
	return input, nil
}

func unknownProperties(fields map[string]json.RawMessage) []FieldError {
	var names []string
	for key := range fields {
		if key != "name" && key != "description" && key != "price" {
			names = append(names, key)
		}
	}
	sort.Strings(names) // a stable answer whatever the map order
	errs := make([]FieldError, 0, len(names))
	for _, key := range names {
		errs = append(errs, FieldError{"/body/" + jsonPointerEscape(key), "is not a property of ItemInput"})
	}
	return errs
}

// jsonPointerEscape escapes one reference token (RFC 6901).
func jsonPointerEscape(token string) string {
	return strings.ReplaceAll(strings.ReplaceAll(token, "~", "~0"), "/", "~1")
}

func nameValue(raw json.RawMessage) (string, string) {
	name, msg := stringValue(raw, MinNameLength, MaxNameLength)
	if msg == "" && strings.TrimFunc(name, isECMAScriptWhiteSpace) == "" {
		return "", "must contain a character that is not white space"
	}
	return name, msg
}

// stringValue decodes a JSON string token and checks its length in code points.
// The message is empty when the value is valid.
func stringValue(raw json.RawMessage, minLength, maxLength int) (string, string) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", "must be a string"
	}
	if hasUnpairedSurrogateEscape(raw) {
		return "", "must not contain unpaired surrogates"
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", "must be a string"
	}
	n := utf8.RuneCountInString(s)
	if n < minLength {
		return "", "must have at least " + strconv.Itoa(minLength) + " character(s)"
	}
	if n > maxLength {
		return "", "must have at most " + strconv.Itoa(maxLength) + " characters"
	}
	return s, ""
}

func priceValue(raw json.RawMessage) (float64, string) {
	if len(raw) == 0 || (raw[0] != '-' && (raw[0] < '0' || raw[0] > '9')) {
		return 0, "must be a number"
	}
	price, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || math.IsInf(price, 0) {
		return 0, "must be a number within binary64 range" // 1e400: validation, never malformed
	}
	if price < MinPrice {
		return 0, "must be >= " + FormatPrice(MinPrice)
	}
	if price > MaxPrice {
		return 0, "must be <= " + FormatPrice(MaxPrice)
	}
	if price > 0 && price < MinPositivePrice {
		return 0, "must be 0 or at least " + strconv.FormatFloat(MinPositivePrice, 'g', -1, 64) + " (DynamoDB's smallest number)"
	}
	if price == 0 {
		price = 0 // -0 is a valid price; hold it as 0, as JSON.stringify writes it in the other runtimes
	}
	return price, ""
}

// hasUnpairedSurrogateEscape scans a JSON string token for a \uD800-\uDFFF escape
// that is not a high surrogate immediately followed by a low one.
func hasUnpairedSurrogateEscape(token []byte) bool {
	for i := 0; i < len(token); i++ {
		if token[i] != '\\' {
			continue
		}
		i++ // the escaped character
		if i >= len(token) || token[i] != 'u' {
			continue
		}
		unit, ok := hexUnit(token, i+1)
		if !ok {
			return false // json.Valid already rejected this; cannot happen
		}
		i += 4
		switch {
		case unit >= 0xDC00 && unit <= 0xDFFF:
			return true
		case unit >= 0xD800 && unit <= 0xDBFF:
			if i+2 >= len(token) || token[i+1] != '\\' || token[i+2] != 'u' {
				return true
			}
			low, ok := hexUnit(token, i+3)
			if !ok || low < 0xDC00 || low > 0xDFFF {
				return true
			}
			i += 6
		}
	}
	return false
}

func hexUnit(token []byte, at int) (uint64, bool) {
	if at+4 > len(token) {
		return 0, false
	}
	unit, err := strconv.ParseUint(string(token[at:at+4]), 16, 16)
	return unit, err == nil
}

// isECMAScriptWhiteSpace is ECMAScript's WhiteSpace and LineTerminator set, as the contract lists it.
func isECMAScriptWhiteSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x00A0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}
