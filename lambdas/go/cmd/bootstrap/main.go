// Command bootstrap is the Lambda entry for provided.al2023: it builds the telemetry,
// the store (and its DynamoDB client, traced by X-Ray) and the Gin app once, at init,
// then serves API Gateway REST (v1) proxy events through aws-lambda-go's own Runtime API
// client.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/app"
	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/domain"
	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/dynamodbstore"
	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/initclock"
	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/observability"
)

func main() {
	instance := app.NewInstance(initclock.Start)
	telemetry := observability.New(os.Stdout, os.Getenv, domain.RuntimeName)
	slog.SetDefault(telemetry.Logger)
	items, err := dynamodbstore.NewFromEnv(context.Background(), func(cfg *aws.Config) { observability.TraceAWS(cfg, telemetry.Logger) })
	if err != nil {
		slog.Error("init failed", "error", err.Error())
		os.Exit(1) // the platform reports a failed init, as Lambda does
	}
	handler := app.NewLambdaHandler(app.New(app.Deps{Store: items, Instance: instance}), "/"+domain.RuntimeName)
	instance.Initialised()
	lambda.Start(observability.Observe(telemetry, handler, func() observability.ColdStart {
		return observability.ColdStart{InitDurationMs: instance.InitDurationMs(), InstanceID: instance.ID()}
	}))
}
