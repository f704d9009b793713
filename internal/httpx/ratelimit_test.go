package httpx

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2023, 10, 26, 13, 15, 0, 0, time.UTC)
	l := NewLimiter(60, func() time.Time { return now })
	// A burst of ten (a sixth of a minute's 60), then one a second.
	for i := range 10 {
		if ok, _ := l.Allow("192.0.2.7"); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, retry := l.Allow("192.0.2.7")
	if ok || retry != time.Second {
		t.Errorf("past the burst: ok %v, retry %v", ok, retry)
	}
	if ok, _ := l.Allow("192.0.2.8"); !ok {
		t.Error("another address refused")
	}
	now = now.Add(time.Second)
	if ok, _ := l.Allow("192.0.2.7"); !ok {
		t.Error("refused a second later")
	}
	if ok, _ := l.Allow("192.0.2.7"); ok {
		t.Error("allowed twice in a second")
	}
	// One IPv6 host holds a /64: its addresses share a bucket.
	for i := range 10 {
		l.Allow("2001:db8:1:2::" + itoa(i+1))
	}
	if ok, _ := l.Allow("2001:db8:1:2:ffff::1"); ok {
		t.Error("a /64 got more than its burst")
	}
	if ok, _ := l.Allow("2001:db8:1:3::1"); !ok {
		t.Error("the next /64 refused")
	}
	if ok, _ := l.Allow("::ffff:192.0.2.8"); !ok {
		t.Error("IPv4-mapped address not counted as its IPv4 address")
	}
	var none *Limiter = NewLimiter(0, nil)
	if ok, _ := none.Allow("192.0.2.7"); !ok || none != nil {
		t.Error("a limit of 0 limits")
	}
}

func TestLimiterMemoryBounded(t *testing.T) {
	now := time.Now()
	l := NewLimiter(600, func() time.Time { return now })
	for i := range maxClients + 10 {
		l.Allow("10." + itoa(i>>16&255) + "." + itoa(i>>8&255) + "." + itoa(i&255))
	}
	if n := len(l.buckets); n > maxClients {
		t.Errorf("%d buckets kept, more than %d", n, maxClients)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
