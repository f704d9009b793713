// Package config is khabar's configuration: one struct, filled from
// command-line flags and KHABAR_* environment variables by the command
// line, and checked once, at start, by Validate.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"
)

// Config is everything `khabar serve` runs with.
type Config struct {
	// Addr is where the server listens, host:port.
	Addr string
	// DB is a SQLite file path or a postgres:// URL.
	DB string
	// SiteName is the agency's name, after every headline in <title>.
	SiteName string
	// BaseURL is the public address for canonical links; empty means
	// http://Addr.
	BaseURL string
	// EndMarker is the line after every story body.
	EndMarker string
	// NoDemo keeps an empty database empty.
	NoDemo bool
	// TrustProxy believes X-Forwarded-For and X-Forwarded-Proto, as a
	// reverse proxy in front sets them; off, they are ignored.
	TrustProxy bool
	// SessionIdle ends a newsroom session unused for this long;
	// SessionMax ends any session this long after login.
	SessionIdle time.Duration
	SessionMax  time.Duration
	// ScheduleEvery is how often due scheduled stories are published.
	ScheduleEvery time.Duration
	// APIRate is how many requests a minute the public ninjs API answers
	// from one client address (behind TrustProxy, the address the proxy
	// names); 0 sets no limit.
	APIRate int
	// CommentRate is how many comments one address may post in each
	// CommentWindow; 0 lets it post any number.
	CommentRate   int
	CommentWindow time.Duration
	// DBRead is a PostgreSQL read replica for the public site's reads;
	// empty, they go to DB.
	DBRead string
	// PageCacheMB bounds the public page cache, in MiB; 0 turns it off.
	PageCacheMB int
	// CacheTags sends each cached page's tags (Surrogate-Key,
	// Cache-Tag) for a CDN that purges by tag; PurgeURL, when set, is
	// told of every page the cache drops (see server.Purger).
	CacheTags bool
	PurgeURL  string
	// AccessLog writes a log line per request.
	AccessLog bool
	// MetricsFrom lists the addresses and networks (CIDR) that may read
	// /metrics.
	MetricsFrom string
	// WireRetention is how long wire items stay on the desk; those
	// republished stay for good.
	WireRetention time.Duration
	// SearchRate is how many searches a minute the search page and the
	// search API together answer one client address, in bursts of up to
	// a sixth of that; past it a 429. 0 sets no limit.
	SearchRate int
	// IdleConns bounds the keep-alive connections kept open between
	// requests; past it the one idle longest is closed. 0 keeps any
	// number (each for up to two minutes).
	IdleConns int
	// MediaDir holds the photos' files; empty means next to a SQLite
	// database file (khabar.db → khabar-media), or ./khabar-media.
	MediaDir string
}

// Defaults returns the configuration a new installation runs with.
func Defaults() Config {
	return Config{
		Addr:          "localhost:8080",
		DB:            "khabar.db",
		SiteName:      "خبرگزاری خبر",
		EndMarker:     "انتهای پیام/",
		SessionIdle:   12 * time.Hour,
		SessionMax:    7 * 24 * time.Hour,
		ScheduleEvery: 10 * time.Second,
		APIRate:       600,
		CommentRate:   20,
		CommentWindow: 10 * time.Minute,
		PageCacheMB:   64,
		AccessLog:     true,
		MetricsFrom:   "127.0.0.0/8,::1",
		WireRetention: 30 * 24 * time.Hour,
		SearchRate:    300,
		IdleConns:     1000,
	}
}

