package domain

import (
	"testing"
	"time"
)

// The example of docs/storage-layout.md.
const (
	exampleID    = "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f"
	exampleToken = "P1-MPppLTB2OLxorPE1ebw"
)

func TestEncodeNextTokenMatchesTheStorageLayoutExample(t *testing.T) {
	// Act
	token, err := EncodeNextToken(exampleID)

	// Assess
	if err != nil || token != exampleToken {
		t.Fatalf("got %q, %v; want %q", token, err, exampleToken)
	}
}

func TestDecodeNextTokenMatchesTheStorageLayoutExample(t *testing.T) {
	// Act
	id, ok := DecodeNextToken(exampleToken)

	// Assess
	if !ok || id != exampleID {
		t.Fatalf("got %q, %v; want %q", id, ok, exampleID)
	}
}

func TestDecodeNextTokenRejectsTokensNeverIssued(t *testing.T) {
	for _, token := range []string{
		"", "abc", exampleToken + "=", exampleToken + "A",
		"P1-MPppLTB2OLxorPE1ebx", // last character carries bits that do not re-encode
		"P1-MPppLDB2OLxorPE1ebw", // version nibble 0, not 4
		"P1-MPppLTBAOLxorPE1ebw", // variant bits not RFC 4122
		"P1+MPppLTB2OLxorPE1ebw", // standard base64, not base64url
	} {
		if id, ok := DecodeNextToken(token); ok {
			t.Errorf("token %q accepted as %q", token, id)
		}
	}
}

func TestEncodeNextTokenRejectsForeignKeys(t *testing.T) {
	// Act
	_, err := EncodeNextToken("3F5F8C3E-9A4B-4C1D-8E2F-1A2B3C4D5E6F")

	// Assess
	if err == nil {
		t.Fatal("an upper-case id was encoded")
	}
}

func TestTimestampIsUTCWithMilliseconds(t *testing.T) {
	// Prepare
	at := time.Date(2026, 1, 31, 13, 0, 0, 5_999_999, time.FixedZone("CET", 3600))

	// Act
	got := Timestamp(at)

	// Assess
	if got != "2026-01-31T12:00:00.005Z" {
		t.Fatalf("got %s", got)
	}
}

func TestFormatPriceIsTheShortestRoundTrip(t *testing.T) {
	for price, want := range map[float64]string{19.99: "19.99", 1234567.891: "1234567.891", 5: "5", 1e9: "1000000000", 0.1: "0.1"} {
		if got := FormatPrice(price); got != want {
			t.Errorf("FormatPrice(%v) = %s, want %s", price, got, want)
		}
	}
}
