// Package pagecache keeps rendered public pages in memory, bounded by
// bytes, each with its gzip form compressed once when stored, and
// answers from it with strong ETags, Last-Modified and 304s.
//
// A page is stored only when its handler says what it depends on, with
// Depend(r, tags...): the article page names its story, its section and
// its tags, the home page "home", and so on. Invalidate drops every page
// that named a tag, and nothing else. A handler that knows nothing of
// the cache is never stored, so a new page is correct before it is fast.
//
// Eviction is CLOCK (second chance), an approximation of least recently
// used that lets a hit take only a read lock: when the cache is over its
// byte bound, the oldest page not read since the hand last passed it
// goes first. Pages also expire after Options.MaxAge, a bound on how
// long anything the change log does not report (the clock alone making
// a story visible, a comment form's token ageing) can stay stale.
package pagecache

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a Cache; the zero value of each field means its
// default.
type Options struct {
	// MaxBytes bounds the memory the stored pages take, both forms
	// counted; DefaultMaxBytes when 0.
	MaxBytes int64
	// MaxAge is how long a page may be served before it is rendered
	// again even if nothing invalidated it; DefaultMaxAge when 0.
	MaxAge time.Duration
	// Bypass reports whether a request must neither be answered from
	// the cache nor have its answer stored: a logged-in newsroom user's.
	Bypass func(*http.Request) bool
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// TagHeaders sends each stored page with what it depends on, for a
	// CDN that purges by tag: Surrogate-Key (space-separated) and
	// Cache-Tag (comma-separated), each tag percent-encoded.
	TagHeaders bool
	// Dropped, when set, is told of every invalidation, with the tags
	// dropped (nil: every page), so that a proxy or CDN in front can be
	// purged alike. It is called with no lock held, and must not block.
	Dropped func(tags []string)
}

// Defaults.
const (
	DefaultMaxBytes = 64 << 20
	DefaultMaxAge   = 10 * time.Minute
)

// minGzip is the smallest body worth compressing.
const minGzip = 512

// entryOverhead is what a stored page costs besides its bytes: the
// entry, its headers, its map and list slots, roughly.
const entryOverhead = 1024

// Stats are the cache's counters since it was made.
type Stats struct {
	Hits, Misses, Bypasses, Evictions, Invalidations int64
	Entries                                          int
	Bytes                                            int64
}

// Cache is a page cache. Its methods may be called concurrently.
type Cache struct {
	opt Options

	mu      sync.RWMutex
	entries map[string]*entry
	clock   *list.List // of *entry, newest at the front; the hand works from the back
	byTag   map[string]map[*entry]struct{}
	bytes   int64
	gen     uint64             // moved by every invalidation
	flights map[string]*flight // renders in progress, by key

	hits, misses, bypasses, evictions, invalidations atomic.Int64
}

