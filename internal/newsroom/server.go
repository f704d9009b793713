// Package newsroom is where the agency works: logins and sessions, the
// story editor and its workflow, revisions and the audit log, people's
// accounts — as server-rendered pages under /newsroom/ and as a JSON
// API under /api/v1/newsroom/ for integrations with bearer tokens.
//
// Every route is registered with the roles it admits (see routes.go),
// and one middleware chain enforces them: a page asked for without a
// session answers 303 to the login page, a POST without the session's
// CSRF token 403, an API call without a valid token 401. What a role may
// do to a given story is the workflow's decision (news.Decide), made
// again by the store on every write.
package newsroom

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"khabar/internal/auth"
	"khabar/internal/httpx"
	"khabar/internal/news"
	"khabar/internal/photo"
	"khabar/internal/store"
)

// Previewer renders a story as the public site will show it.
type Previewer interface {
	Preview(w http.ResponseWriter, r *http.Request, st *news.Story)
}

// Config is what the newsroom needs to know.
type Config struct {
	SiteName string
	// TrustProxy believes X-Forwarded-For (the client's address, for
	// throttling) and X-Forwarded-Proto (to mark cookies Secure).
	TrustProxy bool
	// SessionIdle and SessionMax end sessions unused for so long, and
	// so long after login.
	SessionIdle, SessionMax time.Duration
	// Password is the argon2id cost of new password hashes.
	Password auth.Params
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Photos takes uploads in; nil refuses them.
	Photos *photo.Library
}

// Newsroom is the newsroom's HTTP handler.
type Newsroom struct {
	store   *store.Store
	preview Previewer
	cfg     Config
	log     *slog.Logger
	pages   *httpx.Pages
	assets  *httpx.Assets
	mux     *http.ServeMux
	routes  []Route
}

//go:embed templates
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// New returns the newsroom. It panics if the embedded templates or
// assets are broken, which is a build error, not a run-time condition.
func New(st *store.Store, preview Previewer, cfg Config, logger *slog.Logger) *Newsroom {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 12 * time.Hour
	}
	if cfg.SessionMax == 0 {
		cfg.SessionMax = 7 * 24 * time.Hour
	}
	if cfg.Password == (auth.Params{}) {
		cfg.Password = auth.DefaultParams
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	n := &Newsroom{store: st, preview: preview, cfg: cfg, log: logger, mux: http.NewServeMux()}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	if n.assets, err = httpx.NewAssets("/newsroom/static/", httpx.SharedStatic(), static); err != nil {
		panic(err)
	}
	if n.pages, err = parsePages(n.funcs(), logger); err != nil {
		panic(err)
	}
	n.register()
	return n
}

// ServeHTTP serves the newsroom's pages and API.
func (n *Newsroom) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex, nofollow")
	httpx.Secure(n.mux).ServeHTTP(w, r)
}

// Routes lists every route with the access it was registered with.
func (n *Newsroom) Routes() []Route { return append([]Route(nil), n.routes...) }

func (n *Newsroom) now() time.Time { return n.cfg.Now() }
