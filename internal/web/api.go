package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// API responses are public and change as stories are published: shared
// caches may keep them briefly. Any site may read them (CORS), since
// they hold nothing a reader could not see on the pages.
const apiCacheControl = "public, max-age=30"

// writeJSON writes v as the JSON body of a response with status. v is
// encoded first, so an encoding error becomes a clean 500.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // served as JSON, never as HTML
	if err := enc.Encode(v); err != nil {
		buf.Reset()
		buf.WriteString(`{"error":"internal error"}` + "\n")
		status = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Access-Control-Allow-Origin", "*")
	if status < 500 {
		h.Set("Cache-Control", apiCacheControl)
	} else {
		h.Set("Cache-Control", "no-store")
	}
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
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
	writeJSONError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed; use GET")
}
