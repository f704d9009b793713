package newsroom_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"khabar/internal/store"
)

// sqlPayloads are SQL-injection attempts in the families attackers
// try: closing quotes, tautologies, stacked statements, comments,
// UNION reads, blind timing, PostgreSQL and SQLite specifics, encodings.
var sqlPayloads = []string{
	`'`, `"`, `' OR '1'='1`, `' OR 1=1 --`, `" OR ""="`, `1 OR 1=1`, `1; DROP TABLE stories; --`,
	`'); DROP TABLE users; --`, `1' UNION SELECT name, password_hash FROM users --`,
	`' UNION SELECT NULL, sqlite_version() --`, `1 AND (SELECT count(*) FROM sqlite_master) > 0`,
	`'; SELECT pg_sleep(5); --`, `1) OR pg_sleep(5)--`, `'||(SELECT version())||'`,
	`' AND 1=CAST((SELECT password_hash FROM users LIMIT 1) AS int) --`, `%27%20OR%201%3D1`,
	`\'; DELETE FROM sessions; --`, `admin'--`, `' OR 'x' LIKE '%`, `1e309`, `-1`, `9223372036854775808`,
	`$1`, `?`, `:name`, `/**/OR/**/1=1`, `' ; UPDATE users SET disabled = 1 ; --`, `خبر' OR '۱'='۱`,
	"x\u2019 OR 1=1 --", `'; ATTACH DATABASE '/tmp/x.db' AS x; --`,
}

// leak finds database error text in a page — SQLite's and PostgreSQL's
// own words, which no payload holds: an injection that reached the SQL
// would show there.
var leak = regexp.MustCompile(`(?i:sqlstate|syntax error|pq: |pgconn|near "|unrecognized token|SQL logic|no such (column|table)|database/sql|store: )|SQLITE_[A-Z]`)

// Every newsroom route, taken from the router, gets every payload in
// every parameter it reads (query and form, path values too) as an
// admin: no 500, no database error in the answer, and afterwards the
// stories, users and sections are as many as they were.
func TestSQLInjectionThroughEveryRoute(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		story := s.draft("editor", "خبری برای آزمون تزریق")
		admin := s.as("admin")
		before := counts(t, s.store)
		params := []string{"q", "state", "section", "author", "tag", "page", "cursor", "limit", "before", "from", "to",
			"actor", "kind", "object", "headline", "kicker", "lead", "body", "source", "byline", "tags", "base", "action",
			"note", "at", "id", "name", "display_name", "password", "current", "new", "confirm", "next", "text", "email",
			"comment", "blocked", "moderation", "close_days", "closed", "restore", "story", "reply_to", "bulk"}
		requests := 0
		for _, rt := range s.nr.Routes() {
			if rt.Pattern == "/newsroom/logout" || strings.Contains(rt.Pattern, "/static/") {
				continue
			}
			for _, p := range sqlPayloads {
				path := pathVar.ReplaceAllStringFunc(rt.Pattern, func(v string) string {
					switch v {
					case "{$}":
						return ""
					case "{id}":
						if strings.Contains(rt.Pattern, "/stories/") {
							return strconv.FormatInt(story.ID, 10) + url.PathEscape(p)
						}
					}
					return url.PathEscape(p)
				})
				values := url.Values{}
				for _, name := range params {
					values.Set(name, p)
				}
				var res response
				switch {
				case rt.API && rt.Method == "GET":
					res = s.api(s.token("admin"), "GET", path+"?"+values.Encode(), nil)
				case rt.API:
					body := map[string]string{}
					for _, name := range params {
						body[name] = p
					}
					res = s.api(s.token("admin"), rt.Method, path+"?"+values.Encode(), body)
				case rt.Method == "GET":
					res = admin.get(path + "?" + values.Encode())
				default:
					res = admin.post(path, values)
				}
				requests++
				if res.status >= 500 {
					t.Errorf("%s %s with %q: %d", rt.Method, rt.Pattern, p, res.status)
				}
				if m := leak.FindString(res.body); m != "" {
					t.Errorf("%s %s with %q: the answer shows %q", rt.Method, rt.Pattern, p, m)
				}
			}
		}
		if after := counts(t, s.store); after != before {
			t.Errorf("after the injections: %+v, before %+v", after, before)
		}
		t.Logf("%d payloads × %d routes: %d requests", len(sqlPayloads), len(s.nr.Routes()), requests)
	})
}

type tableCounts struct{ stories, users, sections int }

func counts(t *testing.T, st *store.Store) tableCounts {
	t.Helper()
	ctx := context.Background()
	var c tableCounts
	var err error
	if c.stories, err = st.StoryCount(ctx); err != nil {
		t.Fatal(err)
	}
	users, err := st.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c.users = len(users)
	secs, err := st.Sections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c.sections = len(secs)
	return c
}
