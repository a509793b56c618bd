package domain

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/multi-runtime-api-benchmark/contract/contract"
)

// Request limits and defaults of the contract.
const (
	MaxBodyBytes = contract.BodyMaxBytes
	DefaultLimit = contract.ListLimitDefault
	MinLimit     = contract.ListLimitMinimum
	MaxLimit     = contract.ListLimitMaximum
)

var itemIDPattern = regexp.MustCompile(contract.ItemIdPattern)

// ValidateID checks the path parameter id: a lowercase UUID v4 (check 1 of the contract's order).
func ValidateID(id string) *Problem {
	if itemIDPattern.MatchString(id) {
		return nil
	}
	return Invalid("The id is not a lowercase UUID v4.", FieldError{"/path/id", "must be a lowercase UUID v4"})
}

// ParseLimit reads the limit query parameter: decimal digits only, then MinLimit..MaxLimit;
// absent means DefaultLimit.
func ParseLimit(raw string, present bool) (int, *Problem) {
	if !present {
		return DefaultLimit, nil
	}
	invalid := Invalid(fmt.Sprintf("limit must be an integer from %d to %d.", MinLimit, MaxLimit),
		FieldError{"/query/limit", fmt.Sprintf("must be decimal digits from %d to %d", MinLimit, MaxLimit)})
	if raw == "" || strings.Trim(raw, "0123456789") != "" {
		return 0, invalid
	}
	// Leading zeros are allowed (007 is 7); trimming them first keeps huge digit strings from overflowing.
	digits := strings.TrimLeft(raw, "0")
	if len(digits) > len(strconv.Itoa(MaxLimit)) {
		return 0, invalid
	}
	n, _ := strconv.Atoi("0" + digits)
	if n < MinLimit || n > MaxLimit {
		return 0, invalid
	}
	return n, nil
}

// ParseNextToken turns a nextToken query parameter into the id to start after.
func ParseNextToken(token string) (string, *Problem) {
	id, ok := DecodeNextToken(token)
	if !ok {
		return "", Invalid("nextToken was not issued by this API.", FieldError{"/query/nextToken", "is not a token this API issued"})
	}
	return id, nil
}

// CheckBodySize answers 413 for a body over MaxBodyBytes (after base64 decoding).
func CheckBodySize(n int) *Problem {
	if n <= MaxBodyBytes {
		return nil
	}
	return &Problem{Kind: PayloadTooLarge, Detail: fmt.Sprintf("The body has %d bytes; at most %d are accepted.", n, MaxBodyBytes)}
}

// CheckMediaType answers 415 unless the media type (before any parameters,
// case-insensitive, white space ignored) is application/json.
func CheckMediaType(contentType string, present bool) *Problem {
	mediaType, _, _ := strings.Cut(contentType, ";")
	if present && strings.EqualFold(strings.TrimSpace(mediaType), "application/json") {
		return nil
	}
	return &Problem{Kind: UnsupportedMediaType, Detail: "Send the body as application/json."}
}
