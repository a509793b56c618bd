package freeport

import (
	"net"
	"strconv"
	"testing"
)

func TestLoopbackIsAPortThatCanBeListenedOn(t *testing.T) {
	// Act
	port, err := Loopback()

	// Assess
	if err != nil {
		t.Fatalf("Loopback: %v", err)
	}
	if port <= 0 || port > 65535 {
		t.Fatalf("port %d is not a TCP port", port)
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatalf("the port is not free: %v", err)
	}
	l.Close()
}
