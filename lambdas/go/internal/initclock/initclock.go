// Package initclock records when the process started, as closely as Go allows: this
// package imports only time, so it is initialised before the SDK, Gin and the app
// (package initialisation order), and Start is read at that moment.
package initclock

import "time"

// Start is the process's start as this process measures it.
var Start = time.Now()
