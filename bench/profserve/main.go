// Command profserve serves khabar as `khabar serve --no-demo --search-rate 0` does (the
// same handler, change-log watcher and scheduler; with -cache, the page
// cache and metrics too, the access log off) with Go's profiler
// on a second loopback address, so a load benchmark can take CPU,
// mutex and block profiles of khabar phase by phase:
//
//	profserve -db DB -addr 127.0.0.1:18191 -pprof 127.0.0.1:18199 &
//	curl -o a.prof 'http://127.0.0.1:18199/debug/pprof/profile?seconds=50'
//	go tool pprof -top a.prof
//
// Mutex and block profiles are on; /debug/pprof/mutex?seconds=N and
// /debug/pprof/block?seconds=N give what happened in those N seconds.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof on the default mux
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"khabar/internal/config"
	"khabar/internal/metrics"
	"khabar/internal/server"
	"khabar/internal/store"
)

func main() {
	cfg := config.Defaults()
	cfg.NoDemo = true
	cfg.SearchRate = 0 // the load comes from one address
	flag.StringVar(&cfg.DB, "db", cfg.DB, "SQLite file path or postgres:// URL")
	flag.StringVar(&cfg.Addr, "addr", "127.0.0.1:18191", "address of the site")
	prof := flag.String("pprof", "127.0.0.1:18199", "address of the profiler (loopback only)")
	cached := flag.Bool("cache", false, "serve public pages through the page cache and the metrics, as serve does")
	flag.Parse()
	if err := run(cfg, *prof, *cached); err != nil {
		fmt.Fprintln(os.Stderr, "profserve:", err)
		os.Exit(1)
	}
}

func run(cfg config.Config, prof string, cached bool) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if host, _, err := net.SplitHostPort(prof); err != nil || (host != "127.0.0.1" && host != "localhost" && host != "::1") {
		return fmt.Errorf("-pprof must be a loopback address")
	}
	runtime.SetMutexProfileFraction(5)
	runtime.SetBlockProfileRate(int(100 * time.Microsecond))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	st, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	cfg.BaseURL = "http://" + ln.Addr().String()
	var opts server.Options
	var follow func(int64)
	if cached {
		opts.Cache = server.NewCache(server.CacheOptions{MaxBytes: int64(cfg.PageCacheMB) << 20})
		opts.Metrics = metrics.New(metrics.Sources{Cache: opts.Cache, Pool: st.PoolStats})
		f, err := server.NewFollower(ctx, st, opts.Cache, logger)
		if err != nil {
			return err
		}
		follow = f.OnChange
	}
	h, _ := server.Handler(st, cfg, opts, logger)
	go st.Watch(ctx, follow)
	go st.RunScheduler(ctx, cfg.ScheduleEvery, nil)
	go func() {
		srv := &http.Server{Addr: prof, ReadHeaderTimeout: 10 * time.Second}
		logger.Error("profiler", "err", srv.ListenAndServe())
	}()
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	fmt.Printf("profserve: khabar on %s (%s), profiler on %s\n", cfg.BaseURL, st.Dialect(), prof)
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}
