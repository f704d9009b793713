package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"sync"
	"time"

	"khabar/internal/news"
	"khabar/internal/pagecache"
)

// distributionStore is what the feeds, the sitemaps and the ninjs API
// read. *store.Store satisfies it.
type distributionStore interface {
	// PublicStories returns a page of the stories readers see at f.At,
	// newest first by publish time and news code.
	PublicStories(ctx context.Context, f news.PublicFilter) ([]*news.Story, error)
	// PublicLinks returns what a sitemap needs of the stories f selects.
	PublicLinks(ctx context.Context, f news.PublicFilter, offset int) ([]news.StoryLink, error)
	// PublicDates calls fn with the publish and update times of every
	// story readers see at at.
	PublicDates(ctx context.Context, at time.Time, fn func(published, updated time.Time) error) error
	// PublicState returns what every public listing at at depends on.
	PublicState(ctx context.Context, at time.Time) (news.PublicState, error)
	// FirstWritten returns when the newsroom first wrote each story.
	FirstWritten(ctx context.Context, ids []int64) (map[int64]time.Time, error)
}

// distributionRoutes registers the feeds, the sitemaps, robots.txt, the
// short links and the ninjs API.
func (s *server) distributionRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /rss", s.showFeed(rssFeed, feedSite))
	mux.HandleFunc("GET /atom", s.showFeed(atomFeed, feedSite))
	mux.HandleFunc("GET /feed", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/rss", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /section/{slug}/rss", s.showFeed(rssFeed, feedSection))
	mux.HandleFunc("GET /section/{slug}/atom", s.showFeed(atomFeed, feedSection))
	mux.HandleFunc("GET /tag/{name}/rss", s.showFeed(rssFeed, feedTag))
	mux.HandleFunc("GET /tag/{name}/atom", s.showFeed(atomFeed, feedTag))

	mux.HandleFunc("GET /robots.txt", s.showRobots)
	mux.HandleFunc("GET /sitemap.xml", s.showSitemapIndex)
	mux.HandleFunc("GET /sitemaps/{file}", s.showSitemap)

	mux.HandleFunc("GET /n/{code}", s.showShortLink)

	mux.Handle("GET /api/v1/news", s.limited(http.HandlerFunc(s.apiNewsList)))
	mux.Handle("GET /api/v1/news/{code}", s.limited(http.HandlerFunc(s.apiNewsItem)))
	mux.HandleFunc("/api/v1/news", apiReadOnly)
	mux.HandleFunc("/api/v1/news/{code}", apiReadOnly)
}

// rendered is a response built from the public listings: its bytes, the
// strong ETag of those bytes and its Last-Modified.
type rendered struct {
	state    news.PublicState
	body     []byte
	etag     string
	modified time.Time
}

// renderCache keeps the rendered feeds, sitemaps and API answers, each
// under its URL, for as long as the public state it was built at holds:
// a request then costs one small query, and a conditional one answers
// 304 from the cache. It holds at most maxRendered answers; when full it
// starts again empty.
type renderCache struct {
	mu      sync.Mutex
	entries map[string]*rendered
}

const maxRendered = 512

func (c *renderCache) get(key string, state news.PublicState) *rendered {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil && e.state == state {
		return e
	}
	return nil
}

func (c *renderCache) put(key string, e *rendered) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxRendered {
		c.entries = make(map[string]*rendered)
	}
	c.entries[key] = e
}

// strongETag returns the entity tag of body: the same bytes give the
// same tag on every node.
func strongETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// servePublic answers r with what build makes of the public listings,
// built once per public state and kept in the cache under key. The
// answer carries a strong ETag and a Last-Modified, and a conditional
// request (If-None-Match, If-Modified-Since) gets a 304 when nothing
// changed. Last-Modified is the state's: the last change to any story,
// so a story leaving a listing moves it too. build returns the body, or
// an error, which fail writes.
func (s *server) servePublic(w http.ResponseWriter, r *http.Request, key, contentType, cacheControl string,
	build func(now time.Time, state news.PublicState) ([]byte, error)) {
	pagecache.Depend(r, TagFeeds)
	now := s.now()
	state, err := s.dist.PublicState(r.Context(), now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e := s.rendered.get(key, state)
	if e == nil {
		body, err := build(now, state)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		e = &rendered{state: state, body: body, etag: strongETag(body), modified: state.Modified()}
		s.rendered.put(key, e)
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", cacheControl)
	h.Set("ETag", e.etag)
	// ServeContent answers HEAD, ranges and the conditional requests, and
	// sends Last-Modified (to the second) unless the time is zero.
	http.ServeContent(w, r, "", e.modified, bytes.NewReader(e.body))
}
