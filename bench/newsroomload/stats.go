package main

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// sample is the latencies of one kind of request, and its failures.
type sample struct {
	lat    []time.Duration
	errs   int
	sorted bool
}

// add records one request: its latency when it succeeded, a failure
// when it did not.
func (s *sample) add(d time.Duration, err error) {
	if err != nil {
		s.errs++
		return
	}
	s.lat = append(s.lat, d)
	s.sorted = false
}

// pct returns the p-th quantile (0 < p ≤ 1) in milliseconds, by nearest
// rank; 0 when nothing succeeded.
func (s *sample) pct(p float64) float64 {
	if len(s.lat) == 0 {
		return 0
	}
	if !s.sorted {
		slices.Sort(s.lat)
		s.sorted = true
	}
	return ms(s.lat[min(len(s.lat)-1, int(p*float64(len(s.lat))))])
}

func (s *sample) max() float64 {
	if len(s.lat) == 0 {
		return 0
	}
	return ms(slices.Max(s.lat))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// line is the sample as one line of the report.
func (s *sample) line() string {
	return fmt.Sprintf("requests %d errors %d p50 %.2f ms p95 %.2f ms p99 %.2f ms max %.2f ms",
		len(s.lat), s.errs, s.pct(0.50), s.pct(0.95), s.pct(0.99), s.max())
}

// summary collects key=value pairs for the report's last line, which
// bench/newsroom reads.
type summary []string

func (m *summary) num(key string, v float64) { *m = append(*m, fmt.Sprintf("%s=%.2f", key, v)) }

func (m *summary) count(key string, n int) { *m = append(*m, fmt.Sprintf("%s=%d", key, n)) }

// sample adds the count, failures and percentiles of s under prefix.
func (m *summary) sample(prefix string, s *sample) {
	m.count(prefix+"_n", len(s.lat))
	m.count(prefix+"_err", s.errs)
	m.num(prefix+"_p50", s.pct(0.50))
	m.num(prefix+"_p95", s.pct(0.95))
	m.num(prefix+"_p99", s.pct(0.99))
	m.num(prefix+"_max", s.max())
}

func (m summary) String() string { return "summary " + strings.Join(m, " ") }
