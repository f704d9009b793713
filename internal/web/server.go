// Package web is khabar's public site: server-rendered pages for readers,
// built with html/template from embedded templates and assets.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"khabar/internal/news"
)

// Store is what the public site reads. *store.Store satisfies it.
type Store interface {
	// StoryByCode returns the story with the given news code, or an
	// *news.Error with code ENOTFOUND.
	StoryByCode(ctx context.Context, code int64) (*news.Story, error)
	// Stories returns a page of stories, newest first; with f.PublicAt set
	// only the stories visible to the public at that time.
	Stories(ctx context.Context, f news.StoryFilter) (news.Page, error)
	// Sections returns every section, in display order.
	Sections(ctx context.Context) ([]news.Section, error)
	// SectionBySlug returns the section, or ENOTFOUND.
	SectionBySlug(ctx context.Context, slug string) (news.Section, error)
	// ApprovedCommentCount returns how many of the story's comments a
	// moderator approved.
	ApprovedCommentCount(ctx context.Context, storyID int64) (int, error)
	// Search returns the stories matching q, best first.
	Search(ctx context.Context, q news.SearchQuery) (news.SearchResult, error)
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
	pages  map[string]*template.Template
	assets *assetSet
}

// New returns the public site's handler. It panics if the embedded
// templates or assets are broken, which is a build error, not a run-time
// condition.
func New(st Store, cfg Config, logger *slog.Logger) http.Handler {
	if cfg.SiteName == "" {
		cfg.SiteName = DefaultSiteName
	}
	if cfg.EndMarker == "" {
		cfg.EndMarker = DefaultEndMarker
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	s := &server{store: st, cfg: cfg, log: logger}
	assets, err := loadAssets()
	if err != nil {
		panic(err)
	}
	s.assets = assets
	if s.pages, err = parseTemplates(s.funcs()); err != nil {
		panic(err)
	}
	return s.secure(s.routes())
}

func (s *server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.showHome)
	mux.HandleFunc("GET /news/{code}", s.showArticle)
	mux.HandleFunc("GET /news/{code}/{$}", s.showArticle)
	mux.HandleFunc("GET /news/{code}/{slug}", s.showArticle)
	mux.HandleFunc("GET /news/{code}/print", s.showArticlePrint)
	mux.HandleFunc("GET /section/{slug}", s.showSection)
	mux.HandleFunc("GET /tag/{name}", s.showTag)
	mux.HandleFunc("GET /archive", s.showArchiveToday)
	mux.HandleFunc("GET /archive/{yyyy}/{mm}/{dd}", s.showArchive)
	mux.HandleFunc("GET /search", s.showSearch)
	mux.HandleFunc("GET /api/v1/search", s.apiSearch)
	mux.HandleFunc("/api/v1/search", apiReadOnly)
	mux.HandleFunc("GET /static/{hash}/{name...}", s.serveAsset)
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("/", s.notFound)
	return mux
}

// contentSecurityPolicy allows no inline script or style: every script
// and stylesheet is a hashed file of our own.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data: https:; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// secure sets the headers every response carries.
func (s *server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

func healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok"))
}

func (s *server) now() time.Time { return s.cfg.Now() }
