package wire

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"khabar/internal/news"
	"khabar/internal/richtext"
	"khabar/internal/store"
)

// Poller polls the wire sources that are due and puts what they send
// on the desk. One node of a cluster polls at a time (Run holds
// store.LockWirePoller); a source that fails never stops the others.
type Poller struct {
	Store   *store.Store
	Fetcher *Fetcher
	Log     *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Workers is the number of sources fetched at once (8 when 0).
	Workers int
	// Retention is how long items stay on the desk unless republished
	// (30 days when 0).
	Retention time.Duration
	// Jitter returns a number in [0, 1) spreading retries; rand when nil.
	Jitter func() float64
}

// Back-off after failures: the interval doubles with each failure in a
// row, up to maxBackoff, and a random part of it is taken off so that
// sources failing together do not retry together.
const maxBackoff = 6 * time.Hour

// DefaultRetention is how long an item stays on the desk.
const DefaultRetention = 30 * 24 * time.Hour

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Poller) log() *slog.Logger {
	if p.Log != nil {
		return p.Log
	}
	return slog.Default()
}

// Result is what one poll of a source did.
type Result struct {
	Source *news.WireSource
	// NotModified is set when the source answered 304: nothing was parsed.
	NotModified bool
	Read, Added int
	Err         error
}

// PollDue polls every source due now, Workers at a time, and returns
// what each poll did. Its error is the store's, when it cannot list the
// sources; a source's own failure is in its Result.
func (p *Poller) PollDue(ctx context.Context) ([]Result, error) {
	due, err := p.Store.DueWireSources(ctx, p.now())
	if err != nil {
		return nil, err
	}
	workers := p.Workers
	if workers <= 0 {
		workers = 8
	}
	out := make([]Result, len(due))
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for i, src := range due {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[i] = p.Poll(ctx, src)
		}()
	}
	wg.Wait()
	return out, nil
}

// Poll fetches one source, stores its new items and records the
// outcome on the source.
func (p *Poller) Poll(ctx context.Context, src *news.WireSource) Result {
	r := Result{Source: src}
	f := p.Fetcher
	if f == nil {
		f = NewFetcher()
	}
	ans, err := f.Fetch(ctx, src.URL, src.ETag, src.LastModified)
	if err == nil && !ans.NotModified {
		var entries []Entry
		if entries, err = Parse(ans.Body, ans.ContentType, src.Format); err == nil {
			r.Read = len(entries)
			r.Added, err = p.Ingest(ctx, src, entries)
		}
	}
	if ctx.Err() != nil {
		return r
	}
	poll := store.WirePoll{Next: p.now().Add(src.Every)}
	if err != nil {
		r.Err = err
		poll.Err = err.Error()
		poll.Next = p.now().Add(p.backoff(src))
	} else {
		r.NotModified = ans.NotModified
		poll.ETag, poll.LastModified = ans.ETag, ans.LastModified
	}
	if err := p.Store.RecordWirePoll(ctx, src.ID, poll); err != nil && r.Err == nil {
		r.Err = err
	}
	return r
}

// backoff is the wait before a source that just failed is tried again.
func (p *Poller) backoff(src *news.WireSource) time.Duration {
	d := src.Every
	for i := 0; i < src.Failures && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, maxBackoff)
	j := rand.Float64
	if p.Jitter != nil {
		j = p.Jitter
	}
	return d/2 + time.Duration(j()*float64(d/2))
}

// Ingest analyses entries and stores those the desk does not hold yet,
// each in the group of the most similar item it has (see Same),
// returning how many were added.
func (p *Poller) Ingest(ctx context.Context, src *news.WireSource, entries []Entry) (int, error) {
	items := make([]store.NewWireItem, 0, len(entries))
	for _, e := range entries {
		items = append(items, Prepare(e))
	}
	return p.Store.AddWireItems(ctx, src, items, Pick)
}

// Prepare cleans an entry to what the desk keeps and analyses it.
func Prepare(e Entry) store.NewWireItem {
	it := &news.WireItem{
		GUID:      clip(clean(e.GUID), news.MaxWireGUID),
		Headline:  clip(clean(e.Headline), news.MaxHeadline),
		Lead:      clip(clean(e.Lead), news.MaxLead),
		Body:      e.Body,
		Link:      clip(clean(e.Link), news.MaxWireURL),
		Published: e.Published,
	}
	if len(it.Body) > news.MaxWireBody {
		it.Body = richtext.Sanitize(it.Body[:news.MaxWireBody])
	}
	a := Analyze(it.Headline + "\n" + it.Lead + "\n" + richtext.Text(it.Body))
	bands := make([]int64, 0, Bands)
	if !a.Empty {
		bands = append(bands, a.Bands[:]...)
	}
	return store.NewWireItem{Item: it, Analysis: store.WireAnalysis{
		Fingerprint: a.Fingerprint, Signature: EncodeSignature(a.Signature), Bands: bands, Terms: SearchText(a.Terms)}}
}

// Pick chooses the group a new item joins among the candidates the
// store found for it: that of the most similar at or over Threshold, or
// 0 for none.
func Pick(n store.NewWireItem, cands []store.WireCandidate) int64 {
	sig, ok := DecodeSignature(n.Analysis.Signature)
	if !ok {
		return 0
	}
	best, group := Threshold, int64(0)
	for _, c := range cands {
		cs, ok := DecodeSignature(c.Signature)
		if !ok {
			continue
		}
		if sim := Similarity(sig, cs); sim >= best {
			best, group = sim, c.Group
		}
	}
	return group
}

// clean drops control characters and invalid bytes from one line.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
}

func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max])
}

// Run polls due sources every tick until ctx ends, while this node
// holds the poller's lock, and purges the desk's old items hourly.
func (p *Poller) Run(ctx context.Context, tick time.Duration) {
	t := time.NewTicker(tick)
	defer t.Stop()
	var lock *store.Lock
	defer func() {
		if lock != nil {
			lock.Release()
		}
	}()
	var purged time.Time
	for {
		if lock != nil && lock.Held(ctx) != nil {
			lock.Release()
			lock = nil
		}
		if lock == nil {
			l, err := p.Store.TryLock(ctx, store.LockWirePoller)
			if err != nil && ctx.Err() == nil {
				p.log().Error("wire poller: lock", "err", err)
			}
			lock = l
		}
		if lock != nil {
			p.round(ctx)
			if p.now().Sub(purged) >= time.Hour {
				purged = p.now()
				p.purge(ctx)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (p *Poller) round(ctx context.Context) {
	results, err := p.PollDue(ctx)
	if err != nil && ctx.Err() == nil {
		p.log().Error("wire poller", "err", err)
	}
	for _, r := range results {
		switch {
		case r.Err != nil && ctx.Err() == nil:
			p.log().Warn("wire source failed", "source", r.Source.ID, "url", r.Source.URL, "err", r.Err)
		case r.Added > 0:
			p.log().Info("wire items arrived", "source", r.Source.ID, "credit", r.Source.Credit, "added", r.Added)
		}
	}
}

func (p *Poller) purge(ctx context.Context) {
	keep := p.Retention
	if keep <= 0 {
		keep = DefaultRetention
	}
	n, err := p.Store.PurgeWire(ctx, p.now().Add(-keep))
	switch {
	case err != nil && ctx.Err() == nil:
		p.log().Error("wire purge", "err", err)
	case n > 0:
		p.log().Info("wire items purged", "count", n)
	}
}
