package web

import (
	"context"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

var editor = news.Actor{Name: "دبیر", Roles: news.Roles{news.RoleEditor}}

// feedStories adds the model story, a story whose headline holds & and
// < and a ZWNJ word, one in another section, and stories readers must
// not see in feeds.
func feedStories(s *site) (model, tricky, other *news.Story) {
	model = s.add(modelStory())
	tricky = s.add(&news.Story{
		Section:   model.Section,
		Headline:  "گروه‌های «ارتباطات» & <فناوری> در نمایشگاه",
		Lead:      "کارشناسان گفتند: ۲ < ۳ و «شبکه‌ها» & «سامانه‌ها» گسترش می‌یابند.",
		Byline:    "خبرنگار: مریم احمدی",
		Tags:      []string{"عمان", "فناوری‌ها"},
		Status:    news.StatusPublished,
		Published: time.Date(2023, 10, 26, 15, 0, 0, 0, time.UTC),
	})
	other = s.add(&news.Story{
		Section:   news.Section{Slug: "sport", Name: "ورزشی"},
		Headline:  "پیروزی تیم ملی والیبال",
		Lead:      "تیم ملی والیبال حریف خود را شکست داد.",
		Status:    news.StatusPublished,
		Published: time.Date(2023, 10, 25, 9, 0, 0, 0, time.UTC),
	})
	s.add(&news.Story{Section: model.Section, Headline: "خبر فردا", Status: news.StatusPublished, Published: testNow.Add(time.Hour)})
	s.add(&news.Story{Section: model.Section, Headline: "برداشته از انتشار", Status: news.StatusUnpublished, Code: 300001,
		Published: testNow.Add(-time.Hour)})
	return model, tricky, other
}

// wellFormed fails the test unless body is well-formed XML.
func wellFormed(t *testing.T, body string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(body))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
}

