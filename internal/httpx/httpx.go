// Package httpx is what khabar's two sites — the public one and the
// newsroom — share of HTTP: domain errors mapped to statuses in one
// place, JSON in and out with limits, template pages rendered whole
// before they are sent, hashed static assets, the client's address and
// the security headers every response carries. It knows nothing of
// either site's pages.
package httpx

import (
	"net/http"

	"khabar/internal/news"
)

// statusOf maps domain error codes to HTTP statuses: the one place where
// that happens. Any other code, EINTERNAL included, is a 500.
var statusOf = map[string]int{
	news.ENOTFOUND:     http.StatusNotFound,
	news.EINVALID:      http.StatusBadRequest,
	news.ECONFLICT:     http.StatusConflict,
	news.ESTALE:        http.StatusPreconditionFailed,
	news.EFORBIDDEN:    http.StatusForbidden,
	news.EUNAUTHORIZED: http.StatusUnauthorized,
	news.EGONE:         http.StatusGone,
	news.ETHROTTLED:    http.StatusTooManyRequests,
	news.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	news.EMEDIATYPE:    http.StatusUnsupportedMediaType,
	news.EUNAVAILABLE:  http.StatusServiceUnavailable,
}

// Status returns the HTTP status for err: its domain code's, 503 when
// the database cannot be reached (Unavailable), or 500.
func Status(err error) int {
	code := news.ErrorCode(err)
	if s, ok := statusOf[code]; ok {
		return s
	}
	if code == news.EINTERNAL && Unavailable(err) {
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// contentSecurityPolicy allows no inline script or style: every script
// and stylesheet is a hashed file of our own.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data: https:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// Secure sets the headers every response carries, and Retry-After on a
// 503.
func Secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(retryAfter{w}, r)
	})
}
