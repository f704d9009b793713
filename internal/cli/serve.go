package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"khabar/internal/config"
	"khabar/internal/demo"
	"khabar/internal/httpx"
	"khabar/internal/metrics"
	"khabar/internal/news"
	"khabar/internal/server"
	"khabar/internal/store"
	"khabar/internal/web"
	"khabar/internal/wire"
)

// serveFlags binds the flags of `khabar serve` to a configuration.
func serveFlags(e *env, cfg *config.Config) *flag.FlagSet {
	fs := flagSet(e, "serve", "")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "address to listen on")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite file path or postgres:// URL")
	fs.StringVar(&cfg.SiteName, "site-name", cfg.SiteName, "agency name, shown in every page title")
	fs.StringVar(&cfg.BaseURL, "base-url", cfg.BaseURL, "public URL of the site, for canonical links (default: http://ADDR)")
	fs.StringVar(&cfg.EndMarker, "end-marker", cfg.EndMarker, "text after every story body")
	fs.BoolVar(&cfg.NoDemo, "no-demo", cfg.NoDemo, "do not load demo stories into an empty database")
	fs.BoolVar(&cfg.TrustProxy, "trust-proxy", cfg.TrustProxy, "believe X-Forwarded-For and X-Forwarded-Proto from a proxy in front")
	fs.DurationVar(&cfg.SessionIdle, "session-idle", cfg.SessionIdle, "end newsroom sessions unused for this long")
	fs.DurationVar(&cfg.SessionMax, "session-max", cfg.SessionMax, "end every newsroom session this long after login")
	fs.DurationVar(&cfg.ScheduleEvery, "schedule-every", cfg.ScheduleEvery, "how often due scheduled stories are published")
	fs.IntVar(&cfg.APIRate, "api-rate", cfg.APIRate, "requests a minute the public ninjs API answers per client address (0: no limit)")
	fs.IntVar(&cfg.CommentRate, "comment-rate", cfg.CommentRate, "comments one address may post per --comment-window (0: no limit)")
	fs.DurationVar(&cfg.CommentWindow, "comment-window", cfg.CommentWindow, "the window --comment-rate counts in")
	fs.StringVar(&cfg.DBRead, "db-read", cfg.DBRead, "PostgreSQL read replica for the public site's reads (postgres:// URL)")
	fs.IntVar(&cfg.PageCacheMB, "page-cache", cfg.PageCacheMB, "MiB of rendered public pages to keep in memory (0: off)")
	fs.BoolVar(&cfg.AccessLog, "access-log", cfg.AccessLog, "log a line per request")
	fs.StringVar(&cfg.MetricsFrom, "metrics-from", cfg.MetricsFrom, "addresses and networks (CIDR, comma-separated) that may read /metrics")
	fs.DurationVar(&cfg.WireRetention, "wire-retention", cfg.WireRetention, "how long wire items stay on the desk unless republished")
	fs.IntVar(&cfg.SearchRate, "search-rate", cfg.SearchRate, "searches a minute the search page and API answer per client address, together (0: no limit)")
	fs.BoolVar(&cfg.CacheTags, "cache-tags", cfg.CacheTags, "send each cached page's tags in Surrogate-Key and Cache-Tag headers, for a CDN that purges by tag")
	fs.StringVar(&cfg.PurgeURL, "purge-url", cfg.PurgeURL, "post the tags of the pages the cache drops to this URL (a relay to the CDN's purge), as JSON")
	fs.IntVar(&cfg.IdleConns, "idle-conns", cfg.IdleConns, "idle keep-alive connections kept open at most; past it the one idle longest is closed (0: no bound)")
	fs.StringVar(&cfg.MediaDir, "media-dir", cfg.MediaDir, "directory of the photos' files, shared by every node (default: beside a SQLite file, DB-media)")
	return fs
}

