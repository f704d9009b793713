package web

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/ninjs"
	"khabar/internal/ninjs/ninjstest"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

func decodeItem(t *testing.T, body string) ninjs.Item {
	t.Helper()
	ninjstest.Valid(t, []byte(body))
	var it ninjs.Item
	if err := json.Unmarshal([]byte(body), &it); err != nil {
		t.Fatal(err)
	}
	return it
}

func TestAPINewsItem(t *testing.T) {
	s := newSite(t)
	model := s.add(modelStory())
	res := s.get("/api/v1/news/101870")
	if res.status != 200 || res.header.Get("Content-Type") != "application/json; charset=utf-8" ||
		res.header.Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("status %d, %s, CORS %q", res.status, res.header.Get("Content-Type"), res.header.Get("Access-Control-Allow-Origin"))
	}
	it := decodeItem(t, res.body)
	canonical := testBase + storyURL(model)
	checks := []struct {
		what      string
		got, want any
	}{
		{"uri", it.URI, model.URI},
		{"type", it.Type, "text"},
		{"version", it.Version, "1"},
		{"language", it.Language, "fa"},
		{"firstcreated", it.FirstCreated, "2023-10-26T13:15:00Z"},
		{"versioncreated", it.VersionCreated, "2023-10-26T13:15:00Z"},
		{"contentcreated", it.ContentCreated, ""}, // imported: not known
		{"headlines", fmt.Sprint(it.Headlines), fmt.Sprint([]ninjs.Text{{Role: "main", Value: model.Headline}, {Role: "subtitle", Value: model.Kicker}})},
		{"descriptions", fmt.Sprint(it.Descriptions), fmt.Sprint([]ninjs.Text{{Role: "summary", Value: model.Lead}})},
		{"bodies", len(it.Bodies) == 1 && it.Bodies[0].ContentType == "text/html" && strings.Contains(it.Bodies[0].Value, "گروه‌های کارشناسی"), true},
		{"subjects", fmt.Sprint(it.Subjects), fmt.Sprint([]ninjs.Subject{{Name: "فناوری اطلاعات", Rel: "category", Literal: "ict"}, {Name: "عمان", Rel: "keyword"}, {Name: "وزارت ارتباطات", Rel: "keyword"}})},
		{"infosources", fmt.Sprint(it.InfoSources), fmt.Sprint([]ninjs.InfoSource{{Name: "نصر", Role: "source"}, {Name: "ایلنا - خبرگزاری کار ایران", Role: "publisher"}})},
		{"altids", fmt.Sprint(it.AltIDs), "[{newscode 101870}]"},
		{"renditions", fmt.Sprint(it.Renditions), fmt.Sprint([]ninjs.Rendition{
			{Name: "web", Href: canonical, ContentType: "text/html", Title: model.Headline},
			{Name: "print", Href: testBase + "/news/101870/print", ContentType: "text/html", Title: model.Headline}})},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	if !strings.Contains(res.body, `"altids":[{"role":"newscode","value":"101870"}]`) {
		t.Errorf("news code not as the issue spells it:\n%s", res.body)
	}
	if r := s.get("/api/v1/news/" + url.PathEscape("۱۰۱۸۷۰")); r.status != 200 || r.body != res.body {
		t.Errorf("Persian digits: %d", r.status)
	}
	if r := s.conditional("/api/v1/news/101870", "If-None-Match", res.header.Get("ETag")); r.status != 304 {
		t.Errorf("If-None-Match: %d", r.status)
	}
}

