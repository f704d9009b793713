package cli

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store/storetest"
)

// Two `khabar serve` nodes on one PostgreSQL: a story published through
// one database connection reaches the cached home page of both within a
// second; a node whose connection to the change log is cut catches up;
// a due story is published once for the cluster; a newsroom session
// made on one node works on the other.
func TestTwoNodesOnOnePostgres(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	a := startServe(t, nil, "--db", dsn, "--no-demo", "--schedule-every", "1s", "--access-log=false")
	b := startServe(t, nil, "--db", dsn, "--no-demo", "--schedule-every", "1s", "--access-log=false")
	m := firstLogin.FindStringSubmatch(a.stdout.String() + b.stdout.String())
	if m == nil {
		t.Fatalf("no first-login password:\n%s\n%s", a.stdout, b.stdout)
	}
	password := m[1]

	st := storetest.Open(t, dsn) // the newsroom's writes, as any node makes them
	ctx := context.Background()
	admin := news.Actor{Name: "آزمون"}
	if err := st.AddSection(ctx, admin, &news.Section{Slug: "economy", Name: "اقتصادی"}); err != nil {
		t.Fatal(err)
	}
	u := &news.User{Name: "editor", DisplayName: "دبیر", Roles: news.Roles{news.RoleEditor}}
	if err := st.CreateUser(ctx, admin, u, "hash"); err != nil {
		t.Fatal(err)
	}
	editor := news.ActorOf(u)
	publish := func(headline string) *news.Story {
		t.Helper()
		s, err := st.CreateDraft(ctx, editor, news.Content{Section: "economy", Headline: headline,
			Lead: "بازار امروز آرام بود.", Source: "خبر", Body: "<p>معاملات بورس تهران با رشد همراه بود.</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if s, err = st.Publish(ctx, editor, s.ID, s.Revision); err != nil {
			t.Fatal(err)
		}
		return s
	}
	// onHome waits until the home page of every node shows headline and
	// returns how long that took.
	onHome := func(headline string, limit time.Duration) time.Duration {
		t.Helper()
		start := time.Now()
		for _, n := range []*serving{a, b} {
			for {
				_, body := get(t, n.url+"/")
				if strings.Contains(body, headline) {
					break
				}
				if time.Since(start) > limit {
					t.Fatalf("%s: the home page lacks %q after %v", n.url, headline, limit)
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
		return time.Since(start)
	}

	publish("نخستین خبر روز")
	onHome("نخستین خبر روز", 5*time.Second)
	for _, n := range []*serving{a, b} { // both home pages get cached
		deadline := time.Now().Add(3 * time.Second)
		for head(t, n.url+"/") != "hit" {
			if time.Now().After(deadline) {
				t.Fatalf("%s: the home page is not cached", n.url)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	publish("خبر فوری: زلزله در کرمان")
	took := onHome("خبر فوری: زلزله در کرمان", 5*time.Second)
	t.Logf("a published story reached the home page of both nodes in %v", took)
	if took > time.Second {
		t.Errorf("a published story took %v to reach the home page of both nodes, want under 1s", took)
	}

	// Cut every node's change-log listener; what is published while they
	// reconnect still reaches them.
	db := storetest.SQL(t, dsn)
	var cut int
	if err := db.QueryRow(`SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE query LIKE 'LISTEN %' || current_schema() || '%' AND pid <> pg_backend_pid()) t`).Scan(&cut); err != nil || cut != 2 {
		t.Fatalf("cut %d listeners (%v), want 2", cut, err)
	}
	publish("خبری هنگام قطع ارتباط")
	onHome("خبری هنگام قطع ارتباط", 10*time.Second)

	// A story scheduled for now is published by one node's scheduler.
	s, err := st.CreateDraft(ctx, editor, news.Content{Section: "economy", Headline: "خبر زمان‌بندی‌شده",
		Lead: "این خبر خودکار منتشر می‌شود.", Source: "خبر", Body: "<p>متن خبر زمان‌بندی‌شده.</p>"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Schedule(ctx, editor, s.ID, s.Revision, time.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	onHome("خبر زمان‌بندی‌شده", 10*time.Second)
	var publishes int
	if err := db.QueryRow(`SELECT count(*) FROM story_revisions WHERE story_id = $1 AND action = 'publish'`, s.ID).Scan(&publishes); err != nil || publishes != 1 {
		t.Errorf("the scheduled story has %d publish revisions (%v), want 1", publishes, err)
	}
	logs := a.stderr.String() + b.stderr.String()
	if n := strings.Count(logs, "scheduled story published"); n != 1 {
		t.Errorf("%d nodes say they published the scheduled story, want 1:\n%s", n, logs)
	}

	// A session made on a is good on b.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(a.url + "/newsroom/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if csrf == nil {
		t.Fatal("login page without a CSRF field")
	}
	res, err = c.PostForm(a.url+"/newsroom/login", url.Values{"csrf": {string(csrf[1])}, "name": {"admin"}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login on a: %d", res.StatusCode)
	}
	res, err = c.Get(b.url + "/newsroom/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); strings.Contains(loc, "/newsroom/login") {
		t.Errorf("b sent a's session to the login page (%d %s)", res.StatusCode, loc)
	}
}

// head returns what the page cache did for a GET of u.
func head(t *testing.T, u string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.Header.Get("X-Cache")
}

// With --db-read the public site reads from the replica (here the
// primary itself, a replica with no lag) and follows the change log.
func TestServeWithReadReplica(t *testing.T) {
	dsn := storetest.PostgresURL(t)
	s := startServe(t, nil, "--db", dsn, "--db-read", dsn, "--no-demo", "--access-log=false")
	st := storetest.Open(t, dsn)
	ctx := context.Background()
	admin := news.Actor{Name: "آزمون"}
	if err := st.AddSection(ctx, admin, &news.Section{Slug: "world", Name: "بین‌الملل"}); err != nil {
		t.Fatal(err)
	}
	u := &news.User{Name: "editor", DisplayName: "دبیر", Roles: news.Roles{news.RoleEditor}}
	if err := st.CreateUser(ctx, admin, u, "hash"); err != nil {
		t.Fatal(err)
	}
	for _, headline := range []string{"دیدار وزیران در مسقط", "بازگشت هیئت از مسقط"} {
		d, err := st.CreateDraft(ctx, news.ActorOf(u), news.Content{Section: "world", Headline: headline,
			Lead: "دو وزیر دیدار کردند.", Source: "خبر", Body: "<p>گروه‌های کارشناسی جلسه داشتند.</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Publish(ctx, news.ActorOf(u), d.ID, d.Revision); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(3 * time.Second)
		for {
			_, body := get(t, s.url+"/")
			if strings.Contains(body, headline) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the home page lacks %q", headline)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}
