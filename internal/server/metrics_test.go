package server_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"khabar/internal/config"
	"khabar/internal/metrics"
	"khabar/internal/server"
	"khabar/internal/store/storetest"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestMetricsAndAccessLog(t *testing.T) {
	st := storetest.SQLite(t)
	d := newDesk(t, st)
	cache := server.NewCache(server.CacheOptions{MaxBytes: 8 << 20})
	m := metrics.New(metrics.Sources{Cache: cache, Pool: st.PoolStats})
	var logged lockedBuffer
	cfg := config.Defaults()
	from, err := config.ParseNetworks(cfg.MetricsFrom)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := server.Handler(st, cfg, server.Options{Cache: cache, Metrics: m, MetricsFrom: from,
		AccessLog: slog.New(slog.NewTextHandler(&logged, nil))}, slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(h)
	defer srv.Close()
	n := &node{t: t, st: st, srv: srv}
	article := n.url(d.market)
	n.get(article)
	n.get(article)
	n.get("/search?q=" + "بورس")

	got := n.get("/metrics")
	if got.status != http.StatusOK {
		t.Fatalf("/metrics from loopback: %d", got.status)
	}
	for _, want := range []string{
		`khabar_http_requests_total{route="GET /news/{code}/{slug}",status="200"} 2`,
		`khabar_http_requests_total{route="GET /news/{code}",status="301"} 1`,
		`khabar_http_request_duration_seconds_bucket{route="GET /news/{code}/{slug}"`,
		"khabar_pagecache_hits_total 1",
		"khabar_pagecache_misses_total",
		"khabar_pagecache_evictions_total 0",
		"khabar_pagecache_bytes ",
		"khabar_search_duration_seconds_count 1",
		"khabar_db_connections_open ",
		"khabar_changelog_lag_seconds",
	} {
		if !strings.Contains(got.body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if got := n.get("/metrics", "X-Forwarded-For", "203.0.113.9"); got.status != http.StatusForbidden {
		t.Errorf("/metrics for a client a proxy forwarded: %d, want 403", got.status)
	}

	line := ""
	for _, l := range strings.Split(logged.String(), "\n") {
		if strings.Contains(l, `route="GET /news/{code}/{slug}"`) && strings.Contains(l, "cache=hit") {
			line = l
		}
	}
	if line == "" {
		t.Fatalf("no access log line for the cached article:\n%s", logged.String())
	}
	for _, want := range []string{"method=GET", "status=200", "bytes=", "took="} {
		if !strings.Contains(line, want) {
			t.Errorf("access log line %q lacks %s", line, want)
		}
	}
}

func TestMetricsOnlyFromTheGivenNetworks(t *testing.T) {
	st := storetest.SQLite(t)
	m := metrics.New(metrics.Sources{})
	h, _ := server.Handler(st, config.Defaults(), server.Options{Metrics: m,
		MetricsFrom: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}, slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(h)
	defer srv.Close()
	n := &node{t: t, st: st, srv: srv}
	if got := n.get("/metrics"); got.status != http.StatusForbidden || !strings.Contains(got.body, "سنجه") {
		t.Errorf("/metrics from loopback when only 10/8 may: %d %q", got.status, got.body)
	}
}
