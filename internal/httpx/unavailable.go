package httpx

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
)

// RetryAfter is what a 503 tells clients to wait, in seconds: about as
// long as a database restart takes.
const RetryAfter = "5"

// Unavailable reports whether err says the database cannot be reached
// now — refused or dropped connections, a server shutting down or
// starting up — rather than that the request is wrong: such a request
// may succeed when tried again, and is answered 503.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var op *net.OpError
	var state interface{ SQLState() string }
	switch {
	case errors.As(err, &op), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, io.ErrUnexpectedEOF):
		return true
	case errors.As(err, &state):
		// 08: connection exception; 57P01-57P03: the server is shutting
		// down, restarting or cannot accept connections yet.
		c := state.SQLState()
		return strings.HasPrefix(c, "08") || c == "57P01" || c == "57P02" || c == "57P03"
	}
	// The PostgreSQL driver's own words for a connection it lost.
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "failed to connect to")
}

// retryAfter sets Retry-After on every 503 that does not say otherwise.
type retryAfter struct{ http.ResponseWriter }

func (w retryAfter) WriteHeader(code int) {
	if code == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", RetryAfter)
	}
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection underneath.
func (w retryAfter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
