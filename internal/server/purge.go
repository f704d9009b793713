package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Purger tells a proxy or CDN in front of the nodes what the page
// cache dropped, so that it drops the same pages rather than keep them
// until their s-maxage runs out. It posts to one URL, a JSON object
//
//	{"tags": ["story:12", "home", …]}   the pages that depend on any of these
//	{"all": true}                      every page
//
// naming the tags as the pages were sent with them in their
// Surrogate-Key and Cache-Tag headers: percent-encoded. The URL is a
// relay the site runs, which turns it into its CDN's purge call. Drops
// are gathered for a short while and sent together; a post that fails
// is tried again, with back-off, a few times, and then given up (the
// proxy's s-maxage still bounds what it serves stale).
type Purger struct {
	url    string
	client *http.Client
	log    *slog.Logger
	// every is how long drops are gathered before a post.
	every time.Duration

	mu   sync.Mutex
	tags map[string]struct{}
	all  bool
	wake chan struct{}
}

// purgeTries bounds the posts of one batch.
const purgeTries = 4

// maxPurgeTags bounds the tags of one post; past it, everything is purged.
const maxPurgeTags = 1000

// NewPurger returns a purger posting to target, an http or https URL.
func NewPurger(target string, log *slog.Logger) (*Purger, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--purge-url %q: give an http:// or https:// address", target)
	}
	return &Purger{url: target, client: &http.Client{Timeout: 10 * time.Second}, log: log,
		every: 200 * time.Millisecond, tags: map[string]struct{}{}, wake: make(chan struct{}, 1)}, nil
}

// Dropped is the page cache's hook (pagecache.Options.Dropped): it
// queues tags (nil: everything) and returns at once.
func (p *Purger) Dropped(tags []string) {
	p.mu.Lock()
	if tags == nil || len(p.tags)+len(tags) > maxPurgeTags {
		p.all = true
		clear(p.tags)
	} else if !p.all {
		for _, t := range tags {
			p.tags[t] = struct{}{}
		}
	}
	p.mu.Unlock()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run posts the queued drops until ctx ends.
func (p *Purger) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.wake:
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(p.every):
		}
		p.mu.Lock()
		body := map[string]any{"all": true}
		if !p.all {
			tags := make([]string, 0, len(p.tags))
			for t := range p.tags {
				tags = append(tags, url.PathEscape(t)) // as the headers name it
			}
			slices.Sort(tags)
			body = map[string]any{"tags": tags}
		}
		p.all = false
		clear(p.tags)
		p.mu.Unlock()
		p.post(ctx, body)
	}
}

func (p *Purger) post(ctx context.Context, body map[string]any) {
	b, _ := json.Marshal(body)
	wait := 500 * time.Millisecond
	for try := 1; ; try++ {
		err := p.postOnce(ctx, b)
		if err == nil {
			return
		}
		if try == purgeTries || ctx.Err() != nil {
			p.log.Warn("purge proxy cache: gave up", "url", p.url, "tries", try, "err", err)
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		wait *= 2
	}
}

func (p *Purger) postOnce(ctx context.Context, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := p.client.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("%s", res.Status)
	}
	return nil
}