// New returns an empty cache.
func New(opt Options) *Cache {
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.MaxAge <= 0 {
		opt.MaxAge = DefaultMaxAge
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Cache{opt: opt, entries: map[string]*entry{}, clock: list.New(),
		byTag: map[string]map[*entry]struct{}{}, flights: map[string]*flight{}}
}

// entry is one stored page.
type entry struct {
	key     string
	pattern string // the route that made it, for logs and metrics
	tags    []string
	expires time.Time
	size    int64
	elem    *list.Element
	used    atomic.Bool

	onServe     []func(*http.Request) // see OnServe
	plain, gzip *variant              // gzip is nil when not worth it
	etags       []string              // every variant's ETag, for If-None-Match
	modified    time.Time
	lastMod     []string // Last-Modified, formatted
}

// served runs the page's OnServe hooks for r.
func (e *entry) served(r *http.Request) {
	for _, fn := range e.onServe {
		fn(r)
	}
}

// variant is one encoding of a page, with every header it is sent with.
type variant struct {
	body    []byte
	headers []header
	etag    string
}

type header struct {
	name  string
	value []string
}

// Stats returns the counters.
func (c *Cache) Stats() Stats {
	c.mu.RLock()
	n, b := len(c.entries), c.bytes
	c.mu.RUnlock()
	return Stats{Hits: c.hits.Load(), Misses: c.misses.Load(), Bypasses: c.bypasses.Load(),
		Evictions: c.evictions.Load(), Invalidations: c.invalidations.Load(), Entries: n, Bytes: b}
}

// Invalidate drops every stored page that depends on any of tags, and
// makes renders already under way not store what they made. It returns
// how many pages it dropped.
func (c *Cache) Invalidate(tags ...string) int {
	if c.opt.Dropped != nil && len(tags) > 0 {
		defer c.opt.Dropped(tags)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.detachFlights()
	n := 0
	for _, t := range tags {
		for e := range c.byTag[t] {
			c.remove(e)
			n++
		}
	}
	c.invalidations.Add(int64(n))
	return n
}

// Purge drops every stored page.
func (c *Cache) Purge() {
	if c.opt.Dropped != nil {
		defer c.opt.Dropped(nil)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.detachFlights()
	c.invalidations.Add(int64(len(c.entries)))
	c.entries = map[string]*entry{}
	c.clock.Init()
	c.byTag = map[string]map[*entry]struct{}{}
	c.bytes = 0
}

// detachFlights moves the generation on, so renders that began before
// now do not store their pages, and lets requests from now on start
// renders of their own instead of waiting for one that may be stale.
// Called with mu held.
func (c *Cache) detachFlights() {
	c.gen++
	if len(c.flights) > 0 {
		c.flights = map[string]*flight{}
	}
}

// remove drops e. Called with mu held.
func (c *Cache) remove(e *entry) {
	if c.entries[e.key] != e {
		return
	}
	delete(c.entries, e.key)
	c.clock.Remove(e.elem)
	for _, t := range e.tags {
		if set := c.byTag[t]; set != nil {
			delete(set, e)
			if len(set) == 0 {
				delete(c.byTag, t)
			}
		}
	}
	c.bytes -= e.size
}

// store keeps e, made from a render that began at generation gen, and
// evicts what must go to stay under the bound. It stores nothing when
// an invalidation came after the render began.
func (c *Cache) store(e *entry, gen uint64) bool {
	if e.size > c.opt.MaxBytes/8 {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return false
	}
	if old := c.entries[e.key]; old != nil {
		c.remove(old)
	}
	c.entries[e.key] = e
	e.elem = c.clock.PushFront(e)
	for _, t := range e.tags {
		set := c.byTag[t]
		if set == nil {
			set = map[*entry]struct{}{}
			c.byTag[t] = set
		}
		set[e] = struct{}{}
	}
	c.bytes += e.size
	for c.bytes > c.opt.MaxBytes && c.clock.Len() > 1 {
		back := c.clock.Back()
		victim := back.Value.(*entry)
		if victim != e && victim.used.Swap(false) {
			c.clock.MoveToFront(back) // a second chance
			continue
		}
		if victim == e {
			c.clock.MoveToFront(back)
			continue
		}
		c.remove(victim)
		c.evictions.Add(1)
	}
	return true
}

// lookup returns the fresh page stored under key, if any.
func (c *Cache) lookup(key string, now time.Time) *entry {
	c.mu.RLock()
	e := c.entries[key]
	c.mu.RUnlock()
	if e == nil || now.After(e.expires) {
		return nil
	}
	if !e.used.Load() {
		e.used.Store(true)
	}
	return e
}

// deps collects what a page being rendered depends on.
type deps struct {
	mu      sync.Mutex
	tags    []string
	noStore bool
	onServe []func(*http.Request)
}

type depsKey struct{}

// Depend records that the page being rendered for r depends on tags,
// which makes it eligible to be stored: Invalidate of any of them drops
// it. It does nothing when r is not being rendered for the cache.
func Depend(r *http.Request, tags ...string) {
	if d, ok := r.Context().Value(depsKey{}).(*deps); ok {
		d.mu.Lock()
		d.tags = append(d.tags, tags...)
		d.mu.Unlock()
	}
}

// OnServe has fn run for every later request the stored page answers
// without its handler (a hit, or a wait for another's render), as the
// handler would have for them: counting a reader, say. The handler does
// what fn does for r itself.
func OnServe(r *http.Request, fn func(*http.Request)) {
	if d, ok := r.Context().Value(depsKey{}).(*deps); ok {
		d.mu.Lock()
		d.onServe = append(d.onServe, fn)
		d.mu.Unlock()
	}
}

// NoStore marks the page being rendered for r as one never to store,
// whatever else it said.
func NoStore(r *http.Request) {
	if d, ok := r.Context().Value(depsKey{}).(*deps); ok {
		d.mu.Lock()
		d.noStore = true
		d.mu.Unlock()
	}
}

// Caching reports whether r is being rendered for the cache: whether
// Depend means anything. Handlers may skip computing tags otherwise.
func Caching(r *http.Request) bool {
	_, ok := r.Context().Value(depsKey{}).(*deps)
	return ok
}

// flight is one render in progress, which requests for the same page
// wait for instead of rendering it again.
type flight struct {
	done  chan struct{}
	entry *entry // nil when the page could not be shared
}

// Status values of the X-Cache header.
const (
	statusHit    = "hit"
	statusMiss   = "miss"
	statusBypass = "bypass"
)

// Handler answers GET and HEAD requests from the cache, and renders
// through next (once, however many ask at the same time) what it does
// not hold. Other methods, requests for a range and those Bypass names
// go straight to next. Every answer carries X-Cache: hit, miss or
// bypass.
func (c *Cache) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || r.Header["Range"] != nil ||
			(c.opt.Bypass != nil && c.opt.Bypass(r)) {
			c.bypasses.Add(1)
			w.Header()["X-Cache"] = bypassValue
			next.ServeHTTP(w, r)
			return
		}
		key := keyOf(r)
		now := c.opt.Now()
		if c.hit(w, r, key, now) {
			return
		}
		c.misses.Add(1)
		w.Header()["X-Cache"] = missValue
		if r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		c.mu.Lock()
		if f := c.flights[key]; f != nil {
			c.mu.Unlock()
			select {
			case <-f.done:
			case <-r.Context().Done():
				return
			}
			if f.entry != nil {
				r.Pattern = f.entry.pattern
				f.entry.served(r)
				f.entry.serve(w, r)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		f := &flight{done: make(chan struct{})}
		c.flights[key] = f
		gen := c.gen
		c.mu.Unlock()
		defer func() {
			c.mu.Lock()
			if c.flights[key] == f {
				delete(c.flights, key)
			}
			c.mu.Unlock()
			close(f.done)
		}()
		rec, pattern, d := c.render(next, r)
		r.Pattern = pattern
		e := c.entryFrom(key, pattern, rec, d, now)
		if e == nil {
			rec.replay(w)
			return
		}
		f.entry = e
		c.store(e, gen)
		e.serve(w, r)
	})
}

// Front answers from the cache what it holds, before next (a router,
// say) has looked at the request; everything else goes to next, where
// Handler stores what it renders. Pages stored are only those Handler
// rendered, so what next routes elsewhere is never answered here.
func (c *Cache) Front(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.Header["Range"] == nil &&
			(c.opt.Bypass == nil || !c.opt.Bypass(r)) && c.hit(w, r, keyOf(r), c.opt.Now()) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// hit answers r from the page stored under key, if there is one.
func (c *Cache) hit(w http.ResponseWriter, r *http.Request, key string, now time.Time) bool {
	e := c.lookup(key, now)
	if e == nil {
		return false
	}
	c.hits.Add(1)
	r.Pattern = e.pattern
	w.Header()["X-Cache"] = hitValue
	e.served(r)
	e.serve(w, r)
	return true
}

// keyOf is the key r's page is stored under: the request's target as
// the client sent it (two spellings of one address are two entries),
// or, for a request made in the process, its URL's.
func keyOf(r *http.Request) string {
	if r.RequestURI != "" && r.RequestURI[0] == '/' {
		return r.RequestURI
	}
	return r.URL.RequestURI()
}

var (
	hitValue    = []string{statusHit}
	missValue   = []string{statusMiss}
	bypassValue = []string{statusBypass}
)

// render runs next for r as the cache asks it: unconditionally, with no
// range and no preference of encoding, on a context that outlives the
// client who asked first (others may be waiting for the page).
func (c *Cache) render(next http.Handler, r *http.Request) (*recorder, string, *deps) {
	d := &deps{}
	ctx := context.WithValue(context.WithoutCancel(r.Context()), depsKey{}, d)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	inner := r.Clone(ctx)
	for _, h := range []string{"If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range", "Range", "Accept-Encoding"} {
		inner.Header.Del(h)
	}
	rec := &recorder{header: http.Header{}}
	next.ServeHTTP(rec, inner)
	return rec, inner.Pattern, d
}

// entryFrom makes the stored form of a recorded answer, or returns nil
// when it must not be shared: not a 200, personal (no-store, private, a
// cookie), or from a handler that named no dependencies.
func (c *Cache) entryFrom(key, pattern string, rec *recorder, d *deps, now time.Time) *entry {
	d.mu.Lock()
	tags, noStore, onServe := d.tags, d.noStore, d.onServe
	d.mu.Unlock()
	if noStore || len(tags) == 0 || rec.status() != http.StatusOK {
		return nil
	}
	h := rec.header
	cc := strings.ToLower(strings.Join(h.Values("Cache-Control"), ","))
	if strings.Contains(cc, "no-store") || strings.Contains(cc, "private") || strings.Contains(cc, "no-cache") ||
		len(h.Values("Set-Cookie")) > 0 || h.Get("Content-Encoding") != "" {
		return nil
	}
	body := rec.body.Bytes()
	e := &entry{key: key, pattern: pattern, tags: dedupe(tags), expires: now.Add(c.opt.MaxAge), onServe: onServe}
	e.modified = now.UTC().Truncate(time.Second)
	if lm, err := http.ParseTime(h.Get("Last-Modified")); err == nil {
		e.modified = lm
	}
	etag := h.Get("ETag")
	if !strongTag(etag) {
		sum := sha256.Sum256(body)
		etag = `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
	}
	e.lastMod = []string{e.modified.Format(http.TimeFormat)}
	var common []header
	for name, v := range h {
		switch name {
		case "Content-Length", "Etag", "Last-Modified", "Vary", "Content-Encoding", "X-Cache", "Date":
			continue
		}
		common = append(common, header{name, v})
	}
	common = append(common, header{"Vary", []string{"Accept-Encoding"}}, header{"Last-Modified", e.lastMod})
	if c.opt.TagHeaders {
		common = append(common, tagHeaders(e.tags)...)
	}
	e.plain = newVariant(body, etag, "", common)
	e.etags = []string{etag}
	if len(body) >= minGzip && compressible(h.Get("Content-Type")) {
		if gz := gzipped(body); len(gz) < len(body)-len(body)/16 {
			gzTag := etag[:len(etag)-1] + `.gz"`
			e.gzip = newVariant(gz, gzTag, "gzip", common)
			e.etags = append(e.etags, gzTag)
		}
	}
	e.size = int64(len(key)+len(body)) + entryOverhead
	if e.gzip != nil {
		e.size += int64(len(e.gzip.body))
	}
	return e
}

func newVariant(body []byte, etag, encoding string, common []header) *variant {
	v := &variant{body: body, etag: etag}
	v.headers = append(v.headers, common...)
	v.headers = append(v.headers, header{"Etag", []string{etag}},
		header{"Content-Length", []string{strconv.Itoa(len(body))}})
	if encoding != "" {
		v.headers = append(v.headers, header{"Content-Encoding", []string{encoding}})
	}
	return v
}

// serve answers r from e: the gzip form when the client takes it, a 304
// when the client's copy is current.
func (e *entry) serve(w http.ResponseWriter, r *http.Request) {
	v := e.plain
	if e.gzip != nil && acceptsGzip(r.Header["Accept-Encoding"]) {
		v = e.gzip
	}
	h := w.Header()
	if e.notModifiedFor(r) {
		for _, hd := range v.headers {
			switch hd.name {
			case "Content-Length", "Content-Type", "Content-Encoding":
				continue
			}
			h[hd.name] = hd.value
		}
		w.WriteHeader(http.StatusNotModified)
		return
	}
	for _, hd := range v.headers {
		h[hd.name] = hd.value
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(v.body)
	}
}

// notModifiedFor reports whether r's conditional headers say the client
// holds the page already: If-None-Match naming one of its tags, or, with
// no If-None-Match, If-Modified-Since no earlier than Last-Modified.
func (e *entry) notModifiedFor(r *http.Request) bool {
	if inm := r.Header["If-None-Match"]; len(inm) > 0 {
		for _, line := range inm {
			for _, t := range strings.Split(line, ",") {
				t = strings.TrimSpace(t)
				if t == "*" {
					return true
				}
				t = strings.TrimPrefix(t, "W/")
				for _, mine := range e.etags {
					if t == mine {
						return true
					}
				}
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		if t, err := http.ParseTime(ims); err == nil && !e.modified.After(t) {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header admits gzip.
func acceptsGzip(values []string) bool {
	for _, line := range values {
		for _, part := range strings.Split(line, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			name = strings.TrimSpace(name)
			if !strings.EqualFold(name, "gzip") && name != "*" {
				continue
			}
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			if strings.HasPrefix(q, "q=") {
				if f, err := strconv.ParseFloat(q[2:], 64); err == nil && f == 0 {
					return false
				}
			}
			return true
		}
	}
	return false
}

func strongTag(t string) bool {
	return len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"'
}

func compressible(contentType string) bool {
	ct, _, _ := strings.Cut(contentType, ";")
	ct = strings.TrimSpace(strings.ToLower(ct))
	return strings.HasPrefix(ct, "text/") || strings.HasSuffix(ct, "json") || strings.HasSuffix(ct, "xml")
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// tagHeaders are the Surrogate-Key and Cache-Tag headers naming tags.
func tagHeaders(tags []string) []header {
	esc := make([]string, len(tags))
	for i, t := range tags {
		esc[i] = url.PathEscape(t)
	}
	return []header{{"Surrogate-Key", []string{strings.Join(esc, " ")}}, {"Cache-Tag", []string{strings.Join(esc, ",")}}}
}

func dedupe(tags []string) []string {
	seen := make(map[string]struct{}, len(tags))
	out := tags[:0:0]
	for _, t := range tags {
		if _, ok := seen[t]; !ok {
			seen[t] = struct{}{}
			out = append(out, t)
		}
	}
	return out
}

// recorder keeps what a handler wrote.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *recorder) status() int {
	if r.code == 0 {
		return http.StatusOK
	}
	return r.code
}

// replay writes the recorded answer to w as it was.
func (r *recorder) replay(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	w.WriteHeader(r.status())
	w.Write(r.body.Bytes())
}
