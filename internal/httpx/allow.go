package httpx

import (
	"net/http"
	"slices"
	"strings"
)

// allowMethods are the methods Allow asks a mux about.
var allowMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// Allow returns the methods, comma-separated, for which mux has a route
// of r's path other than its catch-all patterns, or "" when it has none.
// A mux that ends in a catch-all ("/") answers a known path asked with
// the wrong method there, as not found; its handler asks Allow to
// answer 405 with this list instead.
//
// A request that matches a route of its own (whose handler found nothing
// and answers not found) gets "": the method was not the problem.
func Allow(mux *http.ServeMux, r *http.Request, catchAll ...string) string {
	if _, pattern := mux.Handler(r); pattern != "" && !slices.Contains(catchAll, pattern) {
		return ""
	}
	var allow []string
	for _, m := range allowMethods {
		if m == r.Method {
			continue
		}
		probe := *r
		probe.Method = m
		if _, pattern := mux.Handler(&probe); pattern != "" && !slices.Contains(catchAll, pattern) {
			allow = append(allow, m)
		}
	}
	return strings.Join(allow, ", ")
}
