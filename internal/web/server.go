// Package web is khabar's public site: server-rendered pages for readers,
// built with html/template from embedded templates and assets.
package web

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"khabar/internal/httpx"
	"khabar/internal/media"
	"khabar/internal/news"
)

//go:embed static
var staticFS embed.FS

// Store is what the public site reads. *store.Store satisfies it.
type Store interface {
	// Pin returns ctx pinned to the change log as it is now: the reads
	// of one page made with it check the log once (see store.Pin).
	Pin(ctx context.Context) context.Context
	// StoryByCode returns the story with the given news code, or an
	// *news.Error with code ENOTFOUND.
	StoryByCode(ctx context.Context, code int64) (*news.Story, error)
	// Stories returns a page of stories, newest first; with f.PublicAt set
	// only the stories visible to the public at that time.
	Stories(ctx context.Context, f news.StoryFilter) (news.Page, error)
	// SectionTree returns every section as the admins arranged them.
	SectionTree(ctx context.Context) (*news.SectionTree, error)
	// SectionBySlug returns the section, or ENOTFOUND.
	SectionBySlug(ctx context.Context, slug string) (news.Section, error)
	// SectionRedirect returns the section an old slug now leads to, or
	// ENOTFOUND.
	SectionRedirect(ctx context.Context, slug string) (news.Section, error)
	// StoryByOldPath returns the story an imported archive's old address
	// (a news.OldPath key) leads to, whatever its state, or ENOTFOUND.
	StoryByOldPath(ctx context.Context, path string) (*news.Story, error)
	// FrontPage returns the editors' newest front-page layout.
	FrontPage(ctx context.Context) (news.FrontPage, error)
	// StoriesByID returns the stories with those ids, in that order,
	// whatever their state.
	StoriesByID(ctx context.Context, ids []int64) ([]*news.Story, error)
	// Breaking returns the stories breaking at time at, latest marked
	// first.
	Breaking(ctx context.Context, at time.Time) ([]news.Breaking, error)
	// MostRead returns the stories public at at read most since since.
	MostRead(ctx context.Context, since, at time.Time, limit int) ([]*news.Story, error)
	// Related returns the stories related to a story, public at at.
	Related(ctx context.Context, storyID int64, at time.Time, limit int) ([]*news.Story, error)
	// HotTags returns the tags most used of late.
	HotTags(ctx context.Context, at time.Time, limit int) ([]news.TagCount, error)
	// CommentStore is what the site reads and writes of comments.
	CommentStore
	// Search returns the stories matching q, best first.
	Search(ctx context.Context, q news.SearchQuery) (news.SearchResult, error)
	distributionStore
	// Photo returns the photo with that id, or ENOTFOUND.
	Photo(ctx context.Context, id string) (*news.Photo, error)
	// PhotosByID returns the photos with the given ids that exist.
	PhotosByID(ctx context.Context, ids []string) (map[string]*news.Photo, error)
}

// Config is what the public site needs to know about the agency.
type Config struct {
	// SiteName is the agency's name, shown in the header and after every
	// headline in <title>.
	SiteName string
	// EndMarker closes every story body; "انتهای پیام/" when empty.
	EndMarker string
	// BaseURL is the public origin used in canonical links, such as
	// "https://khabar.example"; no trailing slash needed.
	BaseURL string
	// Now returns the current time; nil means time.Now. Stories published
	// after Now are not shown.
	Now func() time.Time
	// Reads counts readers' views of articles (see ReadCounter); nil
	// counts nothing.
	Reads *ReadCounter
	// TrustProxy takes the client's address from X-Forwarded-For, as a
	// reverse proxy in front sets it, for the rate limits.
	TrustProxy bool
	// APIRate is how many requests a minute the ninjs API answers from
	// one client address; 0 sets no limit.
	APIRate int
	// CommentRate is how many comments one address may post per window;
	// a zero Posts, any number.
	CommentRate news.RateLimit
	// SearchRate is how many searches a minute the search page and API
	// together answer one client address; 0 sets no limit.
	SearchRate int
	// Media holds the photos' files; nil serves none.
	Media media.Storage
}

// Defaults used when Config leaves a field empty.
const (
	DefaultSiteName  = "خبرگزاری خبر"
	DefaultEndMarker = "انتهای پیام/"
)

