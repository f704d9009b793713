// Package metrics is what khabar tells its operators while it runs: the
// Prometheus metrics served at /metrics, and an access log line per
// request.
package metrics

import (
	"context"
	"database/sql"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"khabar/internal/pagecache"
)

// Metrics are one process's metrics.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	search   prometheus.Histogram
	lag      prometheus.Gauge
	applied  prometheus.Gauge
	sched    *prometheus.CounterVec
}

// Sources are what the metrics read from the rest of the process; each
// may be nil.
type Sources struct {
	Cache *pagecache.Cache
	Pool  func() sql.DBStats
}

// New returns the process's metrics.
func New(src Sources) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "khabar_http_requests_total", Help: "HTTP requests answered, by route pattern and status.",
	}, []string{"route", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "khabar_http_request_duration_seconds", Help: "Time to answer a request, by route pattern.",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	}, []string{"route"})
	m.search = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "khabar_search_duration_seconds", Help: "Time the store takes to answer a search.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
	})
	m.lag = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "khabar_changelog_lag_seconds", Help: "How long after it was written this node applied the newest change it applied.",
	})
	m.applied = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "khabar_changelog_applied", Help: "The newest change-log id this node applied to its caches.",
	})
	m.sched = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "khabar_scheduler_runs_total", Help: "Runs of the scheduled publisher on this node, by result: published (stories), idle, skipped (another node held the lock), error.",
	}, []string{"result"})
	m.reg.MustRegister(m.requests, m.latency, m.search, m.lag, m.applied, m.sched,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if c := src.Cache; c != nil {
		counter := func(name, help string, v func(pagecache.Stats) int64) {
			m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
				func() float64 { return float64(v(c.Stats())) }))
		}
		gauge := func(name, help string, v func(pagecache.Stats) int64) {
			m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help},
				func() float64 { return float64(v(c.Stats())) }))
		}
		counter("khabar_pagecache_hits_total", "Pages answered from the page cache.", func(s pagecache.Stats) int64 { return s.Hits })
		counter("khabar_pagecache_misses_total", "Pages the page cache did not hold.", func(s pagecache.Stats) int64 { return s.Misses })
		counter("khabar_pagecache_bypasses_total", "Requests the page cache let by (newsroom users, writes).", func(s pagecache.Stats) int64 { return s.Bypasses })
		counter("khabar_pagecache_evictions_total", "Pages evicted to stay under the byte bound.", func(s pagecache.Stats) int64 { return s.Evictions })
		counter("khabar_pagecache_invalidations_total", "Pages dropped because the content they show changed.", func(s pagecache.Stats) int64 { return s.Invalidations })
		gauge("khabar_pagecache_bytes", "Bytes the stored pages take.", func(s pagecache.Stats) int64 { return s.Bytes })
		gauge("khabar_pagecache_entries", "Pages stored.", func(s pagecache.Stats) int64 { return int64(s.Entries) })
	}
	if src.Pool != nil {
		gauge := func(name, help string, v func(sql.DBStats) int) {
			m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help},
				func() float64 { return float64(v(src.Pool())) }))
		}
		gauge("khabar_db_connections_open", "Database connections open.", func(s sql.DBStats) int { return s.OpenConnections })
		gauge("khabar_db_connections_in_use", "Database connections in use.", func(s sql.DBStats) int { return s.InUse })
		gauge("khabar_db_connections_max", "The most database connections the pool opens.", func(s sql.DBStats) int { return s.MaxOpenConnections })
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "khabar_db_wait_seconds_total", Help: "Time spent waiting for a free database connection.",
		}, func() float64 { return src.Pool().WaitDuration.Seconds() }))
	}
	return m
}

// ObserveSearch records how long a search took.
func (m *Metrics) ObserveSearch(d time.Duration) { m.search.Observe(d.Seconds()) }

// ChangeApplied records that this node applied the change log up to
// last, lag after the newest of them was written.
func (m *Metrics) ChangeApplied(last int64, lag time.Duration) {
	m.applied.Set(float64(last))
	m.lag.Set(max(lag.Seconds(), 0))
}

// SchedulerRun records a run of the scheduled publisher: "published",
// "idle", "skipped" or "error".
func (m *Metrics) SchedulerRun(result string) { m.sched.WithLabelValues(result).Inc() }

// Handler serves the metrics to the networks in from, and 403 to the
// rest. A request a proxy forwarded is judged by every address it names
// too, so a proxy on loopback does not open /metrics to the world.
func (m *Metrics) Handler(from []netip.Prefix) http.Handler {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !allowed(r, from) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte("دسترسی به سنجه‌ها فقط از نشانی‌های مجاز ممکن است\n"))
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

func allowed(r *http.Request, from []netip.Prefix) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addrs := []string{host}
	for _, v := range r.Header.Values("X-Forwarded-For") {
		addrs = append(addrs, strings.Split(v, ",")...)
	}
	if len(r.Header.Values("Forwarded")) > 0 {
		return false // its syntax is not worth parsing here: refuse
	}
	for _, a := range addrs {
		ip, err := netip.ParseAddr(strings.TrimSpace(a))
		if err != nil || !within(ip.Unmap(), from) {
			return false
		}
	}
	return true
}

func within(ip netip.Addr, from []netip.Prefix) bool {
	for _, p := range from {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// Middleware counts and times every request by its route pattern and
// status, and, when log is not nil, writes an access log line for it:
// method, route, status, bytes, duration and what the page cache did.
func (m *Metrics) Middleware(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		took := time.Since(start)
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(route, statusText(status)).Inc()
		m.latency.WithLabelValues(route).Observe(took.Seconds())
		if log != nil {
			log.LogAttrs(context.Background(), slog.LevelInfo, "request",
				slog.String("method", r.Method), slog.String("route", route), slog.Int("status", status),
				slog.Int64("bytes", sw.bytes), slog.Duration("took", took),
				slog.String("cache", w.Header().Get("X-Cache")))
		}
	})
}

// statusText is strconv.Itoa, without an allocation for the usual codes.
func statusText(code int) string {
	switch code {
	case 200:
		return "200"
	case 304:
		return "304"
	case 301:
		return "301"
	case 404:
		return "404"
	}
	return strconv.Itoa(code)
}

// statusWriter remembers the status and counts the bytes of an answer.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