func runServe(e *env, args []string) int {
	cfg := config.Defaults()
	fs := serveFlags(e, &cfg)
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(e.stderr, "khabar serve:", err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	ctx, st, stop, ok := e.open(cfg.DB)
	if !ok {
		return 1
	}
	defer stop()
	defer st.Close()
	if !cfg.NoDemo {
		if err := loadDemo(ctx, st, e); err != nil {
			fmt.Fprintln(e.stderr, "khabar:", err)
			return 1
		}
	}
	admin, err := server.FirstAdmin(ctx, st)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar:", err)
		return 1
	}

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar:", err)
		return 1
	}
	url := "http://" + ln.Addr().String()
	if cfg.BaseURL == "" {
		cfg.BaseURL = url
	}
	workers, cancelWorkers := context.WithCancel(ctx)
	defer cancelWorkers()
	opts, follow, closeOpts, err := clusterOptions(workers, st, cfg, logger, e)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar:", err)
		return 1
	}
	defer closeOpts()
	reads := web.NewReadCounter(st, nil)
	opts.Web.Reads = reads
	h, _ := server.Handler(st, cfg, opts, logger)
	srv := httpServer(h, cfg.IdleConns)
	go st.Watch(workers, follow)
	go func() {
		start := time.Now()
		if err := st.WarmSearch(workers); err != nil && workers.Err() == nil {
			logger.Warn("reading the search index", "err", err)
			return
		}
		logger.Info("search index read", "took", time.Since(start).Round(time.Millisecond))
	}()
	go st.RunScheduler(workers, cfg.ScheduleEvery, func(published []*news.Story, ran bool, err error) {
		switch {
		case err != nil:
			logger.Error("scheduler", "err", err)
			opts.Metrics.SchedulerRun("error")
		case !ran:
			opts.Metrics.SchedulerRun("skipped")
		case len(published) > 0:
			opts.Metrics.SchedulerRun("published")
		default:
			opts.Metrics.SchedulerRun("idle")
		}
		for _, s := range published {
			logger.Info("scheduled story published", "code", s.Code, "id", s.ID)
		}
	})
	go housekeeping(workers, st, logger)
	go st.RunRelated(workers, time.Second, func(n int, err error) {
		if err != nil {
			logger.Error("related stories", "err", err)
		}
	})
	// The read counter flushes once more when the workers stop; the
	// store stays open until it has.
	readsDone := make(chan struct{})
	go func() {
		defer close(readsDone)
		reads.Run(workers, web.ReadFlushEvery, func(err error) { logger.Error("flush page views", "err", err) })
	}()
	defer func() { cancelWorkers(); <-readsDone }()
	poller := &wire.Poller{Store: st, Fetcher: wire.NewFetcher(), Log: logger, Retention: cfg.WireRetention}
	go poller.Run(workers, 15*time.Second)

	fmt.Fprintf(e.stdout, "khabar is serving %s (database: %s, %s; photos: %s)\n", url, cfg.DB, st.Dialect(), cfg.MediaDir)
	fmt.Fprintf(e.stdout, "Newsroom: %s/newsroom/login\n", url)
	if admin != "" {
		fmt.Fprintf(e.stdout, "First login: user admin, password %s (one time: you will be asked to change it)\n", admin)
	}
	fmt.Fprintln(e.stdout, "Press Ctrl-C to stop.")

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintln(e.stderr, "khabar:", err)
			return 1
		}
	case <-ctx.Done():
		fmt.Fprintln(e.stdout, "\nkhabar: shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			fmt.Fprintln(e.stderr, "khabar: shutdown:", err)
			return 1
		}
	}
	return 0
}

