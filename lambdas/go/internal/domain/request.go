package domain

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Request limits and defaults of the contract.
const (
	MaxBodyBytes = 65536
	DefaultLimit = 20
	MaxLimit     = 100
)

var itemIDPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// ValidateID checks the path parameter id: a lowercase UUID v4 (check 1 of the contract's order).
func ValidateID(id string) *Problem {
	if itemIDPattern.MatchString(id) {
		return nil
	}
	return Invalid("The id is not a lowercase UUID v4.", FieldError{"/path/id", "must be a lowercase UUID v4"})
}

// ParseLimit reads the limit query parameter: decimal digits only, then 1..100; absent means 20.
func ParseLimit(raw string, present bool) (int, *Problem) {
	if !present {
		return DefaultLimit, nil
	}
	invalid := Invalid("limit must be an integer from 1 to 100.", FieldError{"/query/limit", "must be decimal digits from 1 to 100"})
	if raw == "" || strings.Trim(raw, "0123456789") != "" {
		return 0, invalid
	}
	// Leading zeros are allowed (007 is 7); trimming them first keeps huge digit strings from overflowing.
	digits := strings.TrimLeft(raw, "0")
	if len(digits) > 3 {
		return 0, invalid
	}
	n, _ := strconv.Atoi("0" + digits)
	if n < 1 || n > MaxLimit {
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

// CheckBodySize answers 413 for a body over 65536 bytes (after base64 decoding).
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
