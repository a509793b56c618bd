package observability

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-xray-sdk-go/instrumentation/awsv2"
	"github.com/aws/aws-xray-sdk-go/xray"
	"github.com/aws/aws-xray-sdk-go/xraylog"
)

// TraceAWS instruments every client made from cfg with aws-xray-sdk-go: each call opens
// a subsegment under the invocation's trace header (which aws-lambda-go puts in the
// context). The SDK sends it to AWS_XRAY_DAEMON_ADDRESS (UDP) only when the header says
// Sampled=1; unsampled or without a daemon, nothing is sent and the call goes on.
func TraceAWS(cfg *aws.Config, logger *slog.Logger) {
	xray.SetLogger(xrayLogger{logger})
	awsv2.AWSV2Instrumentor(&cfg.APIOptions)
}

// xrayLogger sends the X-Ray SDK's own messages (by default plain text on stdout, which
// would break one JSON object per line) through the JSON logger. Its debug and info
// chatter is dropped: only warnings and errors are the contract's business.
type xrayLogger struct{ logger *slog.Logger }

func (l xrayLogger) Log(level xraylog.LogLevel, msg fmt.Stringer) {
	switch level {
	case xraylog.LogLevelWarn:
		l.logger.Log(context.Background(), slog.LevelWarn, "X-Ray: "+msg.String())
	case xraylog.LogLevelError:
		l.logger.Log(context.Background(), slog.LevelError, "X-Ray: "+msg.String())
	}
}
