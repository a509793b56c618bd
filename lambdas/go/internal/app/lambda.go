package app

import (
	"context"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	ginadapter "github.com/awslabs/aws-lambda-go-api-proxy/gin"
	"github.com/gin-gonic/gin"
)

// LambdaHandler turns API Gateway REST (v1) proxy events into requests to the engine
// through aws-lambda-go-api-proxy's Gin adapter.
type LambdaHandler func(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)

// NewLambdaHandler serves the engine under prefix (/go): the prefix is stripped from the
// event's path so that the app routes the contract's paths at the root.
func NewLambdaHandler(engine *gin.Engine, prefix string) LambdaHandler {
	adapter := ginadapter.New(engine)
	return func(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		event.Path = routePath(event.Path, prefix)
		return adapter.ProxyWithContext(ctx, event)
	}
}

// routePath strips the prefix (as a whole segment: /gopher is not under /go) and reads
// each segment as the contract does (docs/contract.md, "Adversarial input"): the event's
// path is as the client sent it (API Gateway REST does not decode it), so a segment's
// percent escapes are decoded once. A segment that cannot be decoded, or that would decode
// to a "/", is kept as sent: it stays one segment and, never a valid id, answers 400.
// The result is escaped again, because the adapter pastes it into a URL that it parses.
func routePath(path, prefix string) string {
	if path == prefix {
		path = "/"
	} else if strings.HasPrefix(path, prefix+"/") {
		path = path[len(prefix):]
	}
	segments := strings.Split(path, "/")
	for i, segment := range segments {
		if decoded, err := url.PathUnescape(segment); err == nil && utf8.ValidString(decoded) && !strings.Contains(decoded, "/") {
			segments[i] = decoded
		}
	}
	return (&url.URL{Path: strings.Join(segments, "/")}).EscapedPath()
}