type server struct {
	store  Store
	cfg    Config
	log    *slog.Logger
	pages  *httpx.Pages
	assets *httpx.Assets

	dist       distributionStore
	rendered   renderCache
	shared     sharedParts
	storyParts sharedParts
	limiter    *httpx.Limiter
	searches   *httpx.Limiter // nil: searches unlimited
	sitemapMax int            // URLs in one daily sitemap
	logoURL    string         // the agency's logo, for structured data
	mux        *http.ServeMux
}

// Site is the public site: an http.Handler, and the renderer of the
// newsroom's previews.
type Site struct {
	s *server
	h http.Handler
}

// New returns the public site's handler. It panics if the embedded
// templates or assets are broken, which is a build error, not a run-time
// condition.
func New(st Store, cfg Config, logger *slog.Logger) *Site {
	if cfg.SiteName == "" {
		cfg.SiteName = DefaultSiteName
	}
	if cfg.EndMarker == "" {
		cfg.EndMarker = DefaultEndMarker
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Media == nil {
		cfg.Media = media.None{}
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &server{store: st, cfg: cfg, log: logger, dist: st, sitemapMax: sitemapMaxURLs}
	s.limiter = httpx.NewLimiter(cfg.APIRate, cfg.Now)
	s.searches = httpx.NewLimiter(cfg.SearchRate, cfg.Now)
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	if s.assets, err = httpx.NewAssets("/static/", httpx.SharedStatic(), static); err != nil {
		panic(err)
	}
	s.shared.pages = func() *httpx.Pages { return s.pages }
	s.storyParts.pages = s.shared.pages
	if s.pages, err = parseTemplates(s.funcs(), logger); err != nil {
		panic(err)
	}
	if s.logoURL, err = s.assets.URL("logo.png"); err != nil {
		panic(err)
	}
	return &Site{s: s, h: httpx.Secure(s.routes())}
}

// ServeHTTP serves the public site.
func (site *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) { site.h.ServeHTTP(w, r) }

func (s *server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.pinned(s.showHome))
	mux.HandleFunc("GET /news/{code}", s.pinned(s.showArticle))
	mux.HandleFunc("GET /news/{code}/{$}", s.pinned(s.showArticle))
	mux.HandleFunc("GET /news/{code}/{slug}", s.pinned(s.showArticle))
	mux.HandleFunc("GET /news/{code}/print", s.pinned(s.showArticlePrint))
	mux.HandleFunc("GET /section/{slug}", s.pinned(s.showSection))
	mux.HandleFunc("GET /tag/{name}", s.pinned(s.showTag))
	mux.HandleFunc("GET /archive", s.pinned(s.showArchiveToday))
	mux.HandleFunc("GET /archive/{yyyy}/{mm}/{dd}", s.pinned(s.showArchive))
	mux.HandleFunc("GET /search", s.limitSearches(s.pinned(s.showSearch)))
	mux.HandleFunc("GET /api/v1/search", s.limitSearches(s.pinned(s.apiSearch)))
	mux.HandleFunc("/api/v1/search", apiReadOnly)
	mux.HandleFunc("GET /static/{hash}/{name...}", func(w http.ResponseWriter, r *http.Request) {
		s.assets.Serve(w, r, s.notFound)
	})
	s.commentRoutes(mux)
	mux.HandleFunc("GET /media/{id}/{file}", s.showRendition)
	mux.HandleFunc("GET /media/{file}", s.showPhotoRef)
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /healthz/ready", s.ready)
	mux.HandleFunc("GET /favicon.ico", s.favicon)
	s.distributionRoutes(mux)
	mux.HandleFunc("/", s.unmatched)
	s.mux = mux
	return mux
}

// pinned serves a page with its reads pinned to the change log as it is
// when the request comes (see Store.Pin).
func (s *server) pinned(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h(w, r.WithContext(s.store.Pin(r.Context())))
	}
}

// favicon sends a browser's first request, /favicon.ico, to the logo
// rather than to a 404 page.
func (s *server) favicon(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=86400")
	http.Redirect(w, r, s.logoURL, http.StatusFound)
}

// ready is the readiness check: 200 "ok" when the database answers
// within two seconds, else 503 saying what is wrong. /healthz itself
// (liveness) says only that the process serves.
func (s *server) ready(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	p, ok := s.store.(interface{ Ping(context.Context) error })
	if ok {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := p.Ping(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintf(w, "database: %v\n", err)
			return
		}
	}
	w.Write([]byte("ok"))
}

func healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok"))
}

func (s *server) now() time.Time { return s.cfg.Now() }