func TestRSS(t *testing.T) {
	s := newSite(t)
	model, tricky, other := feedStories(s)
	res := s.get("/rss")
	if res.status != 200 || res.header.Get("Content-Type") != "application/rss+xml; charset=utf-8" {
		t.Fatalf("GET /rss: %d %s", res.status, res.header.Get("Content-Type"))
	}
	wellFormed(t, res.body)
	// & and < of the headline are escaped in the XML itself.
	if !strings.Contains(res.body, "<title>گروه‌های «ارتباطات» &amp; &lt;فناوری&gt; در نمایشگاه</title>") {
		t.Errorf("headline not escaped in the RSS:\n%s", res.body)
	}
	feed, err := (&rss.Parser{}).Parse(strings.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	if feed.Title != "خبرگزاری خبر" || feed.Link != testBase+"/" || feed.Language != "fa" || feed.Description == "" {
		t.Errorf("channel: %q %q %q %q", feed.Title, feed.Link, feed.Language, feed.Description)
	}
	if len(feed.Items) != 3 {
		t.Fatalf("%d items, want 3 (no future or unpublished story)", len(feed.Items))
	}
	it := feed.Items[0] // the newest: the tricky one
	if it.Title != tricky.Headline {
		t.Errorf("title %q, want %q (Persian and ZWNJ intact)", it.Title, tricky.Headline)
	}
	if it.Link != testBase+storyURL(tricky) {
		t.Errorf("link %q", it.Link)
	}
	if it.GUID == nil || it.GUID.Value != testBase+"/news/"+strconv.FormatInt(tricky.Code, 10) || it.GUID.IsPermalink != "true" {
		t.Errorf("guid %+v", it.GUID)
	}
	if it.PubDate != "Thu, 26 Oct 2023 18:30:00 +0330" {
		t.Errorf("pubDate %q, want RFC 822 in Tehran", it.PubDate)
	}
	desc := html.UnescapeString(it.Description)
	for _, want := range []string{tricky.Lead, "۱۴۰۲/۰۸/۰۴ - ۱۸:۳۰", "کد خبر: " + jalali.PersianValue(tricky.Code)} {
		if !strings.Contains(desc, want) {
			t.Errorf("description lacks %q: %s", want, desc)
		}
	}
	var cats []string
	for _, c := range it.Categories {
		cats = append(cats, c.Value+"|"+c.Domain)
	}
	if strings.Join(cats, " ") != "فناوری اطلاعات|"+testBase+"/section/ict عمان|"+testBase+"/tag/"+url.PathEscape("عمان")+
		" فناوری‌ها|"+testBase+"/tag/"+url.PathEscape("فناوری‌ها") {
		t.Errorf("categories %q", cats)
	}
	if it.DublinCoreExt == nil || len(it.DublinCoreExt.Creator) != 1 || it.DublinCoreExt.Creator[0] != "خبرنگار: مریم احمدی" {
		t.Errorf("creator %+v", it.DublinCoreExt)
	}

	m := feed.Items[1]
	if m.Title != model.Headline || m.GUID.Value != testBase+"/news/101870" || m.PubDate != "Thu, 26 Oct 2023 16:45:00 +0330" {
		t.Errorf("model item: %q %q %q", m.Title, m.GUID.Value, m.PubDate)
	}
	if m.DublinCoreExt == nil || strings.Join(m.DublinCoreExt.Source, "|") != "نصر|ایلنا - خبرگزاری کار ایران" {
		t.Errorf("credited sources %+v", m.DublinCoreExt)
	}
	if d := html.UnescapeString(m.Description); !strings.Contains(d, "<strong>نصر:</strong> "+model.Lead) ||
		!strings.Contains(d, "۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵") || !strings.Contains(d, model.Kicker) {
		t.Errorf("model description: %s", d)
	}
	if feed.Items[2].Title != other.Headline {
		t.Errorf("third item %q", feed.Items[2].Title)
	}

	// A feed reader reads it the same.
	uf, err := gofeed.NewParser().ParseString(res.body)
	if err != nil || uf.FeedType != "rss" || len(uf.Items) != 3 || uf.Items[0].Title != tricky.Headline ||
		uf.Items[0].PublishedParsed == nil || !uf.Items[0].PublishedParsed.Equal(tricky.Published) {
		t.Errorf("gofeed: %v %+v", err, uf)
	}
}

func TestAtom(t *testing.T) {
	s := newSite(t)
	model, tricky, _ := feedStories(s)
	res := s.get("/atom")
	if res.status != 200 || res.header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("GET /atom: %d %s", res.status, res.header.Get("Content-Type"))
	}
	wellFormed(t, res.body)
	feed, err := (&atom.Parser{}).Parse(strings.NewReader(res.body))
	if err != nil {
		t.Fatal(err)
	}
	if feed.Title != "خبرگزاری خبر" || feed.ID != testBase+"/atom" || feed.Updated == "" || feed.Language != "fa" {
		t.Errorf("feed: %q %q %q %q", feed.Title, feed.ID, feed.Updated, feed.Language)
	}
	if len(feed.Entries) != 3 {
		t.Fatalf("%d entries, want 3", len(feed.Entries))
	}
	e := feed.Entries[0]
	if e.Title != tricky.Headline || e.ID != testBase+"/news/"+strconv.FormatInt(tricky.Code, 10) {
		t.Errorf("entry %q %q", e.Title, e.ID)
	}
	if e.Published != "2023-10-26T18:30:00+03:30" || e.Updated != "2023-10-26T18:30:00+03:30" {
		t.Errorf("dates %q %q, want RFC 3339 in Tehran", e.Published, e.Updated)
	}
	if len(e.Links) != 1 || e.Links[0].Href != testBase+storyURL(tricky) || e.Links[0].Rel != "alternate" {
		t.Errorf("links %+v", e.Links)
	}
	if len(e.Authors) != 1 || e.Authors[0].Name != "خبرنگار: مریم احمدی" {
		t.Errorf("authors %+v", e.Authors)
	}
	if len(e.Categories) != 3 || e.Categories[0].Term != "ict" || e.Categories[0].Label != "فناوری اطلاعات" ||
		e.Categories[2].Term != "فناوری‌ها" {
		t.Errorf("categories %+v %+v", e.Categories[0], e.Categories)
	}
	if sum := html.UnescapeString(e.Summary); !strings.Contains(sum, tricky.Lead) || !strings.Contains(sum, "۱۴۰۲/۰۸/۰۴ - ۱۸:۳۰") {
		t.Errorf("summary %s", sum)
	}
	m := feed.Entries[1]
	if m.Title != model.Headline || len(m.Authors) != 1 || m.Authors[0].Name != "خبرگزاری خبر" {
		t.Errorf("model entry %q %+v", m.Title, m.Authors)
	}
	var sources []string
	for _, x := range m.Extensions["dc"]["source"] {
		sources = append(sources, x.Value)
	}
	if strings.Join(sources, "|") != "نصر|ایلنا - خبرگزاری کار ایران" {
		t.Errorf("credited sources %q", sources)
	}
	uf, err := gofeed.NewParser().ParseString(res.body)
	if err != nil || uf.FeedType != "atom" || len(uf.Items) != 3 || uf.Items[0].Title != tricky.Headline {
		t.Errorf("gofeed: %v", err)
	}
}

