package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"khabar/internal/store"
)

// A client past its share of searches is told to wait, on the page and
// the API alike, while other clients and other pages go on.
func TestSearchRateLimit(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "khabar.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var later atomic.Bool // the clock moves on ten seconds
	clock := func() time.Time {
		if later.Load() {
			return testNow.Add(10 * time.Second)
		}
		return testNow
	}
	h := New(st, Config{SiteName: "خبرگزاری خبر", BaseURL: testBase, Now: clock,
		SearchRate: 12, TrustProxy: true}, slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	get := func(path, from string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if from != "" {
			req.Header.Set("X-Forwarded-For", from)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	q := url.QueryEscape("کتاب")
	// 12 a minute: a burst of two, then one each five seconds.
	for _, path := range []string{"/search?q=" + q, "/api/v1/search?q=" + q} {
		if res, _ := get(path, "198.51.100.7"); res.StatusCode != 200 {
			t.Fatalf("%s within the burst: %d", path, res.StatusCode)
		}
	}
	res, body := get("/api/v1/search?q="+q, "198.51.100.7")
	var e struct{ Error string }
	json.Unmarshal([]byte(body), &e)
	if res.StatusCode != 429 || res.Header.Get("Retry-After") != "5" || !strings.Contains(e.Error, "۵ ثانیه دیگر") {
		t.Fatalf("API past the burst: %d, Retry-After %q, %s", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	res, body = get("/search?q="+q, "198.51.100.7")
	if res.StatusCode != 429 || res.Header.Get("Retry-After") != "5" || res.Header.Get("Cache-Control") != "no-store" ||
		!strings.Contains(body, "جست‌وجوهای زیادی در زمان کوتاهی فرستاده‌اید") {
		t.Fatalf("page past the burst: %d, Retry-After %q, Cache-Control %q", res.StatusCode,
			res.Header.Get("Retry-After"), res.Header.Get("Cache-Control"))
	}
	if res, _ := get("/search?q="+q, "198.51.100.8"); res.StatusCode != 200 {
		t.Fatalf("another client: %d", res.StatusCode)
	}
	if res, _ := get("/", "198.51.100.7"); res.StatusCode != 200 {
		t.Fatalf("the home page of a client out of searches: %d", res.StatusCode)
	}
	later.Store(true)
	if res, _ := get("/search?q="+q, "198.51.100.7"); res.StatusCode != 200 {
		t.Fatalf("after waiting: %d", res.StatusCode)
	}
}
