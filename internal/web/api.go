package web

import (
	"net/http"

	"khabar/internal/httpx"
)

// API responses are public and change as stories are published: shared
// caches may keep them briefly. Any site may read them (CORS), since
// they hold nothing a reader could not see on the pages.
const apiCacheControl = "public, max-age=30"

// writeJSON writes v as the JSON body of a public API response: any
// site may read it (CORS), and shared caches may keep it briefly.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	httpx.WriteJSON(w, status, apiCacheControl, v)
}

// apiReadOnly answers the methods an API route does not serve: a CORS
// preflight gets what it asks for, anything else a JSON 405.
func apiReadOnly(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Allow", "GET, HEAD, OPTIONS")
	if r.Method == http.MethodOptions {
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", "GET, HEAD")
		h.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	httpx.MethodNotAllowed("GET", "HEAD", "OPTIONS")(w, r)
}