func TestSectionAndTagFeeds(t *testing.T) {
	s := newSite(t)
	model, tricky, other := feedStories(s)
	titles := func(path string) []string {
		t.Helper()
		res := s.get(path)
		if res.status != 200 {
			t.Fatalf("GET %s: %d", path, res.status)
		}
		wellFormed(t, res.body)
		f, err := gofeed.NewParser().ParseString(res.body)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		var out []string
		for _, it := range f.Items {
			out = append(out, it.Title)
		}
		return append([]string{f.Title}, out...)
	}
	for _, format := range []string{"rss", "atom"} {
		if got := titles("/section/ict/" + format); strings.Join(got, "|") != "خبرگزاری خبر - فناوری اطلاعات|"+tricky.Headline+"|"+model.Headline {
			t.Errorf("section %s: %q", format, got)
		}
		if got := titles("/section/sport/" + format); strings.Join(got, "|") != "خبرگزاری خبر - ورزشی|"+other.Headline {
			t.Errorf("section %s: %q", format, got)
		}
		if got := titles("/tag/" + url.PathEscape("فناوری‌ها") + "/" + format); strings.Join(got, "|") != "خبرگزاری خبر - فناوری‌ها|"+tricky.Headline {
			t.Errorf("tag %s: %q", format, got)
		}
		// A tag nobody used yet has an empty feed, to subscribe to early.
		if got := titles("/tag/" + url.PathEscape("انتخابات") + "/" + format); len(got) != 1 {
			t.Errorf("new tag %s: %q", format, got)
		}
		if res := s.get("/section/nothing/" + format); res.status != 404 {
			t.Errorf("unknown section %s: %d", format, res.status)
		}
	}
	if res := s.get("/feed"); res.status != 301 || res.header.Get("Location") != "/rss" {
		t.Errorf("/feed: %d %s", res.status, res.header.Get("Location"))
	}
}

// A feed holds the latest 50 stories.
func TestFeedHoldsFifty(t *testing.T) {
	s := newSite(t)
	s.addDay(55, news.Section{Slug: "ict", Name: "فناوری اطلاعات"}, "روز")
	f, err := gofeed.NewParser().ParseString(s.get("/rss").body)
	if err != nil || len(f.Items) != 50 || f.Items[0].Title != "خبر شماره 55 از فناوری اطلاعات" {
		t.Fatalf("%v: %d items", err, len(f.Items))
	}
}

