package app

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/multi-runtime-api-benchmark/contract/contract"

	"github.com/multi-runtime-api-benchmark/lambdas/go/internal/domain"
)

// Instance holds the facts about this Lambda instance (execution environment) that
// /health and /metrics report.
type Instance struct {
	id          string
	start       time.Time
	initOnce    sync.Once
	initDone    time.Duration
	invocations atomic.Int64
}

// NewInstance starts an instance's figures from the process's start time.
func NewInstance(processStart time.Time) *Instance {
	return &Instance{id: uuid.NewString(), start: processStart}
}

// Initialised records the end of the handler's initialisation; later calls keep the first.
func (i *Instance) Initialised() {
	i.initOnce.Do(func() { i.initDone = time.Since(i.start) })
}

// ID is the instance's id, as /metrics reports it.
func (i *Instance) ID() string { return i.id }

// InitDurationMs is the handler's initialisation, in milliseconds, as /metrics reports it.
func (i *Instance) InitDurationMs() float64 {
	i.Initialised()
	return milliseconds(i.initDone)
}

// invoked counts one invocation and returns its number (1 is the cold start).
func (i *Instance) invoked() int64 { return i.invocations.Add(1) }

func (i *Instance) health(invocation int64) contract.Health {
	return contract.Health{
		Status:         "ok",
		Runtime:        domain.RuntimeName,
		Version:        domain.ContractVersion,
		RuntimeVersion: "go " + runtime.Version(),
		ColdStart:      invocation == 1,
	}
}

func (i *Instance) metrics(invocation int64) contract.Metrics {
	i.Initialised() // an app served without a Lambda entry counts init up to its first request
	return contract.Metrics{
		Runtime:        domain.RuntimeName,
		InstanceId:     i.id,
		ColdStart:      invocation == 1,
		InitDurationMs: milliseconds(i.initDone),
		Invocations:    i.invocations.Load(),
		UptimeMs:       milliseconds(time.Since(i.start)),
		Memory:         contract.MetricsMemory{RssBytes: residentSetBytes()},
	}
}

func milliseconds(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

// residentSetBytes reads the process's resident set from /proc (Linux, as on Lambda); 0 elsewhere.
func residentSetBytes() int64 {
	statm, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(statm))
	if len(fields) < 2 {
		return 0
	}
	pages, err := strconv.ParseInt(fields[1], 10, 64)
	if err != nil {
		return 0
	}
	return pages * int64(os.Getpagesize())
}
