// Command initbench measures the Go runtime's cold start without the platform: it
// starts dist/lambda/bootstrap as fresh processes against a tiny fake Lambda Runtime
// API on 127.0.0.1 and times process start → first /invocation/next (what Lambda
// reports as Init Duration) and the first invocation (GET /go/health), then prints
// medians with the zip's size. A benchmark that prints numbers, not a test.
//
// Usage (after bash build.sh): go run ./tools/initbench [-n 30]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"time"
)

type sample struct{ init, firstInvoke time.Duration }

func main() {
	runs := flag.Int("n", 30, "fresh processes to start")
	bootstrap := flag.String("bootstrap", "dist/lambda/bootstrap", "the binary to start")
	zipPath := flag.String("zip", "dist/go.zip", "the deployable artifact to size")
	flag.Parse()

	var samples []sample
	for i := 0; i < *runs; i++ {
		s, err := coldStart(*bootstrap)
		if err != nil {
			fmt.Fprintln(os.Stderr, "initbench:", err)
			os.Exit(1)
		}
		samples = append(samples, s)
	}
	if info, err := os.Stat(*zipPath); err == nil {
		fmt.Printf("zip %s: %d bytes (%.2f MiB)\n", *zipPath, info.Size(), float64(info.Size())/(1<<20))
	}
	report("init (start → first /next)", samples, func(s sample) time.Duration { return s.init })
	report("first invocation (GET /go/health)", samples, func(s sample) time.Duration { return s.firstInvoke })
}

func report(name string, samples []sample, pick func(sample) time.Duration) {
	values := make([]time.Duration, len(samples))
	for i, s := range samples {
		values[i] = pick(s)
	}
	sort.Slice(values, func(i, j int) bool { return values[i] < values[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	fmt.Printf("%s over %d runs: median %.2f ms, p90 %.2f ms, min %.2f ms, max %.2f ms\n", name, len(values),
		ms(values[len(values)/2]), ms(values[len(values)*9/10]), ms(values[0]), ms(values[len(values)-1]))
}

// coldStart runs one fresh process through one invocation.
func coldStart(bootstrap string) (sample, error) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return sample{}, err
	}
	var started, nextAt, respondedAt time.Time
	var mu sync.Mutex // nextAt is written and read by the server's goroutines
	done := make(chan error, 1)
	finish := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		second := !nextAt.IsZero()
		if !second {
			nextAt = time.Now()
		}
		mu.Unlock()
		if second {
			<-finish // the second /next: hold it, as Lambda freezes an idle instance
			return
		}
		w.Header().Set("Lambda-Runtime-Aws-Request-Id", "bench-1")
		w.Header().Set("Lambda-Runtime-Deadline-Ms", fmt.Sprint(time.Now().Add(10*time.Second).UnixMilli()))
		w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:go")
		_ = json.NewEncoder(w).Encode(map[string]any{
			"resource": "/go/health", "path": "/go/health", "httpMethod": "GET",
			"headers": map[string]string{}, "multiValueHeaders": map[string][]string{},
			"requestContext": map[string]any{"requestId": "bench-1", "stage": "local", "resourcePath": "/go/health"},
			"body":           nil, "isBase64Encoded": false,
		})
	})
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/response", func(w http.ResponseWriter, r *http.Request) {
		respondedAt = time.Now()
		var out struct {
			StatusCode int `json:"statusCode"`
		}
		err := json.NewDecoder(r.Body).Decode(&out)
		w.WriteHeader(http.StatusAccepted)
		if err == nil && out.StatusCode != 200 {
			err = fmt.Errorf("health answered %d", out.StatusCode)
		}
		done <- err
	})
	fail := func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		done <- fmt.Errorf("the runtime reported an error on %s", r.URL.Path)
	}
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", fail)
	mux.HandleFunc("POST /2018-06-01/runtime/invocation/{id}/error", fail)
	server := &http.Server{Handler: mux}
	go func() { _ = server.Serve(listener) }()
	defer server.Close()
	defer close(finish)

	cmd := exec.Command(bootstrap)
	cmd.Env = append(minimalEnv(),
		"AWS_LAMBDA_RUNTIME_API="+listener.Addr().String(),
		"TABLE_NAME=items", "AWS_REGION=us-east-1",
		"DYNAMODB_ENDPOINT=http://127.0.0.1:1", // /health never reaches the table
		"AWS_LAMBDA_FUNCTION_NAME=go", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=512")
	cmd.Stderr = os.Stderr
	started = time.Now()
	if err := cmd.Start(); err != nil {
		return sample{}, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return sample{}, err
		}
	case <-time.After(10 * time.Second):
		return sample{}, fmt.Errorf("no response within 10 s")
	}
	mu.Lock()
	defer mu.Unlock()
	return sample{init: nextAt.Sub(started), firstInvoke: respondedAt.Sub(nextAt)}, nil
}

// minimalEnv keeps PATH and drops AWS settings of this machine, as a Lambda sandbox would.
func minimalEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	return env
}
