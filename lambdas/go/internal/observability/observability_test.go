package observability

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// lambdaEnv is the environment Lambda gives a function.
func lambdaEnv(extra map[string]string) Env {
	env := map[string]string{"AWS_LAMBDA_FUNCTION_NAME": "items-go-fn", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512"}
	for k, v := range extra {
		env[k] = v
	}
	return func(name string) string { return env[name] }
}

// invocationContext is the context aws-lambda-go hands a handler.
func invocationContext(traceHeader string) context.Context {
	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{
		AwsRequestID:       "req-1",
		InvokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:items-go-fn",
	})
	//lint:ignore SA1029 aws-lambda-go and aws-xray-sdk-go share this plain string key
	return context.WithValue(ctx, traceHeaderKey, traceHeader)
}

func lines(t *testing.T, out *bytes.Buffer) []map[string]any {
	t.Helper()
	var parsed []map[string]any
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		if line == "" {
			continue
		}
		var object map[string]any
		if err := json.Unmarshal([]byte(line), &object); err != nil {
			t.Fatalf("not one JSON object per line: %q (%v)", line, err)
		}
		parsed = append(parsed, object)
	}
	return parsed
}

func TestLogLinesCarryTheContractsFields(t *testing.T) {
	cases := []struct {
		name   string
		ctx    context.Context
		cold   *bool
		warm   bool // a second invocation has begun
		expect map[string]any
		absent []string
	}{
		{
			name: "sampled invocation, first",
			ctx:  invocationContext("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"),
			cold: ptr(true),
			expect: map[string]any{
				"level": "ERROR", "message": "boom", "service": "items-go", "cold_start": true,
				"function_name": "items-go-fn", "function_memory_size": 512.0,
				"function_arn":        "arn:aws:lambda:eu-west-1:123456789012:function:items-go-fn",
				"function_request_id": "req-1", "xray_trace_id": "1-5759e988-bd862e3fe1be46a994272793",
			},
		},
		{
			name:   "warm invocation without a trace header",
			ctx:    invocationContext(""),
			cold:   ptr(false),
			expect: map[string]any{"cold_start": false, "function_request_id": "req-1"},
			absent: []string{"xray_trace_id"},
		},
		{
			name:   "outside any invocation, before the second",
			ctx:    context.Background(),
			expect: map[string]any{"cold_start": true, "function_request_id": "", "function_arn": ""},
			absent: []string{"xray_trace_id"},
		},
		{
			name:   "outside any invocation, once warm",
			ctx:    context.Background(),
			warm:   true,
			expect: map[string]any{"cold_start": false},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Prepare
			var out bytes.Buffer
			logger := NewLogger(&out, lambdaEnv(nil), "items-go")
			ctx := c.ctx
			if c.cold != nil {
				ctx = WithColdStart(ctx, *c.cold)
			}
			warm.Store(c.warm)
			defer warm.Store(false)

			// Act
			logger.ErrorContext(ctx, "boom")

			// Assess
			got := lines(t, &out)
			if len(got) != 1 {
				t.Fatalf("want one line, got %d", len(got))
			}
			for key, want := range c.expect {
				if got[0][key] != want {
					t.Errorf("%s = %#v, want %#v", key, got[0][key], want)
				}
			}
			for _, key := range c.absent {
				if _, ok := got[0][key]; ok {
					t.Errorf("%s present, want absent", key)
				}
			}
			stamp, _ := got[0]["timestamp"].(string)
			if _, err := time.Parse("2006-01-02T15:04:05.000Z", stamp); err != nil {
				t.Errorf("timestamp %q is not ISO-8601 UTC with milliseconds", stamp)
			}
		})
	}
}

func TestLogLevelComesFromPowertoolsLogLevel(t *testing.T) {
	cases := []struct {
		setting    string
		infoLogged bool
		warnLogged bool
	}{
		{"", true, true},
		{"INFO", true, true},
		{"debug", true, true},
		{"WARN", false, true},
		{"ERROR", false, false},
		{"nonsense", true, true},
	}
	for _, c := range cases {
		t.Run(c.setting, func(t *testing.T) {
			// Prepare
			var out bytes.Buffer
			logger := NewLogger(&out, lambdaEnv(map[string]string{"POWERTOOLS_LOG_LEVEL": c.setting}), "items-go")

			// Act
			logger.Info("info")
			logger.Warn("warn")

			// Assess
			text := out.String()
			if strings.Contains(text, `"message":"info"`) != c.infoLogged || strings.Contains(text, `"message":"warn"`) != c.warnLogged {
				t.Errorf("logged %q", text)
			}
		})
	}
}

func TestColdStartMetricIsPowertoolsEMFLine(t *testing.T) {
	// Prepare
	var out bytes.Buffer
	now = func() time.Time { return time.UnixMilli(1764547200123) }
	defer func() { now = time.Now }()

	// Act
	err := WriteColdStartMetric(&out, "items-go-fn", "items-go")

	// Assess
	if err != nil {
		t.Fatal(err)
	}
	want := `{"_aws":{"Timestamp":1764547200123,"CloudWatchMetrics":[{"Namespace":"MultiRuntimeBenchmark",` +
		`"Dimensions":[["function_name","service"]],"Metrics":[{"Name":"ColdStart","Unit":"Count"}]}]},` +
		`"function_name":"items-go-fn","service":"items-go","ColdStart":[1]}` + "\n"
	if out.String() != want {
		t.Errorf("got  %s\nwant %s", out.String(), want)
	}
}

func TestObserveWritesColdStartOnceAndErrors(t *testing.T) {
	cases := []struct {
		name       string
		handlerErr error
		wantLines  []string // messages (or "EMF") per invocation, in order
	}{
		{"two good invocations", nil, []string{"cold start", "EMF"}},
		{"failing invocations", errors.New("store down"), []string{"cold start", "EMF", "invocation failed", "invocation failed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Prepare
			var out bytes.Buffer
			telemetry := New(&out, lambdaEnv(nil), "go")
			t.Cleanup(func() { warm.Store(false) })
			var seenCold []bool
			handler := Observe(telemetry, func(ctx context.Context, event string) (string, error) {
				cold, _ := ctx.Value(coldStartKey{}).(bool)
				seenCold = append(seenCold, cold)
				return event, c.handlerErr
			}, func() ColdStart { return ColdStart{InitDurationMs: 12.5, InstanceID: "i-1"} })

			// Act
			for range 2 {
				_, _ = handler(invocationContext(""), "event")
			}

			// Assess
			var messages []string
			for _, line := range lines(t, &out) {
				if _, ok := line["_aws"]; ok {
					messages = append(messages, "EMF")
					continue
				}
				messages = append(messages, line["message"].(string))
				if line["message"] == "cold start" && (line["initDurationMs"] != 12.5 || line["instanceId"] != "i-1" || line["level"] != "INFO") {
					t.Errorf("cold start line %v", line)
				}
				if line["message"] == "invocation failed" && (line["error"] != "store down" || line["level"] != "ERROR") {
					t.Errorf("error line %v", line)
				}
			}
			if strings.Join(messages, ",") != strings.Join(c.wantLines, ",") {
				t.Errorf("lines %v, want %v", messages, c.wantLines)
			}
			if len(seenCold) != 2 || !seenCold[0] || seenCold[1] {
				t.Errorf("cold_start per invocation %v, want [true false]", seenCold)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
