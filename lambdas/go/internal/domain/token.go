package domain

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"github.com/multi-runtime-api-benchmark/contract/contract"
)

// The contract's nextToken pattern: exactly the base64url strings (no padding) of the
// 16 bytes of a UUID v4 that re-encode to themselves (docs/storage-layout.md).
var nextTokenPattern = regexp.MustCompile(contract.NextTokenPattern)

// EncodeNextToken is the token for a scan's last evaluated id.
func EncodeNextToken(id string) (string, error) {
	if !itemIDPattern.MatchString(id) {
		return "", fmt.Errorf("not a lowercase UUID v4: %q", id)
	}
	raw, err := hex.DecodeString(strings.ReplaceAll(id, "-", ""))
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

// DecodeNextToken is the id a token stands for; false when the API never issued such a token.
func DecodeNextToken(token string) (string, bool) {
	if !nextTokenPattern.MatchString(token) {
		return "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 16 {
		return "", false
	}
	h := hex.EncodeToString(raw)
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], true
}
