package observability

import (
	"encoding/json"
	"io"
)

// Namespace is the CloudWatch namespace of every runtime's metrics.
const Namespace = "MultiRuntimeBenchmark"

// There is no AWS-kept EMF library for Go (Powertools has none), so this writes the one
// line the contract needs, the shape Powertools' add_cold_start_metric prints:
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
type emfMetric struct {
	Name string `json:"Name"`
	Unit string `json:"Unit"`
}

type emfDirective struct {
	Namespace  string      `json:"Namespace"`
	Dimensions [][]string  `json:"Dimensions"`
	Metrics    []emfMetric `json:"Metrics"`
}

type emfMetadata struct {
	Timestamp         int64          `json:"Timestamp"`
	CloudWatchMetrics []emfDirective `json:"CloudWatchMetrics"`
}

type coldStartLine struct {
	AWS          emfMetadata `json:"_aws"`
	FunctionName string      `json:"function_name"`
	Service      string      `json:"service"`
	ColdStart    []float64   `json:"ColdStart"`
}

// WriteColdStartMetric writes the ColdStart metric (Count, 1) in namespace
// MultiRuntimeBenchmark with dimensions function_name and service, as one EMF line.
func WriteColdStartMetric(w io.Writer, functionName, service string) error {
	line, err := json.Marshal(coldStartLine{
		AWS: emfMetadata{
			Timestamp: now().UnixMilli(),
			CloudWatchMetrics: []emfDirective{{
				Namespace:  Namespace,
				Dimensions: [][]string{{"function_name", "service"}},
				Metrics:    []emfMetric{{Name: "ColdStart", Unit: "Count"}},
			}},
		},
		FunctionName: functionName,
		Service:      service,
		ColdStart:    []float64{1},
	})
	if err != nil {
		return err
	}
	_, err = w.Write(append(line, '\n'))
	return err
}
