package web

import (
	"context"
	"net/url"
	"regexp"
	"testing"
)

// SQL-injection attempts through every address and parameter a reader
// reaches: no 500, no database error text, and the stories and sections
// are as they were. The newsroom's routes get the same in
// internal/newsroom (TestSQLInjectionThroughEveryRoute).
func TestSQLInjectionPublic(t *testing.T) {
	s := newSite(t)
	s.add(modelStory())
	payloads := []string{`'`, `"`, `' OR '1'='1`, `1 OR 1=1`, `1; DROP TABLE stories; --`,
		`' UNION SELECT name, password_hash FROM users --`, `'; SELECT pg_sleep(5); --`, `%27 OR 1=1`,
		`\'; DELETE FROM sessions; --`, `' OR 'x' LIKE '%`, `9223372036854775808`, `-1`, `$1`, `?`,
		`"نفت" OR "1"="1"`, `خبر' --`, `*`, `NEAR(a b)`, `a AND OR NOT`, `"`, `^`, `(`, `{`, `a:b`}
	leak := regexp.MustCompile(`(?i:sqlstate|syntax error|pq: |pgconn|near "|unrecognized token|SQL logic|no such (column|table)|fts5|store: )|SQLITE_[A-Z]`)
	ctx := context.Background()
	n, _ := s.store.StoryCount(ctx)
	secs, _ := s.store.Sections(ctx)
	requests := 0
	for _, p := range payloads {
		e, q := url.PathEscape(p), url.QueryEscape(p)
		for _, path := range []string{"/search?q=" + q, "/search?q=" + q + "&page=" + q, "/section/" + e, "/section/ict?page=" + q,
			"/tag/" + e, "/archive/" + e + "/" + e + "/" + e, "/news/" + e, "/news/101870/" + e, "/news/" + e + "/print",
			"/api/v1/search?q=" + q + "&limit=" + q + "&page=" + q, "/api/v1/news?section=" + q + "&tag=" + q + "&cursor=" + q + "&limit=" + q,
			"/api/v1/news/" + e, "/section/" + e + "/rss", "/tag/" + e + "/atom", "/sitemaps/" + e, "/news/101870/comments?page=" + q} {
			res := s.get(path)
			requests++
			if res.status >= 500 {
				t.Errorf("GET %s: %d", path, res.status)
			}
			if m := leak.FindString(res.body); m != "" {
				t.Errorf("GET %s: the answer shows %q", path, m)
			}
		}
	}
	if after, _ := s.store.StoryCount(ctx); after != n {
		t.Errorf("%d stories after the injections, %d before", after, n)
	}
	if after, _ := s.store.Sections(ctx); len(after) != len(secs) {
		t.Errorf("%d sections after the injections, %d before", len(after), len(secs))
	}
	t.Logf("%d payloads, %d requests", len(payloads), requests)
}