// A feed reader refreshes with 304s until something changes; a killed
// or unpublished story then leaves the feeds.
func TestFeedConditionalGetAndRemovals(t *testing.T) {
	s := newSite(t)
	model, tricky, _ := feedStories(s)
	ctx := context.Background()
	for _, path := range []string{"/rss", "/atom", "/section/ict/rss", "/tag/" + url.PathEscape("عمان") + "/atom"} {
		first := s.get(path)
		etag, modified := first.header.Get("ETag"), first.header.Get("Last-Modified")
		if !strings.HasPrefix(etag, `"`) || strings.HasPrefix(etag, "W/") || modified == "" {
			t.Fatalf("%s: ETag %q, Last-Modified %q: want a strong ETag and a date", path, etag, modified)
		}
		if r := s.conditional(path, "If-None-Match", etag); r.status != 304 || r.body != "" || r.header.Get("ETag") != etag {
			t.Errorf("%s If-None-Match: %d", path, r.status)
		}
		if r := s.conditional(path, "If-Modified-Since", modified); r.status != 304 {
			t.Errorf("%s If-Modified-Since: %d", path, r.status)
		}
		if r := s.conditional(path, "If-None-Match", `"other"`); r.status != 200 || r.body != first.body {
			t.Errorf("%s stale ETag: %d", path, r.status)
		}
	}
	before := s.get("/rss")

	cur, err := s.store.StoryByCode(ctx, tricky.Code)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	if _, err := s.store.Kill(ctx, editor, cur.ID, cur.Revision, "خبر نادرست بود"); err != nil {
		t.Fatal(err)
	}
	cur, _ = s.store.StoryByCode(ctx, model.Code)
	if _, err := s.store.Unpublish(ctx, editor, cur.ID, cur.Revision); err != nil {
		t.Fatal(err)
	}
	if r := s.conditional("/rss", "If-None-Match", before.header.Get("ETag")); r.status != 200 {
		t.Errorf("after a kill, If-None-Match: %d, want 200", r.status)
	}
	for _, path := range []string{"/rss", "/atom", "/section/ict/rss", "/tag/" + url.PathEscape("عمان") + "/rss"} {
		body := s.get(path).body
		if strings.Contains(body, "/news/"+strconv.FormatInt(tricky.Code, 10)+"<") || strings.Contains(body, "/news/101870") {
			t.Errorf("%s still carries the killed or unpublished story", path)
		}
	}
}

// conditional sends a GET with one conditional header.
func (s *site) conditional(path, header, value string) response {
	s.t.Helper()
	req, _ := http.NewRequest("GET", s.srv.URL+path, nil)
	req.Header.Set(header, value)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

// Every page announces the site's feeds; section and tag pages their own.
func TestFeedsAnnounced(t *testing.T) {
	s := newSite(t)
	model := s.add(modelStory())
	site := []string{
		`<link rel="alternate" type="application/rss+xml" title="خبرگزاری خبر" href="/rss">`,
		`<link rel="alternate" type="application/atom+xml" title="خبرگزاری خبر (Atom)" href="/atom">`,
	}
	s.run([]scenario{
		{name: "home", path: "/", status: 200, contains: site},
		{name: "article", path: storyURL(model), status: 200, contains: append(site,
			`<link rel="alternate" type="application/rss+xml" title="خبرگزاری خبر - فناوری اطلاعات" href="/section/ict/rss">`)},
		{name: "section", path: "/section/ict", status: 200, contains: append(site,
			`<link rel="alternate" type="application/rss+xml" title="خبرگزاری خبر - فناوری اطلاعات" href="/section/ict/rss">`,
			`<link rel="alternate" type="application/atom+xml" title="خبرگزاری خبر - فناوری اطلاعات (Atom)" href="/section/ict/atom">`)},
		{name: "tag", path: "/tag/" + url.PathEscape("عمان"), status: 200, contains: append(site,
			`href="/tag/`+url.PathEscape("عمان")+`/rss">`)},
		{name: "search", path: "/search?q=x", status: 200, contains: site},
		{name: "not found", path: "/nothing", status: 404, contains: site},
	})
}
