package httpx

import (
	"math"
	"net/netip"
	"sync"
	"time"
)

// Limiter allows each client address a number of requests a minute: a
// bucket per address holds up to a sixth of a minute's allowance (at
// least one request) and refills steadily. It keeps at most maxClients
// buckets, forgetting full ones first. It is safe for concurrent use.
type Limiter struct {
	perSecond float64
	burst     float64
	now       func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxClients bounds the memory a Limiter holds whatever the traffic.
const maxClients = 100000

// NewLimiter returns a limiter allowing perMinute requests a minute from
// each address; nil (no limit) when perMinute is 0 or less. now is the
// clock, time.Now when nil.
func NewLimiter(perMinute int, now func() time.Time) *Limiter {
	if perMinute <= 0 {
		return nil
	}
	if now == nil {
		now = time.Now
	}
	return &Limiter{
		perSecond: float64(perMinute) / 60,
		burst:     math.Max(1, float64(perMinute)/6),
		now:       now,
		buckets:   make(map[string]*bucket),
	}
}

// Allow takes one request from the bucket of the client at address ip
// and reports whether it may be served; if not, retry says when the
// next one may. A nil Limiter allows everything.
func (l *Limiter) Allow(ip string) (ok bool, retry time.Duration) {
	if l == nil {
		return true, 0
	}
	key := clientKey(ip)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxClients {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.at).Seconds(); elapsed > 0 {
		b.tokens = math.Min(l.burst, b.tokens+elapsed*l.perSecond)
	}
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := (1 - b.tokens) / l.perSecond
	return false, time.Duration(math.Ceil(wait)) * time.Second
}

// sweep forgets the clients whose buckets have refilled, and everyone if
// that is not enough.
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.at).Seconds()*l.perSecond >= l.burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= maxClients {
		clear(l.buckets)
	}
}

// clientKey is what a client is counted by: its IPv4 address, or the /64
// network of an IPv6 one, since one host is given a whole /64.
func clientKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.Prefix(64)
	return p.String()
}
