package server_test

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"khabar/internal/config"
	"khabar/internal/news"
	"khabar/internal/server"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// node is one khabar site with its page cache, following the change
// log, behind a real HTTP server.
type node struct {
	t      *testing.T
	st     *store.Store
	srv    *httptest.Server
	follow *server.Follower
}

func startNode(t *testing.T, st *store.Store) *node {
	t.Helper()
	return startNodeWith(t, st, server.CacheOptions{MaxBytes: 8 << 20})
}

func startNodeWith(t *testing.T, st *store.Store, co server.CacheOptions) *node {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	cache := server.NewCache(co)
	f, err := server.NewFollower(ctx, st, cache, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	go st.Watch(ctx, f.OnChange)
	cfg := config.Defaults()
	cfg.BaseURL = "http://khabar.test"
	h, _ := server.Handler(st, cfg, server.Options{Cache: cache}, slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &node{t: t, st: st, srv: srv, follow: f}
}

type page struct {
	status int
	header http.Header
	body   string
}

// get fetches path as a reader's browser would, with the given headers,
// following no redirects.
func (n *node) get(path string, hdr ...string) page {
	n.t.Helper()
	req, err := http.NewRequest("GET", n.srv.URL+path, nil)
	if err != nil {
		n.t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	c := &http.Client{Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		n.t.Fatal(err)
	}
	defer res.Body.Close()
	var r io.Reader = res.Body
	if res.Header.Get("Content-Encoding") == "gzip" {
		if r, err = gzip.NewReader(res.Body); err != nil {
			n.t.Fatal(err)
		}
	}
	b, err := io.ReadAll(r)
	if err != nil {
		n.t.Fatal(err)
	}
	return page{res.StatusCode, res.Header, string(b)}
}

// caught waits until the node has applied every change in the log.
func (n *node) caught() {
	n.t.Helper()
	last, err := n.st.LatestChange(context.Background())
	if err != nil {
		n.t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for n.follow.Last() < last {
		if time.Now().After(deadline) {
			n.t.Fatalf("the node applied changes up to %d of %d", n.follow.Last(), last)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// newsroomDesk makes two sections, an editor, and a published story in
// each.
type newsroomDesk struct {
	editor news.Actor
	market *news.Story // economy, tagged بورس
	oman   *news.Story // world, tagged عمان
}

func newDesk(t testing.TB, st *store.Store) newsroomDesk {
	t.Helper()
	ctx := context.Background()
	admin := news.Actor{Name: "آزمون"}
	for slug, name := range map[string]string{"economy": "اقتصادی", "world": "بین‌الملل"} {
		if err := st.AddSection(ctx, admin, &news.Section{Slug: slug, Name: name}); err != nil && news.ErrorCode(err) != news.ECONFLICT {
			t.Fatal(err)
		}
	}
	u := &news.User{Name: "editor", DisplayName: "دبیر", Roles: news.Roles{news.RoleEditor, news.RoleModerator}}
	if err := st.CreateUser(ctx, admin, u, "hash"); err != nil && news.ErrorCode(err) != news.ECONFLICT {
		t.Fatal(err)
	}
	d := newsroomDesk{editor: news.ActorOf(u)}
	publish := func(c news.Content) *news.Story {
		s, err := st.CreateDraft(ctx, d.editor, c)
		if err != nil {
			t.Fatal(err)
		}
		if s, err = st.Publish(ctx, d.editor, s.ID, s.Revision); err != nil {
			t.Fatal(err)
		}
		return s
	}
	d.market = publish(news.Content{Section: "economy", Headline: "رشد شاخص بورس تهران", Lead: "شاخص کل امروز بالا رفت.",
		Source: "خبر", Body: "<p>معاملات بورس تهران با رشد همراه بود.</p>", Tags: []string{"بورس"}})
	d.oman = publish(news.Content{Section: "world", Headline: "دیدار وزیران ارتباطات ایران و عمان", Lead: "دو وزیر در مسقط دیدار کردند.",
		Source: "خبر", Body: "<p>گروه‌های کارشناسی دو کشور جلسه داشتند.</p>", Tags: []string{"عمان"}})
	return d
}

// url returns the story's canonical address, as the site links it.
func (n *node) url(s *news.Story) string {
	n.t.Helper()
	p := n.get("/news/" + itoa(s.Code))
	if p.status != http.StatusMovedPermanently {
		n.t.Fatalf("/news/%d: %d", s.Code, p.status)
	}
	return p.header.Get("Location")
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func TestPublicPagesAreCachedAndDroppedPrecisely(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		n := startNode(t, st)
		n.caught()
		market, oman := n.url(d.market), n.url(d.oman)
		pages := []string{market, oman, "/", "/section/economy", "/section/world",
			"/tag/" + url.PathEscape("بورس"), "/tag/" + url.PathEscape("عمان"), "/rss", "/news/" + itoa(d.market.Code) + "/print"}
		for _, p := range pages {
			if got := n.get(p); got.status != http.StatusOK || got.header.Get("X-Cache") != "miss" {
				t.Fatalf("%s: %d, X-Cache %q", p, got.status, got.header.Get("X-Cache"))
			}
		}
		for _, p := range pages {
			if got := n.get(p); got.header.Get("X-Cache") != "hit" {
				t.Fatalf("%s asked again: X-Cache %q", p, got.header.Get("X-Cache"))
			}
		}

		// A hit is compressed, tagged and answers conditional requests.
		first := n.get(market, "Accept-Encoding", "gzip")
		if first.header.Get("Content-Encoding") != "gzip" || !strings.Contains(first.body, "رشد شاخص بورس تهران") {
			t.Fatalf("gzip hit: %q", first.header.Get("Content-Encoding"))
		}
		if cc := first.header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") || !strings.Contains(cc, "s-maxage=") ||
			!strings.Contains(cc, "stale-while-revalidate=") {
			t.Errorf("Cache-Control %q", cc)
		}
		if v := first.header.Values("Vary"); len(v) != 1 || v[0] != "Accept-Encoding" {
			t.Errorf("Vary %q", v)
		}
		if got := n.get(market, "Accept-Encoding", "gzip", "If-None-Match", first.header.Get("ETag")); got.status != http.StatusNotModified {
			t.Errorf("If-None-Match: %d", got.status)
		}

		// An editor corrects the market story's lead.
		c := news.ContentOf(d.market)
		c.Lead = "شاخص کل امروز دو درصد بالا رفت."
		if _, err := st.SaveStory(context.Background(), d.editor, d.market.ID, d.market.Revision, c); err != nil {
			t.Fatal(err)
		}
		n.caught()
		dropped := map[string]bool{market: true, "/": true, "/section/economy": true,
			"/tag/" + url.PathEscape("بورس"): true, "/rss": true, "/news/" + itoa(d.market.Code) + "/print": true}
		for _, p := range pages {
			got := n.get(p)
			want := "hit"
			if dropped[p] {
				want = "miss"
			}
			if got.header.Get("X-Cache") != want {
				t.Errorf("after the market story changed, %s: X-Cache %q, want %q", p, got.header.Get("X-Cache"), want)
			}
		}
		if got := n.get(market); !strings.Contains(got.body, "دو درصد") {
			t.Error("the article page still shows the old lead")
		}
		if got := n.get("/"); !strings.Contains(got.body, "رشد شاخص بورس تهران") {
			t.Error("the home page lost the story")
		}
	})
}

func TestNewsroomUsersNeitherGetNorPoisonCachedPages(t *testing.T) {
	st := storetest.SQLite(t)
	d := newDesk(t, st)
	n := startNode(t, st)
	market := n.url(d.market)
	n.get(market) // cached now
	got := n.get(market, "Cookie", "khabar_session=a-session")
	if got.header.Get("X-Cache") != "bypass" {
		t.Fatalf("with a session cookie: X-Cache %q", got.header.Get("X-Cache"))
	}
	n.get("/", "Cookie", "khabar_session=a-session")
	if got := n.get("/"); got.header.Get("X-Cache") != "miss" {
		t.Errorf("a newsroom user's home page was stored: X-Cache %q", got.header.Get("X-Cache"))
	}
	// The newsroom, previews included, is outside the cache.
	if got := n.get("/newsroom/login"); got.header.Get("X-Cache") != "" {
		t.Errorf("/newsroom/login went through the page cache (%q)", got.header.Get("X-Cache"))
	}
}

func TestACommentDropsOnlyItsStory(t *testing.T) {
	st := storetest.SQLite(t)
	d := newDesk(t, st)
	n := startNode(t, st)
	market, oman := n.url(d.market), n.url(d.oman)
	for _, p := range []string{market, oman, "/"} {
		n.get(p)
	}
	if err := st.SetCommentsClosed(context.Background(), d.editor, d.market.ID, true); err != nil {
		t.Fatal(err)
	}
	n.caught()
	for p, want := range map[string]string{market: "miss", oman: "hit", "/": "hit"} {
		if got := n.get(p); got.header.Get("X-Cache") != want {
			t.Errorf("after the market story's comments changed, %s: X-Cache %q, want %q", p, got.header.Get("X-Cache"), want)
		}
	}
}

// A section's page lists its sub-sections' stories too: a story
// published in «تهران» drops the page of «استان‌ها» above it as well.
func TestAStoryDropsTheSectionsAboveIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		admin := news.Actor{Name: "آزمون"}
		provinces := &news.Section{Slug: "provinces", Name: "استان‌ها"}
		if err := st.AddSection(context.Background(), admin, provinces); err != nil {
			t.Fatal(err)
		}
		if err := st.AddSection(context.Background(), admin, &news.Section{Slug: "tehran", Name: "تهران", ParentID: provinces.ID}); err != nil {
			t.Fatal(err)
		}
		s, err := st.CreateDraft(context.Background(), d.editor, news.Content{Section: "tehran", Headline: "بازگشایی مترو در شرق تهران",
			Lead: "خط تازهٔ مترو امروز باز شد.", Body: "<p>مسافران از صبح سوار شدند.</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if s, err = st.Publish(context.Background(), d.editor, s.ID, s.Revision); err != nil {
			t.Fatal(err)
		}
		n := startNode(t, st)
		n.caught()
		for _, p := range []string{"/section/provinces", "/section/world"} {
			n.get(p)
			if got := n.get(p); got.header.Get("X-Cache") != "hit" {
				t.Fatalf("%s asked again: X-Cache %q", p, got.header.Get("X-Cache"))
			}
		}
		// A story the page does not list yet: only the section tags can
		// drop the page above.
		c := news.Content{Section: "tehran", Headline: "افتتاح بوستان تازه در جنوب تهران",
			Lead: "بوستانی تازه امروز افتتاح شد.", Body: "<p>شهروندان از عصر به بوستان آمدند.</p>"}
		next, err := st.CreateDraft(context.Background(), d.editor, c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Publish(context.Background(), d.editor, next.ID, next.Revision); err != nil {
			t.Fatal(err)
		}
		n.caught()
		if got := n.get("/section/provinces"); got.header.Get("X-Cache") != "miss" || !strings.Contains(got.body, c.Headline) {
			t.Errorf("the section above after a story was published below it: X-Cache %q", got.header.Get("X-Cache"))
		}
		if got := n.get("/section/world"); got.header.Get("X-Cache") != "hit" {
			t.Errorf("another section after the edit: X-Cache %q", got.header.Get("X-Cache"))
		}
	})
}
