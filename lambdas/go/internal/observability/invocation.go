package observability

import (
	"context"
	"io"
	"log/slog"
	"sync/atomic"
)

// Telemetry is one instance's logger and metrics, written to one stream (stdout on
// Lambda, where both become CloudWatch Logs lines).
type Telemetry struct {
	Logger       *slog.Logger
	out          io.Writer
	functionName string
	runtime      string
	invoked      atomic.Bool
}

// New is the telemetry of runtime's instance: logs and the ColdStart metric both with
// service "items-<runtime>", as in every runtime.
func New(out io.Writer, env Env, runtime string) *Telemetry {
	return &Telemetry{
		Logger:       NewLogger(out, env, "items-"+runtime),
		out:          out,
		functionName: env("AWS_LAMBDA_FUNCTION_NAME"),
		runtime:      runtime,
	}
}

// ColdStart is what the cold start's log line says about the instance.
type ColdStart struct {
	InitDurationMs float64
	InstanceID     string
}

// Observe wraps a Lambda handler: every invocation's context says whether it is the
// instance's first (cold_start in its log lines); the first one logs "cold start" (with
// the instance's facts) and writes the ColdStart metric; an error the handler returns
// is logged at ERROR. Nothing else is written per request.
func Observe[E, R any](t *Telemetry, handler func(context.Context, E) (R, error), facts func() ColdStart) func(context.Context, E) (R, error) {
	return func(ctx context.Context, event E) (R, error) {
		cold := t.invoked.CompareAndSwap(false, true)
		ctx = WithColdStart(ctx, cold)
		if !cold {
			warm.Store(true)
		}
		if cold {
			f := facts()
			t.Logger.InfoContext(ctx, "cold start", "initDurationMs", f.InitDurationMs, "instanceId", f.InstanceID)
			if err := WriteColdStartMetric(t.out, t.functionName, "items-"+t.runtime); err != nil {
				t.Logger.WarnContext(ctx, "ColdStart metric not written", "error", err.Error())
			}
		}
		response, err := handler(ctx, event)
		if err != nil {
			t.Logger.ErrorContext(ctx, "invocation failed", "error", err.Error())
		}
		return response, err
	}
}
