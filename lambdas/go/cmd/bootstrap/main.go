// Command bootstrap is the Lambda entry for provided.al2023: it builds the store (and
// its DynamoDB client) and the Gin app once, at init, then serves API Gateway REST (v1)
// proxy events through aws-lambda-go's own Runtime API client.
package main

import (
	"context"
	"log"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/app"
	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/domain"
	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/dynamodbstore"
	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/initclock"
)

func main() {
	instance := app.NewInstance(initclock.Start)
	items, err := dynamodbstore.NewFromEnv(context.Background())
	if err != nil {
		log.Fatalf("init: %v", err) // the platform reports a failed init, as Lambda does
	}
	handler := app.NewLambdaHandler(app.New(app.Deps{Store: items, Instance: instance}), "/"+domain.RuntimeName)
	instance.Initialised()
	lambda.Start(handler)
}
