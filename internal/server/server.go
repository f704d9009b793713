// Package server puts khabar's two sites on one handler: the newsroom
// under /newsroom/ and /api/v1/newsroom/, the public site everywhere
// else. Each keeps its own middleware; this package only routes.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"

	"khabar/internal/auth"
	"khabar/internal/config"
	"khabar/internal/media"
	"khabar/internal/metrics"
	"khabar/internal/news"
	"khabar/internal/newsroom"
	"khabar/internal/pagecache"
	"khabar/internal/photo"
	"khabar/internal/store"
	"khabar/internal/web"
)

// Options are what Handler needs besides the configuration; the zero
// value is production's.
type Options struct {
	Newsroom newsroom.Config // its clock and password costs, for tests
	Web      web.Config      // its clock, for tests
	// Cache, when set, holds the public site's pages (see NewCache and
	// Follower, which keeps it in step with the change log).
	Cache *pagecache.Cache
	// Read, when set, is a read replica the public site reads from.
	Read *store.Store
	// Metrics, when set, counts and times every request and serves
	// /metrics to the networks in MetricsFrom; AccessLog, when set too,
	// gets a line per request.
	Metrics     *metrics.Metrics
	MetricsFrom []netip.Prefix
	AccessLog   *slog.Logger
	// Media holds the photos' files; nil means a directory,
	// cfg.MediaDir (none at all when that is empty).
	Media media.Storage
	// Photos tunes the processing of uploads.
	Photos photo.Options
}

// Handler returns the whole site for cfg on st, and the newsroom (whose
// routes tests enumerate).
func Handler(st *store.Store, cfg config.Config, opts Options, log *slog.Logger) (http.Handler, *newsroom.Newsroom) {
	files := opts.Media
	switch {
	case files != nil:
	case cfg.MediaDir != "":
		files = media.Dir{Root: cfg.MediaDir}
	default:
		files = media.None{}
	}
	wc := opts.Web
	wc.SiteName, wc.EndMarker, wc.BaseURL = cfg.SiteName, cfg.EndMarker, cfg.BaseURL
	wc.TrustProxy, wc.APIRate = cfg.TrustProxy, cfg.APIRate
	wc.SearchRate = cfg.SearchRate
	wc.CommentRate = news.RateLimit{Posts: cfg.CommentRate, Window: cfg.CommentWindow}
	var reads web.Store = st
	if opts.Read != nil {
		reads = replicaReads{Store: st, read: opts.Read}
	}
	if opts.Metrics != nil {
		reads = timedSearch{Store: reads, m: opts.Metrics}
	}
	wc.Media = files
	site := web.New(reads, wc, log)
	nc := opts.Newsroom
	nc.SiteName, nc.TrustProxy = cfg.SiteName, cfg.TrustProxy
	nc.SessionIdle, nc.SessionMax = cfg.SessionIdle, cfg.SessionMax
	if nc.Photos == nil {
		nc.Photos = photo.NewLibrary(files, st, opts.Photos)
	}
	nr := newsroom.New(st, site, nc, log)
	mux := http.NewServeMux()
	mux.Handle("/newsroom", http.RedirectHandler("/newsroom/", http.StatusMovedPermanently))
	mux.Handle("/newsroom/", nr)
	mux.Handle("/api/v1/newsroom/", nr)
	if opts.Cache != nil {
		mux.Handle("/", opts.Cache.Handler(site))
	} else {
		mux.Handle("/", site)
	}
	var h http.Handler = mux
	if opts.Cache != nil {
		h = opts.Cache.Front(mux) // a stored page is sent before routing
	}
	if opts.Metrics == nil {
		return h, nr
	}
	mux.Handle("GET /metrics", opts.Metrics.Handler(opts.MetricsFrom))
	return opts.Metrics.Middleware(h, opts.AccessLog), nr
}

// FirstAdmin creates the user admin with a one-time password, which
// must be changed at first login, when the database has no users, and
// returns the password; "" when there were users already (or another
// node made the admin first).
func FirstAdmin(ctx context.Context, st *store.Store) (string, error) {
	n, err := st.UserCount(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	password := auth.NewPassword()
	u := &news.User{Name: "admin", DisplayName: "مدیر", Roles: news.Roles{news.RoleAdmin}, MustChangePassword: true}
	if err := st.CreateUser(ctx, news.Actor{Name: "khabar"}, u, auth.HashPassword(password, auth.DefaultParams)); err != nil {
		if news.ErrorCode(err) == news.ECONFLICT {
			return "", nil
		}
		return "", err
	}
	return password, nil
}
