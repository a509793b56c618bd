// The smallest Go Lambda (provided.al2023, aws-lambda-go): answers every proxy event at once.
package main

import (
	"context"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
)

func handle(_ context.Context, e events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	switch e.HTTPMethod {
	case "DELETE":
		return events.APIGatewayProxyResponse{StatusCode: 204}, nil
	case "POST":
		return reply(201), nil
	}
	return reply(200), nil
}

func reply(status int) events.APIGatewayProxyResponse {
	return events.APIGatewayProxyResponse{StatusCode: status, Headers: map[string]string{"content-type": "application/json"}, Body: `{"id":"00000000-0000-4000-8000-000000000000"}`}
}

func main() { lambda.Start(handle) }