// housekeeping prunes expired sessions, the old change log, old hourly
// page views and the comment counters of past windows, hourly, on one
// node of a cluster at a time.
func housekeeping(ctx context.Context, st *store.Store, logger *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if _, err := st.Exclusive(ctx, "housekeeping", func(ctx context.Context) error {
			if _, err := st.PruneSessions(ctx, time.Now()); err != nil && ctx.Err() == nil {
				logger.Error("prune sessions", "err", err)
			}
			if _, err := st.PruneChanges(ctx, 7*24*time.Hour); err != nil && ctx.Err() == nil {
				logger.Error("prune change log", "err", err)
			}
			// The most read reach back a week; totals are kept for good.
			if _, err := st.PruneReads(ctx, 8*24*time.Hour); err != nil && ctx.Err() == nil {
				logger.Error("prune page views", "err", err)
			}
			if _, err := st.PruneCommentRates(ctx, time.Now().Add(-24*time.Hour)); err != nil && ctx.Err() == nil {
				logger.Error("prune comment rates", "err", err)
			}
			return nil
		}); err != nil && ctx.Err() == nil {
			logger.Error("housekeeping", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// loadDemo fills an empty database with the demo edition, unless its
// demo edition was removed before.
func loadDemo(ctx context.Context, st *store.Store, e *env) error {
	wanted, err := st.DemoWanted(ctx)
	if err != nil || !wanted {
		return err
	}
	stories := demo.Stories(time.Now())
	for i, r := range st.ImportStories(ctx, stories) {
		if r.Err != nil {
			return fmt.Errorf("load demo story %d: %w", i, r.Err)
		}
	}
	fmt.Fprintf(e.stdout, "khabar: new database: loaded %d demo stories (%s); khabar demo remove takes them out\n", len(stories), demo.Notice)
	return nil
}

// clusterOptions makes what serve adds to the site: the page cache and
// the follower of the change log that keeps it current (the callback
// for Watch), the read replica, the metrics and the access log. done
// closes what it opened.
func clusterOptions(ctx context.Context, st *store.Store, cfg config.Config, logger *slog.Logger, e *env) (
	opts server.Options, follow func(int64), done func(), err error) {
	done = func() {}
	if opts.MetricsFrom, err = config.ParseNetworks(cfg.MetricsFrom); err != nil {
		return opts, nil, done, err
	}
	if cfg.DBRead != "" {
		if opts.Read, err = store.OpenReplica(ctx, cfg.DBRead); err != nil {
			return opts, nil, done, err
		}
	}
	if cfg.PageCacheMB > 0 {
		co := server.CacheOptions{MaxBytes: int64(cfg.PageCacheMB) << 20, TagHeaders: cfg.CacheTags}
		if cfg.PurgeURL != "" {
			p, err := server.NewPurger(cfg.PurgeURL, logger)
			if err != nil {
				return opts, nil, done, err
			}
			co.Dropped = p.Dropped
			go p.Run(ctx)
		}
		opts.Cache = server.NewCache(co)
	}
	opts.Metrics = metrics.New(metrics.Sources{Cache: opts.Cache, Pool: st.PoolStats})
	if opts.Cache != nil {
		f, err := server.NewFollower(ctx, st, opts.Cache, logger)
		if err != nil {
			return opts, nil, done, err
		}
		f.Replica, f.Applied = opts.Read, opts.Metrics.ChangeApplied
		follow = f.OnChange
	}
	var closers []func() error
	if opts.Read != nil {
		closers = append(closers, opts.Read.Close)
	}
	if cfg.AccessLog {
		w := metrics.NewLogWriter(e.stderr)
		opts.AccessLog = slog.New(slog.NewTextHandler(w, nil))
		closers = append(closers, w.Close)
	}
	done = func() {
		for _, c := range closers {
			c()
		}
	}
	return opts, follow, done, nil
}

// httpServer is the server serve runs h with: a client that sends its
// headers slowly, or a body slowly, or keeps an idle connection open, is
// cut off, headers are bounded in size, and at most idle keep-alive
// connections are held open (0: any number).
func httpServer(h http.Handler, idle int) *http.Server {
	conns := &httpx.IdleConns{Max: idle}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ConnState:         conns.ConnState,
	}
}
