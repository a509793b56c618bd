// Command platformbench measures the Go runtime's cold start on the local platform
// (platform/): for each memory size it starts the platform with only the go runtime,
// forces fresh instances (a short idle timeout reclaims each one before the next
// request), and prints the platform's Init Duration (instance spawned → first
// /invocation/next, as Lambda defines it) and the client's end-to-end time of the cold
// request. A benchmark that prints numbers, not a test.
//
// Usage (from lambdas/go, after the root npm ci): go run ./tools/platformbench [-n 20] [-memory 128,512,1769]
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/freeport"
)

const idleTimeout = 300 * time.Millisecond

func main() {
	runs := flag.Int("n", 20, "cold starts per memory size")
	memories := flag.String("memory", "128,512,1769", "memory sizes (MB), comma-separated")
	flag.Parse()
	repo, err := filepath.Abs("../..")
	check(err)
	for _, memory := range strings.Split(*memories, ",") {
		check(benchMemory(repo, strings.TrimSpace(memory), *runs))
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "platformbench:", err)
		os.Exit(1)
	}
}

func benchMemory(repo, memory string, runs int) error {
	port, err := freeport.Loopback()
	if err != nil {
		return err
	}
	reportFile := filepath.Join(os.TempDir(), fmt.Sprintf("go-platformbench-%s-%d.jsonl", memory, os.Getpid()))
	defer os.Remove(reportFile)
	cmd := exec.Command("node", "node_modules/tsx/dist/cli.mjs", "platform/src/cli.ts", "--port", fmt.Sprint(port),
		"--runtime", "go", "--memory", memory, "--idle-timeout-ms", fmt.Sprint(idleTimeout.Milliseconds()),
		"--report-file", reportFile, "--quiet")
	cmd.Dir = repo
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // stop the platform's whole tree after
	output, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return err
	}
	defer func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) // the platform stops its instances and dynalite
		_ = cmd.Wait()
	}()
	limits := waitReady(output)
	base := fmt.Sprintf("http://127.0.0.1:%d", port)

	var clientTimes []float64
	for i := 0; i < runs; i++ {
		start := time.Now()
		res, err := http.Get(base + "/go/health")
		if err != nil {
			return err
		}
		var health struct{ ColdStart bool }
		err = json.NewDecoder(res.Body).Decode(&health)
		res.Body.Close()
		elapsed := time.Since(start)
		if err != nil || res.StatusCode != 200 || !health.ColdStart {
			return fmt.Errorf("%s MB: request %d was not a cold 200 (status %d, %v)", memory, i, res.StatusCode, err)
		}
		clientTimes = append(clientTimes, float64(elapsed.Microseconds())/1000)
		time.Sleep(2 * idleTimeout) // let the platform reclaim the instance
	}
	time.Sleep(500 * time.Millisecond) // the platform batches its report writes
	initTimes, maxMemory, err := readReport(reportFile)
	if err != nil {
		return err
	}
	fmt.Printf("%s MB (limits %s): Init Duration %s; cold GET /go/health end to end %s; Max Memory Used %d MB\n",
		memory, limits, summary(initTimes), summary(clientTimes), maxMemory)
	return nil
}

// waitReady reads the platform's banner up to "ready" and returns its limits line.
func waitReady(output io.Reader) string {
	limits := "unknown"
	scanner := bufio.NewScanner(output)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if strings.HasPrefix(line, "limits") {
			limits = strings.TrimSpace(strings.TrimPrefix(line, "limits"))
		}
		if strings.HasPrefix(line, "Ctrl-C") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, output) }()
	return limits
}

func readReport(file string) ([]float64, int, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, 0, err
	}
	var inits []float64
	maxMemory := 0
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r struct {
			InitDurationMs  *float64 `json:"initDurationMs"`
			MaxMemoryUsedMb *int     `json:"maxMemoryUsedMb"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, 0, err
		}
		if r.InitDurationMs != nil {
			inits = append(inits, *r.InitDurationMs)
		}
		if r.MaxMemoryUsedMb != nil && *r.MaxMemoryUsedMb > maxMemory {
			maxMemory = *r.MaxMemoryUsedMb
		}
	}
	return inits, maxMemory, nil
}

func summary(values []float64) string {
	if len(values) == 0 {
		return "no samples"
	}
	sort.Float64s(values)
	return fmt.Sprintf("median %.1f ms (p90 %.1f, min %.1f, max %.1f, n=%d)",
		values[len(values)/2], values[len(values)*9/10], values[0], values[len(values)-1], len(values))
}
