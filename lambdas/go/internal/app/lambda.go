package app

import (
	"context"
	"net/url"
	"strings"

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

// routePath strips the prefix (as a whole segment: /gopher is not under /go) and
// re-escapes the path, because the adapter pastes it into a URL that it parses: a
// literal "%" or "?" in a path would otherwise fail the parse or cut the path short.
func routePath(path, prefix string) string {
	if path == prefix {
		path = "/"
	} else if strings.HasPrefix(path, prefix+"/") {
		path = path[len(prefix):]
	}
	return (&url.URL{Path: path}).EscapedPath()
}
