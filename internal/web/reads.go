package web

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"
)

// ReadFlushEvery is how often serve adds the views counted in memory to
// the database. A node that stops cleanly flushes what it holds first;
// one that crashes loses at most this much of its counts.
const ReadFlushEvery = 30 * time.Second

// ReadStore is where a ReadCounter adds its counts. *store.Store
// satisfies it; every node adds to the same rows, so their counts merge.
type ReadStore interface {
	AddReads(ctx context.Context, counts map[int64]int64, at time.Time) error
}

// readShards spreads the counter's lock: requests for different stories
// rarely wait on each other.
const readShards = 32

// ReadCounter counts readers' views of articles in memory, without a
// database write per request, and adds them to the store in batches
// (Flush, Run). Its memory is one map entry per story read since the
// last flush.
type ReadCounter struct {
	store  ReadStore
	now    func() time.Time
	shards [readShards]readShard
}

type readShard struct {
	mu sync.Mutex
	m  map[int64]int64
	_  [40]byte // keeps neighbouring shards off one cache line
}

// NewReadCounter returns a counter that flushes into st, stamping each
// flush with now (time.Now when nil).
func NewReadCounter(st ReadStore, now func() time.Time) *ReadCounter {
	if now == nil {
		now = time.Now
	}
	c := &ReadCounter{store: st, now: now}
	for i := range c.shards {
		c.shards[i].m = map[int64]int64{}
	}
	return c
}

// Count records one view of a story.
func (c *ReadCounter) Count(storyID int64) {
	sh := &c.shards[uint64(storyID)%readShards]
	sh.mu.Lock()
	sh.m[storyID]++
	sh.mu.Unlock()
}

// Pending returns how many views are counted but not yet flushed.
func (c *ReadCounter) Pending() int64 {
	var n int64
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		for _, v := range sh.m {
			n += v
		}
		sh.mu.Unlock()
	}
	return n
}

// Flush adds the counted views to the store in one write and starts
// counting afresh. When the write fails the views are kept for the next
// flush, and the error returned.
func (c *ReadCounter) Flush(ctx context.Context) error {
	batch := map[int64]int64{}
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		m := sh.m
		if len(m) > 0 {
			sh.m = make(map[int64]int64, len(m))
		}
		sh.mu.Unlock()
		for id, n := range m {
			batch[id] += n
		}
	}
	if len(batch) == 0 {
		return nil
	}
	if err := c.store.AddReads(ctx, batch, c.now()); err != nil {
		for id, n := range batch {
			sh := &c.shards[uint64(id)%readShards]
			sh.mu.Lock()
			sh.m[id] += n
			sh.mu.Unlock()
		}
		return err
	}
	return nil
}

// Run flushes every interval until ctx ends, then once more, so a node
// stopped cleanly loses nothing. report, when not nil, hears failures.
func (c *ReadCounter) Run(ctx context.Context, interval time.Duration, report func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if err := c.Flush(fctx); err != nil && report != nil {
				report(err)
			}
			return
		case <-t.C:
			if err := c.Flush(ctx); err != nil && report != nil && ctx.Err() == nil {
				report(err)
			}
		}
	}
}

// robots are words in the User-Agent of crawlers, link previewers and
// scripts; their requests are not readers' views.
var robots = []string{
	"bot", "crawl", "spider", "slurp", "facebookexternalhit", "embedly", "preview", "feedfetcher",
	"curl/", "wget/", "python-", "go-http-client", "java/", "okhttp", "libwww", "httpclient", "scrapy",
	"lighthouse", "pingdom", "uptime", "monitor",
}

// isReader reports whether r looks like a person reading: a browser's
// GET, not a robot by its User-Agent, not a prefetch.
func isReader(r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	if p := r.Header.Get("Sec-Purpose") + r.Header.Get("Purpose") + r.Header.Get("X-Moz"); strings.Contains(p, "prefetch") {
		return false
	}
	ua := strings.ToLower(r.Header.Get("User-Agent"))
	if ua == "" {
		return false
	}
	for _, w := range robots {
		if strings.Contains(ua, w) {
			return false
		}
	}
	return true
}
