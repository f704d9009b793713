package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"khabar/internal/demo"
	"khabar/internal/store"
	"khabar/internal/web"
)

func runServe(e *env, args []string) int {
	fs := flagSet(e, "serve", "")
	addr := fs.String("addr", "localhost:8080", "address to listen on")
	db := fs.String("db", "khabar.db", "SQLite file path or postgres:// URL")
	siteName := fs.String("site-name", "خبرگزاری خبر", "agency name, shown in every page title")
	baseURL := fs.String("base-url", "", "public URL of the site, for canonical links (default: http://ADDR)")
	endMarker := fs.String("end-marker", "انتهای پیام/", "text after every story body")
	noDemo := fs.Bool("no-demo", false, "do not load demo stories into an empty database")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	ctx, st, stop, ok := e.open(*db)
	if !ok {
		return 1
	}
	defer stop()
	defer st.Close()
	if !*noDemo {
		if err := loadDemo(ctx, st, e); err != nil {
			fmt.Fprintln(e.stderr, "khabar:", err)
			return 1
		}
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar:", err)
		return 1
	}
	url := "http://" + ln.Addr().String()
	if *baseURL == "" {
		*baseURL = url
	}
	h := web.New(st, web.Config{SiteName: *siteName, EndMarker: *endMarker, BaseURL: *baseURL}, logger)
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(e.stdout, "khabar is serving %s (database: %s, %s)\n", url, *db, st.Dialect())
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

// loadDemo fills an empty database with the demo edition.
func loadDemo(ctx context.Context, st *store.Store, e *env) error {
	n, err := st.StoryCount(ctx)
	if err != nil || n > 0 {
		return err
	}
	stories := demo.Stories(time.Now())
	for i, r := range st.ImportStories(ctx, stories) {
		if r.Err != nil {
			return fmt.Errorf("load demo story %d: %w", i, r.Err)
		}
	}
	fmt.Fprintf(e.stdout, "khabar: new database: loaded %d demo stories (%s)\n", len(stories), demo.Notice)
	return nil
}
