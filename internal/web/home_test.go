package web

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store/storetest"
)

// clockedSite is a site whose clock the test moves, with a read counter.
type clockedSite struct {
	*site
	mu    sync.Mutex
	now   time.Time
	reads *ReadCounter
	web   *Site
}

func (c *clockedSite) clock() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clockedSite) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newClockedSite(t *testing.T) *clockedSite {
	t.Helper()
	st := storetest.SQLite(t)
	c := &clockedSite{now: testNow}
	st.SetClock(c.clock)
	c.reads = NewReadCounter(st, c.clock)
	c.web = New(st, Config{SiteName: "خبرگزاری خبر", BaseURL: testBase, Now: c.clock, Reads: c.reads},
		slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(c.web)
	t.Cleanup(srv.Close)
	c.site = &site{t: t, store: st, srv: srv}
	return c
}

// story returns a published story in sec, published ago before testNow.
func storyIn(sec news.Section, headline string, ago time.Duration) *news.Story {
	return &news.Story{Section: sec, Headline: headline, Lead: "لید " + headline, Body: "<p>متن " + headline + "</p>",
		Status: news.StatusPublished, Published: testNow.Add(-ago)}
}

// countOf counts the matches of a pattern in s.
func countOf(s, pattern string) int {
	return len(regexp.MustCompile(pattern).FindAllStringIndex(s, -1))
}

// With nothing chosen the home page leads with the newest story, then
// the next newest, the latest, and a block per section of the
// navigation, at most news.MaxNav of them whatever the number of
// sections; a story shows once at the top.
func TestHomeFallsBackToNewest(t *testing.T) {
	s := newSite(t)
	for i := range 30 {
		sec := news.Section{Slug: fmt.Sprintf("sec%d", i), Name: fmt.Sprintf("سرویس %d", i)}
		for j := range 9 {
			s.add(storyIn(sec, fmt.Sprintf("خبر %d از سرویس %d", j, i), time.Duration(i*9+j)*time.Minute))
		}
	}
	res := s.get("/")
	if res.status != 200 {
		t.Fatalf("home: %d", res.status)
	}
	top := res.body[:strings.Index(res.body, `class="latest"`)]
	if !strings.Contains(top, `<h2><a href="/news/`) || !strings.Contains(top, ">خبر 0 از سرویس 0</a>") {
		t.Error("the newest story does not lead")
	}
	if n := countOf(top, `<article class="feature">`); n != featuredShown {
		t.Errorf("%d featured stories, want %d", n, featuredShown)
	}
	if n := countOf(res.body, `<section class="desk `); n != news.MaxNav {
		t.Errorf("%d section blocks, want %d", n, news.MaxNav)
	}
	if n := countOf(navOf(res.body), `<li>`); n > 12 {
		t.Errorf("the navigation holds %d entries", n)
	}
	if strings.Contains(res.body, "سرویس 29") {
		t.Error("a section outside the navigation has a block")
	}
	if n := strings.Count(res.body, ">خبر 0 از سرویس 0</a>"); n != 1 {
		t.Errorf("the lead shows %d times", n)
	}
	if len(res.body) > 120_000 {
		t.Errorf("home page of %d bytes", len(res.body))
	}
}

// navOf returns the desktop navigation's HTML.
func navOf(body string) string {
	i := strings.Index(body, `<nav class="sections"`)
	if i < 0 {
		return ""
	}
	return body[i : i+strings.Index(body[i:], "</nav>")]
}

// The editors' lead and featured stories, in their order, lead the
// page; one unpublished since is left out, and the next newest fill in
// nothing in its place.
func TestHomeShowsTheEditorsChoice(t *testing.T) {
	s := newSite(t)
	politics := news.Section{Slug: "politics", Name: "سیاسی"}
	old := s.add(storyIn(politics, "گزارش ویژهٔ انتخابات", 30*time.Hour))
	a := s.add(storyIn(politics, "نشست وزیران خارجه", 20*time.Hour))
	b := s.add(storyIn(politics, "سفر رئیس‌جمهور به استان‌ها", 10*time.Hour))
	c := s.add(storyIn(politics, "لایحهٔ بودجه در مجلس", 5*time.Hour))
	s.add(storyIn(politics, "تازه‌ترین خبر روز", time.Minute))
	ctx := context.Background()
	if _, err := s.store.SetFrontPage(ctx, editor, 0, news.FrontPage{LeadID: old.ID, Featured: []int64{b.ID, a.ID, c.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.Unpublish(ctx, editor, c.ID, 0); err != nil {
		t.Fatal(err)
	}
	res := s.get("/")
	top := res.body[:strings.Index(res.body, `class="latest"`)]
	lead := top[strings.Index(top, `class="top-story`):strings.Index(top, `class="featured"`)]
	if !strings.Contains(lead, "گزارش ویژهٔ انتخابات") {
		t.Fatalf("the editors' lead is not the lead: %s", lead)
	}
	ib, ia := strings.Index(top, "سفر رئیس‌جمهور"), strings.Index(top, "نشست وزیران")
	if ib < 0 || ia < 0 || ib > ia {
		t.Errorf("featured not in the editors' order (%d, %d)", ib, ia)
	}
	if strings.Contains(res.body, "لایحهٔ بودجه") {
		t.Error("an unpublished featured story shows")
	}
	if strings.Contains(top, "تازه‌ترین خبر روز") {
		t.Error("the newest story fills the editors' featured slots")
	}
	if !strings.Contains(res.body[strings.Index(res.body, `class="latest"`):], "تازه‌ترین خبر روز") {
		t.Error("the newest story is not in «آخرین اخبار»")
	}
}

// A breaking story is on every public page, leads the home page, and
// is gone once it expires or is unmarked; pages showing it are not kept
// by caches past its expiry.
func TestBreakingOnEveryPage(t *testing.T) {
	c := newClockedSite(t)
	sports := news.Section{Slug: "sports", Name: "ورزشی"}
	s := c.add(storyIn(sports, "زلزلهٔ شش ریشتری در کرمان", 3*time.Hour))
	c.add(storyIn(sports, "خبر تازهٔ ورزشی", time.Minute))
	ctx := context.Background()
	if err := c.store.SetBreaking(ctx, editor, s.ID, c.clock().Add(news.DefaultBreaking)); err != nil {
		t.Fatal(err)
	}
	pages := []string{"/", storyURL(s), "/section/sports", "/search?q=" + url.QueryEscape("کرمان"),
		"/archive/1402/08/05", "/nowhere"}
	for _, p := range pages {
		res := c.get(p)
		if !strings.Contains(res.body, `<section class="ticker"`) || !strings.Contains(res.body, ">زلزلهٔ شش ریشتری در کرمان</a>") {
			t.Errorf("%s: no ticker", p)
		}
		if res.header.Get("Cache-Control") != "public, max-age=10" {
			t.Errorf("%s: Cache-Control %q with the ticker", p, res.header.Get("Cache-Control"))
		}
	}
	home := c.get("/")
	if !strings.Contains(home.body, `<article class="top-story breaking">`) ||
		!strings.Contains(home.body[strings.Index(home.body, "top-story"):], "زلزلهٔ شش ریشتری") {
		t.Error("the breaking story does not lead the home page")
	}
	// Close to its expiry, caches keep it no longer.
	c.advance(news.DefaultBreaking - 4*time.Second)
	if cc := c.get("/").header.Get("Cache-Control"); cc != "public, max-age=4" {
		t.Errorf("4 s before expiry: Cache-Control %q", cc)
	}
	c.advance(5 * time.Second)
	for _, p := range pages {
		if res := c.get(p); strings.Contains(res.body, `class="ticker"`) {
			t.Errorf("%s: ticker after the expiry", p)
		}
	}
	if cc := c.get("/").header.Get("Cache-Control"); cc != htmlCacheControl {
		t.Errorf("without the ticker: Cache-Control %q", cc)
	}
	// Marked again, then unmarked.
	if err := c.store.SetBreaking(ctx, editor, s.ID, c.clock().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.get("/section/sports").body, `class="ticker"`) {
		t.Error("no ticker after marking again")
	}
	if err := c.store.ClearBreaking(ctx, editor, s.ID); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(c.get("/section/sports").body, `class="ticker"`) {
		t.Error("ticker after unmarking")
	}
}

// Views are counted for readers only, flushed in a batch, and the most
// read show on the home page.
func TestReadsCountedAndMostRead(t *testing.T) {
	c := newClockedSite(t)
	sec := news.Section{Slug: "economy", Name: "اقتصادی"}
	read := c.add(storyIn(sec, "افزایش نرخ ارز در بازار آزاد", 2*time.Hour))
	other := c.add(storyIn(sec, "گزارش بانک مرکزی از تورم", 3*time.Hour))
	view := func(st *news.Story, method, ua string, header ...string) {
		t.Helper()
		req, _ := http.NewRequest(method, c.srv.URL+storyURL(st), nil)
		if ua != "" {
			req.Header.Set("User-Agent", ua)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	browser := "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
	for range 3 {
		view(read, "GET", browser)
	}
	view(other, "GET", browser)
	view(read, "GET", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
	view(read, "GET", "facebookexternalhit/1.1")
	view(read, "GET", "curl/8.5.0")
	view(read, "GET", "")
	view(read, "HEAD", browser)
	view(read, "GET", browser, "Sec-Purpose", "prefetch")
	// The newsroom's preview is not a view.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/newsroom/preview", nil)
	req.Header.Set("User-Agent", browser)
	c.web.Preview(rec, req, read)
	if got := c.reads.Pending(); got != 4 {
		t.Fatalf("%d views counted before the flush, want 4", got)
	}
	totals, _ := c.store.ReadTotals(context.Background(), []int64{read.ID})
	if totals[read.ID] != 0 {
		t.Fatal("a view written before the flush")
	}
	if err := c.reads.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	totals, _ = c.store.ReadTotals(context.Background(), []int64{read.ID, other.ID})
	if totals[read.ID] != 3 || totals[other.ID] != 1 || c.reads.Pending() != 0 {
		t.Fatalf("after the flush: %v, %d pending", totals, c.reads.Pending())
	}
	home := html.UnescapeString(c.get("/").body)
	i := strings.Index(home, "پربازدیدترین")
	if i < 0 {
		t.Fatal("no «پربازدیدترین» on the home page")
	}
	most := home[i:]
	if a, b := strings.Index(most, "افزایش نرخ ارز"), strings.Index(most, "گزارش بانک مرکزی"); a < 0 || b < 0 || a > b {
		t.Errorf("most read out of order: %d %d", a, b)
	}
	if !strings.Contains(most, "۲۴ ساعت گذشته") || !strings.Contains(most, "هفتهٔ گذشته") {
		t.Error("most read lacks the day or the week")
	}
}

// A failed flush keeps its counts for the next one.
func TestReadCounterKeepsCountsWhenTheStoreFails(t *testing.T) {
	fs := &failingReads{fail: true}
	c := NewReadCounter(fs, nil)
	c.Count(7)
	c.Count(7)
	if err := c.Flush(context.Background()); err == nil {
		t.Fatal("flush into a failing store did not fail")
	}
	c.Count(7)
	fs.fail = false
	if err := c.Flush(context.Background()); err != nil || fs.got[7] != 3 {
		t.Fatalf("after the store came back: %v %v", err, fs.got)
	}
	// Run flushes what it holds when it is stopped.
	c.Count(8)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx, time.Hour, nil); close(done) }()
	cancel()
	<-done
	if fs.got[8] != 1 {
		t.Fatalf("Run did not flush at its end: %v", fs.got)
	}
}

type failingReads struct {
	fail bool
	got  map[int64]int64
}

func (f *failingReads) AddReads(ctx context.Context, counts map[int64]int64, at time.Time) error {
	if f.fail {
		return fmt.Errorf("database away")
	}
	if f.got == nil {
		f.got = map[int64]int64{}
	}
	for id, n := range counts {
		f.got[id] += n
	}
	return nil
}

// An article shows its related stories, its tags as links and a
// breadcrumb that ends with its section, not with a stray «/»; a lead
// without a credited source opens with the lead itself.
func TestArticleRelatedTagsAndBreadcrumb(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	prov := &news.Section{Slug: "province", Name: "استان‌ها"}
	tehran := news.Section{Slug: "tehran", Name: "تهران", Parent: prov}
	mk := func(h string, ago time.Duration, tags ...string) *news.Story {
		st := storyIn(tehran, h, ago)
		st.Body = "<p>" + h + " و ترافیک بزرگراه‌های تهران در ساعت اوج</p>"
		st.Tags = tags
		return s.add(st)
	}
	main := mk("ترافیک سنگین بزرگراه‌های تهران", time.Hour, "ترافیک", "تهران")
	mk("طرح تازهٔ ترافیک تهران", 2*time.Hour, "ترافیک")
	mk("ترافیک بزرگراه همت پس از باران", 3*time.Hour)
	s.add(storyIn(news.Section{Slug: "sports", Name: "ورزشی"}, "قهرمانی تیم والیبال", time.Hour))
	ids, err := s.store.StaleRelated(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.RefreshRelated(ctx, ids); err != nil {
		t.Fatal(err)
	}
	res := s.get(storyURL(main))
	body := html.UnescapeString(res.body)
	rel := body[strings.Index(body, `class="related"`):]
	rel = rel[:strings.Index(rel, "</section>")]
	if !strings.Contains(rel, "اخبار مرتبط") || !strings.Contains(rel, "طرح تازهٔ ترافیک تهران") ||
		strings.Contains(rel, "ترافیک سنگین بزرگراه‌های تهران") || strings.Contains(rel, "والیبال") {
		t.Errorf("related stories: %s", rel)
	}
	if !strings.Contains(res.body, `<a href="/tag/`+url.PathEscape("ترافیک")+`" rel="tag">ترافیک</a>`) {
		t.Error("tags are not links to their pages")
	}
	crumb := body[strings.Index(body, `class="breadcrumb"`):]
	crumb = crumb[:strings.Index(crumb, "</nav>")]
	if !strings.Contains(crumb, ">استان‌ها</a>") || !strings.Contains(crumb, ">تهران</a>") ||
		strings.Contains(crumb, ">/<") || strings.HasSuffix(strings.TrimSpace(stripTags(crumb)), "/") {
		t.Errorf("breadcrumb: %s", crumb)
	}
	// Search engines are given the same path.
	ld := body[strings.Index(body, `"BreadcrumbList"`):]
	ld = ld[:strings.Index(ld, "</script>")]
	if a, b := strings.Index(ld, `"استان‌ها"`), strings.Index(ld, `"تهران"`); a < 0 || b < a || !strings.Contains(ld, `"position":4`) {
		t.Errorf("structured breadcrumb: %s", ld)
	}
	lead := body[strings.Index(body, `<p class="lead">`):]
	if !strings.HasPrefix(lead, `<p class="lead">لید ترافیک`) {
		t.Errorf("a lead without a source: %.80s", lead)
	}
	// The parent section lists its sub-sections and their stories.
	sec := s.get("/section/province")
	if !strings.Contains(sec.body, `<a href="/section/tehran">تهران</a>`) || !strings.Contains(sec.body, "ترافیک سنگین") {
		t.Error("the provinces page lacks Tehran or its stories")
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string { return tagRE.ReplaceAllString(s, " ") }

// A merged section's old address, and its feeds', lead to the section it
// went into.
func TestMergedSectionRedirects(t *testing.T) {
	s := newSite(t)
	s.add(storyIn(news.Section{Slug: "football", Name: "فوتبال"}, "دربی پایتخت", time.Hour))
	s.add(storyIn(news.Section{Slug: "sports", Name: "ورزشی"}, "والیبال", time.Hour))
	ctx := context.Background()
	from, _ := s.store.SectionBySlug(ctx, "football")
	into, _ := s.store.SectionBySlug(ctx, "sports")
	if _, err := s.store.MergeSection(ctx, news.Actor{Name: "مدیر"}, from.ID, into.ID); err != nil {
		t.Fatal(err)
	}
	s.run([]scenario{
		{name: "old slug", path: "/section/football?page=1", status: 301, location: "/section/sports?page=1"},
		{name: "old slug's feed", path: "/section/football/rss", status: 301, location: "/section/sports/rss"},
		{name: "old slug's Atom feed", path: "/section/football/atom", status: 301, location: "/section/sports/atom"},
		{name: "new section", path: "/section/sports", status: 200, contains: []string{"دربی پایتخت", "والیبال"}},
	})
}

// Every page showing a demo story says so; others do not.
func TestDemoNotice(t *testing.T) {
	s := newSite(t)
	demo := storyIn(news.Section{Slug: "culture", Name: "فرهنگی"}, "نمایشگاه کتاب استان گشایش یافت", 2*time.Hour)
	demo.Demo, demo.URI = true, "urn:khabar:demo:1"
	s.add(demo)
	real := s.add(storyIn(news.Section{Slug: "economy", Name: "اقتصادی"}, "بودجه به مجلس رسید", time.Hour))
	for _, p := range []string{"/", storyURL(demo), "/section/culture", "/search?q=" + url.QueryEscape("نمایشگاه")} {
		if res := s.get(p); !strings.Contains(res.body, "محتوای نمایشی") {
			t.Errorf("%s: no demo notice", p)
		}
	}
	for _, p := range []string{storyURL(real), "/section/economy"} {
		if res := s.get(p); strings.Contains(res.body, "محتوای نمایشی") {
			t.Errorf("%s: a demo notice without demo content", p)
		}
	}
}

// The search form's date fields suggest today's Jalali date.
func TestSearchDatePlaceholders(t *testing.T) {
	s := newSite(t)
	res := s.get("/search")
	if n := strings.Count(res.body, `placeholder="۱۴۰۲/۰۸/۰۵"`); n != 2 {
		t.Errorf("%d date fields suggest today (۱۴۰۲/۰۸/۰۵)", n)
	}
}