// Validate checks c and fills in what follows from the rest (BaseURL
// from Addr). It returns every problem it finds, joined.
func (c *Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		bad("--addr %q is not host:port", c.Addr)
	}
	if strings.TrimSpace(c.DB) == "" {
		bad("--db is empty")
	} else if i := strings.Index(c.DB, "://"); i > 0 && !strings.HasPrefix(c.DB, "postgres://") &&
		!strings.HasPrefix(c.DB, "postgresql://") && !strings.HasPrefix(c.DB, "sqlite://") {
		bad("--db %q: khabar speaks SQLite (a file path) and PostgreSQL (postgres://), not %s", c.DB, c.DB[:i])
	}
	for name, v := range map[string]string{"--site-name": c.SiteName, "--end-marker": c.EndMarker} {
		if !utf8.ValidString(v) || strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 }) {
			bad("%s holds characters that are not text", name)
		}
	}
	if strings.TrimSpace(c.SiteName) == "" {
		bad("--site-name is empty")
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			bad("--base-url %q is not an http(s) address like https://khabar.example", c.BaseURL)
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	}
	switch {
	case c.SessionIdle < time.Minute:
		bad("--session-idle %v is shorter than a minute", c.SessionIdle)
	case c.SessionMax < c.SessionIdle:
		bad("--session-max %v is shorter than --session-idle %v", c.SessionMax, c.SessionIdle)
	}
	if c.ScheduleEvery < time.Second || c.ScheduleEvery > time.Minute {
		bad("--schedule-every %v: scheduled stories must go out within a minute; give 1s to 1m", c.ScheduleEvery)
	}
	if c.APIRate < 0 || c.APIRate > 1000000 {
		bad("--api-rate %d: give requests a minute per client, from 0 (no limit) to 1000000", c.APIRate)
	}
	if c.CommentRate < 0 || c.CommentRate > 100000 {
		bad("--comment-rate %d: give the comments one address may post per window, 0 to 100000 (0: no limit)", c.CommentRate)
	}
	if c.CommentWindow < time.Second || c.CommentWindow > 24*time.Hour {
		bad("--comment-window %v: give 1s to 24h", c.CommentWindow)
	}
	if c.DBRead != "" && !strings.HasPrefix(c.DBRead, "postgres://") && !strings.HasPrefix(c.DBRead, "postgresql://") {
		bad("--db-read %q: a read replica is a PostgreSQL server (postgres://)", c.DBRead)
	} else if c.DBRead != "" && !strings.HasPrefix(c.DB, "postgres") {
		bad("--db-read needs --db on PostgreSQL too")
	}
	if c.PageCacheMB < 0 || c.PageCacheMB > 1<<16 {
		bad("--page-cache %d: give MiB, 0 (off) to 65536", c.PageCacheMB)
	}
	if _, err := ParseNetworks(c.MetricsFrom); err != nil {
		bad("--metrics-from: %v", err)
	}
	if c.WireRetention < time.Hour {
		bad("--wire-retention %v: keep wire items at least an hour (720h is 30 days)", c.WireRetention)
	}
	if c.SearchRate < 0 || c.SearchRate > 1000000 {
		bad("--search-rate %d: give searches a minute per client, from 0 (no limit) to 1000000", c.SearchRate)
	}
	if c.PurgeURL != "" {
		if u, err := url.Parse(c.PurgeURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("--purge-url %q: give the http:// or https:// address of the purge relay", c.PurgeURL)
		} else if c.PageCacheMB == 0 {
			bad("--purge-url: the page cache is off (--page-cache 0), so nothing is dropped to tell of")
		}
	}
	if c.IdleConns < 0 || c.IdleConns > 1000000 {
		bad("--idle-conns %d: give the idle keep-alive connections kept open, 0 (no bound) to 1000000", c.IdleConns)
	}
	if strings.TrimSpace(c.MediaDir) == "" {
		c.MediaDir = MediaDirFor(c.DB)
	} else if info, err := os.Stat(c.MediaDir); err == nil && !info.IsDir() {
		bad("--media-dir %q is a file, not a directory", c.MediaDir)
	}
	return errors.Join(errs...)
}

// ParseNetworks reads a comma-separated list of addresses and CIDR
// networks, such as "127.0.0.0/8,::1,10.0.0.7"; empty admits nobody.
func ParseNetworks(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an address nor a network like 10.0.0.0/8", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// MediaDirFor returns where the photos of database db live by default:
// beside a SQLite file, named after it (khabar.db → khabar-media); for
// PostgreSQL, khabar-media in the working directory.
func MediaDirFor(db string) string {
	if strings.Contains(db, "://") && !strings.HasPrefix(db, "sqlite://") {
		return "khabar-media"
	}
	path := strings.TrimPrefix(db, "sqlite://")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return filepath.Join(filepath.Dir(path), base+"-media")
}
