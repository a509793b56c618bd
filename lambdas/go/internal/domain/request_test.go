package domain

import "testing"

func TestParseLimit(t *testing.T) {
	valid := map[string]int{"1": 1, "100": 100, "007": 7, "0000000000000000000050": 50}
	for raw, want := range valid {
		// Act
		got, problem := ParseLimit(raw, true)

		// Assess
		if problem != nil || got != want {
			t.Errorf("limit %q: got %d, %+v; want %d", raw, got, problem, want)
		}
	}
	for _, raw := range []string{"", "0", "101", "abc", "+5", "-5", "5.0", " 5", "5 ", "1e1", "99999999999999999999999"} {
		// Act
		_, problem := ParseLimit(raw, true)

		// Assess
		if problem == nil || problem.Kind != ValidationFailed || problem.Errors[0].Path != "/query/limit" {
			t.Errorf("limit %q: want validation-failed at /query/limit, got %+v", raw, problem)
		}
	}
}

func TestParseLimitDefaultsTo20WhenAbsent(t *testing.T) {
	// Act
	got, problem := ParseLimit("", false)

	// Assess
	if problem != nil || got != 20 {
		t.Fatalf("got %d, %+v", got, problem)
	}
}

func TestValidateID(t *testing.T) {
	// Prepare
	valid := "3f5f8c3e-9a4b-4c1d-8e2f-1a2b3c4d5e6f"
	invalid := []string{"", "3F5F8C3E-9A4B-4C1D-8E2F-1A2B3C4D5E6F", "3f5f8c3e-9a4b-1c1d-8e2f-1a2b3c4d5e6f", "3f5f8c3e-9a4b-4c1d-7e2f-1a2b3c4d5e6f", "not-a-uuid", valid + "0"}

	// Act + Assess
	if problem := ValidateID(valid); problem != nil {
		t.Errorf("valid id rejected: %+v", problem)
	}
	for _, id := range invalid {
		if problem := ValidateID(id); problem == nil || problem.Errors[0].Path != "/path/id" {
			t.Errorf("id %q: want validation-failed at /path/id, got %+v", id, problem)
		}
	}
}

func TestCheckBodySize(t *testing.T) {
	// Act
	atLimit := CheckBodySize(MaxBodyBytes)
	overLimit := CheckBodySize(MaxBodyBytes + 1)

	// Assess
	if atLimit != nil {
		t.Errorf("MaxBodyBytes bytes rejected: %+v", atLimit)
	}
	if overLimit == nil || overLimit.Kind != PayloadTooLarge {
		t.Errorf("MaxBodyBytes+1 bytes: want payload-too-large, got %+v", overLimit)
	}
}

func TestCheckMediaType(t *testing.T) {
	for _, ct := range []string{"application/json", "Application/JSON", " application/json ; charset=utf-8", "application/json;charset=UTF-8"} {
		if problem := CheckMediaType(ct, true); problem != nil {
			t.Errorf("%q rejected: %+v", ct, problem)
		}
	}
	for _, ct := range []string{"", "text/plain", "application/json-patch+json", "application/jsonx", "application/x-www-form-urlencoded"} {
		if problem := CheckMediaType(ct, true); problem == nil || problem.Kind != UnsupportedMediaType {
			t.Errorf("%q: want unsupported-media-type, got %+v", ct, problem)
		}
	}
	if problem := CheckMediaType("", false); problem == nil || problem.Kind != UnsupportedMediaType {
		t.Errorf("missing Content-Type: want unsupported-media-type, got %+v", problem)
	}
}
