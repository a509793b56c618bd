module github.com/multi-runtime-api-benchmark/bench/floors/go

go 1.26

require github.com/aws/aws-lambda-go v1.55.1
