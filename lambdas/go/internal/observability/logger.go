// Package observability is the Go runtime's share of the benchmark's observability
// contract (docs/runtimes/go.md, "Observability"): JSON log lines on stdout with the
// fields Powertools for AWS Lambda writes (log/slog), the ColdStart metric as one EMF
// line, and X-Ray subsegments for the DynamoDB client (aws-xray-sdk-go).
package observability

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// traceHeaderKey is the context key under which aws-lambda-go passes the invocation's
// Lambda-Runtime-Trace-Id (and aws-xray-sdk-go reads it: xray.LambdaTraceHeaderKey).
const traceHeaderKey = "x-amzn-trace-id"

type coldStartKey struct{}

// warm is set when a second invocation begins: a line logged without an invocation's
// context (the X-Ray SDK's) is cold until then.
var warm atomic.Bool

// WithColdStart marks ctx as the context of an invocation that is (or is not) the
// instance's first: every line logged with it carries cold_start.
func WithColdStart(ctx context.Context, cold bool) context.Context {
	return context.WithValue(ctx, coldStartKey{}, cold)
}

// Env reads the process environment (os.Getenv; a map's lookup in tests).
type Env func(string) string

// NewLogger writes one JSON object per line to w: timestamp (ISO-8601 UTC, ms), level,
// message, service, the function's name and memory size (from Lambda's environment) and,
// from the context of the call, cold_start, function_arn, function_request_id and
// xray_trace_id (when the invocation has a trace header). The level is
// POWERTOOLS_LOG_LEVEL's (default INFO), as Powertools reads it.
func NewLogger(w io.Writer, env Env, service string) *slog.Logger {
	json := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: levelOf(env("POWERTOOLS_LOG_LEVEL")), ReplaceAttr: powertoolsNames})
	memory, _ := strconv.Atoi(env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"))
	return slog.New(invocationHandler{json.WithAttrs([]slog.Attr{
		slog.String("service", service),
		slog.String("function_name", env("AWS_LAMBDA_FUNCTION_NAME")),
		slog.Int("function_memory_size", memory),
	})})
}

func levelOf(name string) slog.Level {
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(name))); err != nil {
		return slog.LevelInfo // unset or unknown: Powertools' default
	}
	return level
}

// powertoolsNames renames slog's time and msg keys to Powertools' timestamp and message.
func powertoolsNames(groups []string, a slog.Attr) slog.Attr {
	if len(groups) > 0 {
		return a
	}
	switch a.Key {
	case slog.TimeKey:
		return slog.String("timestamp", a.Value.Time().UTC().Format("2006-01-02T15:04:05.000Z"))
	case slog.MessageKey:
		return slog.Attr{Key: "message", Value: a.Value}
	}
	return a
}

// invocationHandler adds the invocation's fields, read from the context of each call.
type invocationHandler struct{ slog.Handler }

func (h invocationHandler) Handle(ctx context.Context, r slog.Record) error {
	cold, known := ctx.Value(coldStartKey{}).(bool)
	if !known {
		cold = !warm.Load()
	}
	r.AddAttrs(slog.Bool("cold_start", cold))
	arn, requestID := "", ""
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		arn, requestID = lc.InvokedFunctionArn, lc.AwsRequestID
	}
	r.AddAttrs(slog.String("function_arn", arn), slog.String("function_request_id", requestID))
	if root := traceRoot(ctx); root != "" {
		r.AddAttrs(slog.String("xray_trace_id", root))
	}
	return h.Handler.Handle(ctx, r)
}

func (h invocationHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return invocationHandler{h.Handler.WithAttrs(attrs)}
}

func (h invocationHandler) WithGroup(name string) slog.Handler {
	return invocationHandler{h.Handler.WithGroup(name)}
}

// traceRoot is the Root of the invocation's trace header (Root=1-…;Parent=…;Sampled=1),
// the part Powertools logs as xray_trace_id.
func traceRoot(ctx context.Context) string {
	header, _ := ctx.Value(traceHeaderKey).(string)
	for _, part := range strings.Split(header, ";") {
		if root, ok := strings.CutPrefix(strings.TrimSpace(part), "Root="); ok {
			return root
		}
	}
	return ""
}

// now is the clock of the EMF timestamp; tests replace it.
var now = time.Now