// A story written in the newsroom says when its content was created, and
// its byline; a corrected one its new version.
func TestAPINewsItemFromNewsroom(t *testing.T) {
	st := storetest.SQLite(t)
	s := serveWith(t, st, Config{BaseURL: testBase})
	ctx := context.Background()
	d, err := st.CreateDraft(ctx, news.Actor{ID: 0, Name: "دبیر", Roles: news.Roles{news.RoleEditor}}, news.Content{
		Section: "ict", Headline: "گزارش تحریریه از نمایشگاه", Lead: "لید گزارش", Byline: "خبرنگار: علی رضایی",
		Body: "<p>متن گزارش</p>"})
	if err == nil {
		t.Fatal("a draft in a section that does not exist")
	}
	s.add(modelStory()) // makes the section ict
	d, err = st.CreateDraft(ctx, editor, news.Content{Section: "ict", Headline: "گزارش تحریریه از نمایشگاه",
		Lead: "لید گزارش", Byline: "خبرنگار: علی رضایی", Body: "<p>متن گزارش</p>"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.Publish(ctx, editor, d.ID, d.Revision)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	c, err := st.Correct(ctx, editor, p.ID, p.Revision, "نام خبرنگار اصلاح شد")
	if err != nil {
		t.Fatal(err)
	}
	res := s.get("/api/v1/news/" + strconv.FormatInt(c.Code, 10))
	if res.status != 200 {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	it := decodeItem(t, res.body)
	if it.ContentCreated == "" || it.By != "خبرنگار: علی رضایی" || it.Version != strconv.FormatInt(c.Revision, 10) ||
		it.FirstCreated == "" || it.VersionCreated == "" {
		t.Errorf("contentcreated %q, by %q, version %q (want %d), first %q, version created %q",
			it.ContentCreated, it.By, it.Version, c.Revision, it.FirstCreated, it.VersionCreated)
	}
}

func TestAPINewsErrors(t *testing.T) {
	s := newSite(t)
	model := s.add(modelStory())
	s.add(&news.Story{Section: model.Section, Headline: "برداشته", Status: news.StatusUnpublished, Code: 200003, Published: testNow.Add(-time.Hour)})
	s.add(&news.Story{Section: model.Section, Headline: "فردا", Status: news.StatusPublished, Code: 200004, Published: testNow.Add(time.Hour)})
	cur, _ := s.store.StoryByCode(context.Background(), 101870)
	if _, err := s.store.Kill(context.Background(), editor, cur.ID, cur.Revision, "نادرست"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path   string
		status int
		field  string
	}{
		{"/api/v1/news/101870", 410, ""},
		{"/api/v1/news/200003", 404, ""},
		{"/api/v1/news/200004", 404, ""},
		{"/api/v1/news/999999", 404, ""},
		{"/api/v1/news/abc", 404, ""},
		{"/api/v1/news?limit=0", 400, ""},
		{"/api/v1/news?limit=101", 400, ""},
		{"/api/v1/news?limit=x", 400, ""},
		{"/api/v1/news?since=1402/08/04", 400, ""},
		{"/api/v1/news?cursor=not-ours", 400, "cursor"},
		{"/api/v1/news?section=nothing", 404, ""},
	} {
		res := s.get(tt.path)
		var e struct{ Error, Field string }
		if res.status != tt.status || json.Unmarshal([]byte(res.body), &e) != nil || e.Error == "" || e.Field != tt.field ||
			!strings.HasPrefix(res.header.Get("Content-Type"), "application/json") || res.header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("GET %s: %d %q %s, want %d", tt.path, res.status, res.header.Get("Content-Type"), res.body, tt.status)
		}
	}
	if res := s.get("/api/v1/news"); res.status != 200 || res.body != `{"items":[]}`+"\n" {
		t.Errorf("empty listing: %d %s", res.status, res.body)
	}
	res := s.do("OPTIONS", "/api/v1/news")
	if res.status != 204 || res.header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(res.header.Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight: %d %v", res.status, res.header)
	}
	if res := s.do("POST", "/api/v1/news/101870"); res.status != 405 {
		t.Errorf("POST: %d", res.status)
	}
}

type listPage struct {
	Items      []json.RawMessage `json:"items"`
	NextCursor string            `json:"next_cursor"`
	Next       string            `json:"next"`
}

func (s *site) listAPI(path string) listPage {
	s.t.Helper()
	res := s.get(path)
	if res.status != 200 {
		s.t.Fatalf("GET %s: %d %s", path, res.status, res.body)
	}
	var p listPage
	if err := json.Unmarshal([]byte(res.body), &p); err != nil {
		s.t.Fatal(err)
	}
	for _, it := range p.Items {
		ninjstest.Valid(s.t, it)
	}
	return p
}

func headlineOf(t *testing.T, raw json.RawMessage) string {
	var it ninjs.Item
	if err := json.Unmarshal(raw, &it); err != nil || len(it.Headlines) == 0 {
		t.Fatalf("%v: %s", err, raw)
	}
	return it.Headlines[0].Value
}

func TestAPINewsList(t *testing.T) {
	s := newSite(t)
	s.addDay(12, news.Section{Slug: "ict", Name: "فناوری اطلاعات"}, "اینترنت")
	s.addDay(3, news.Section{Slug: "sport", Name: "ورزشی"}, "فوتبال")
	all := s.listAPI("/api/v1/news?limit=100")
	if len(all.Items) != 15 || all.NextCursor != "" || all.Next != "" {
		t.Fatalf("%d items, cursor %q", len(all.Items), all.NextCursor)
	}
	var got []string
	for p := s.listAPI("/api/v1/news?limit=4&section=ict"); ; {
		for _, it := range p.Items {
			got = append(got, headlineOf(t, it))
		}
		if p.NextCursor == "" {
			break
		}
		u, _ := url.Parse(p.Next)
		if u.Query().Get("section") != "ict" || u.Query().Get("cursor") != p.NextCursor {
			t.Fatalf("next %q", p.Next)
		}
		p = s.listAPI(u.RequestURI())
	}
	if len(got) != 12 || got[0] != "خبر شماره 12 از فناوری اطلاعات" || got[11] != "خبر شماره 1 از فناوری اطلاعات" {
		t.Errorf("section pages: %q", got)
	}
	if p := s.listAPI("/api/v1/news?tag=" + url.QueryEscape("فوتبال")); len(p.Items) != 3 {
		t.Errorf("tag: %d items", len(p.Items))
	}
	// since: an RFC 3339 time, or a day in Tehran.
	if p := s.listAPI("/api/v1/news?section=ict&since=" + url.QueryEscape("2023-10-25T06:00:00+03:30")); len(p.Items) != 4 {
		t.Errorf("since a time: %d items", len(p.Items))
	}
	if p := s.listAPI("/api/v1/news?since=2023-10-26"); len(p.Items) != 0 {
		t.Errorf("since the next day: %d items", len(p.Items))
	}
	if p := s.listAPI("/api/v1/news"); len(p.Items) != 15 && len(p.Items) != apiDefaultLimit {
		t.Errorf("default limit: %d", len(p.Items))
	}
}

// serveWith puts st behind the site with cfg, on the real clock unless
// cfg says otherwise.
func serveWith(t *testing.T, st *store.Store, cfg Config) *site {
	t.Helper()
	srv := httptest.NewServer(New(st, cfg, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return &site{t: t, store: st, srv: srv}
}

// Paging through the API while the newsroom publishes never repeats a
// story, nor skips one that was public when paging began.
func TestAPINewsPagingWhilePublishing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := serveWith(t, st, Config{BaseURL: testBase})
		sec := news.Section{Slug: "ict", Name: "فناوری اطلاعات"}
		base := time.Now().Add(-24 * time.Hour).Truncate(time.Minute)
		var before []*news.Story
		for i := range 45 {
			before = append(before, s.add(&news.Story{Section: sec, Headline: fmt.Sprintf("خبر پیشین %d", i),
				Status: news.StatusPublished, Published: base.Add(time.Duration(i/3) * time.Minute)}))
		}
		ctx := context.Background()
		var wg sync.WaitGroup
		stop := make(chan struct{})
		var published int
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				d, err := st.CreateDraft(ctx, editor, news.Content{Section: "ict", Headline: fmt.Sprintf("خبر تازهٔ %d", i), Lead: "لید"})
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := st.Publish(ctx, editor, d.ID, d.Revision); err != nil {
					t.Error(err)
					return
				}
				published++
			}
		}()
		seen := map[string]int{}
		path := "/api/v1/news?limit=5"
		for pages := 0; ; pages++ {
			p := s.listAPI(path)
			for _, raw := range p.Items {
				var it ninjs.Item
				json.Unmarshal(raw, &it)
				seen[it.AltIDs[0].Value]++
			}
			if p.NextCursor == "" {
				break
			}
			path = "/api/v1/news?limit=5&cursor=" + url.QueryEscape(p.NextCursor)
			time.Sleep(3 * time.Millisecond)
		}
		close(stop)
		wg.Wait()
		if published == 0 {
			t.Error("nothing published while paging")
		}
		for code, n := range seen {
			if n != 1 {
				t.Errorf("story %s listed %d times", code, n)
			}
		}
		for _, b := range before {
			if seen[strconv.FormatInt(b.Code, 10)] != 1 {
				t.Errorf("story %d skipped", b.Code)
			}
		}
		t.Logf("%d stories published while paging", published)
	})
}

func TestAPIRateLimit(t *testing.T) {
	st := storetest.SQLite(t)
	s := serveWith(t, st, Config{BaseURL: testBase, APIRate: 60, TrustProxy: true})
	s.add(modelStory())
	from := func(ip string) int {
		req, _ := http.NewRequest("GET", s.srv.URL+"/api/v1/news/101870", nil)
		req.Header.Set("X-Forwarded-For", ip)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == 429 && (res.Header.Get("Retry-After") == "" || res.Header.Get("Access-Control-Allow-Origin") != "*") {
			t.Errorf("429 without Retry-After or CORS")
		}
		return res.StatusCode
	}
	for i := range 10 {
		if code := from("192.0.2.10"); code != 200 {
			t.Fatalf("request %d: %d", i+1, code)
		}
	}
	if code := from("192.0.2.10"); code != 429 {
		t.Errorf("past the limit: %d, want 429", code)
	}
	if code := from("192.0.2.11"); code != 200 {
		t.Errorf("another client: %d", code)
	}
	// Pages are not limited.
	if res := s.get("/news/101870"); res.status == 429 {
		t.Error("a page was rate-limited")
	}
}
