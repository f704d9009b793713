package server_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"khabar/internal/config"
	"khabar/internal/metrics"
	"khabar/internal/server"
	"khabar/internal/store/storetest"
)

// BenchmarkCachedArticle serves a cached article through the whole
// handler as serve builds it (metrics, routing, the cache), without
// the network: what a hit costs the server besides net/http.
func BenchmarkCachedArticle(b *testing.B) {
	st := storetest.SQLite(b)
	d := newDesk(b, st).market
	cache := server.NewCache(server.CacheOptions{MaxBytes: 8 << 20})
	m := metrics.New(metrics.Sources{Cache: cache, Pool: st.PoolStats})
	h, _ := server.Handler(st, config.Defaults(), server.Options{Cache: cache, Metrics: m}, slog.New(slog.DiscardHandler))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/news/"+itoa(d.Code), nil))
	path := rec.Header().Get("Location")
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	h.ServeHTTP(httptest.NewRecorder(), req)
	w := &discard{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
		if w.code != http.StatusOK || w.h.Get("X-Cache") != "hit" {
			b.Fatal(w.code, w.h.Get("X-Cache"))
		}
	}
}

type discard struct {
	h    http.Header
	code int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(c int)           { d.code = c }
