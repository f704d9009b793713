package httpx

import (
	"net"
	"net/http"
	"strings"
)

// ClientIP returns the address of the client that sent r: the peer's,
// or, behind a proxy we trust, the last address the proxy appended to
// X-Forwarded-For (earlier ones are the client's to write as it likes).
func ClientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); net.ParseIP(ip) != nil {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// IsTLS reports whether the client reached us over TLS: directly, or,
// behind a proxy we trust, as its X-Forwarded-Proto says.
func IsTLS(r *http.Request, trustProxy bool) bool {
	if r.TLS != nil {
		return true
	}
	return trustProxy && strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https")
}
