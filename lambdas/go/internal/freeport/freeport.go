// Package freeport finds a free TCP port on the loopback interface, for a child process
// (dynalite, the platform) that must be told its port before it starts.
package freeport

import "net"

// Loopback is a TCP port on 127.0.0.1 that was free a moment ago: the OS picked it
// (port 0) and the listener is closed again, so the caller can hand it on.
func Loopback() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
