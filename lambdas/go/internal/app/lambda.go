package app

import (
	"context"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"
	ginadapter "github.com/awslabs/aws-lambda-go-api-proxy/gin"
	"github.com/gin-gonic/gin"
)

// LambdaHandler turns API Gateway REST (v1) proxy events into requests to the engine
// through aws-lambda-go-api-proxy's Gin adapter.
type LambdaHandler func(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error)

// RequestIDHeader is the contract's response header: the invocation's request id, the
// RequestId of its REPORT line, so a client can find the invocation's Duration in the logs.
const RequestIDHeader = "Lambda-Request-Id"

// NewLambdaHandler serves the engine under prefix (/go): the prefix is stripped from the
// event's path so that the app routes the contract's paths at the root. Every answer gets
// the invocation's request id.
func NewLambdaHandler(engine *gin.Engine, prefix string) LambdaHandler {
	adapter := ginadapter.New(engine)
	return func(ctx context.Context, event events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
		event.Path = routePath(event.Path, prefix)
		response, err := adapter.ProxyWithContext(ctx, event)
		if lc, ok := lambdacontext.FromContext(ctx); ok && err == nil && lc.AwsRequestID != "" {
			withRequestID(&response, lc.AwsRequestID)
		}
		return response, err
	}
}

// withRequestID sets the header in both header maps (API Gateway merges them, one value).
func withRequestID(response *events.APIGatewayProxyResponse, id string) {
	if response.Headers == nil {
		response.Headers = map[string]string{}
	}
	response.Headers[RequestIDHeader] = id
	if response.MultiValueHeaders != nil {
		response.MultiValueHeaders[RequestIDHeader] = []string{id}
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
