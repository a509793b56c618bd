package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// wellFormed reports whether body is one JSON text, at any nesting depth. encoding/json's
// Valid and Unmarshal stop at 10,000 levels, but a deeper body of at most 64 KiB is still
// JSON: the contract calls it a validation failure (an ItemInput holds no nesting), not
// malformed. json.Decoder's Token walks delimiters without a depth limit and checks the
// grammar between them; each scalar is decoded (and so checked) on its own.
func wellFormed(body []byte) bool {
	decoder := json.NewDecoder(bytes.NewReader(body))
	decoder.UseNumber()
	depth := 0
	for {
		token, err := decoder.Token()
		if err != nil {
			return false
		}
		if delim, ok := token.(json.Delim); ok {
			if delim == '[' || delim == '{' {
				depth++
			} else {
				depth--
			}
		}
		if depth == 0 {
			break
		}
	}
	_, err := decoder.Token()
	return errors.Is(err, io.EOF)
}
