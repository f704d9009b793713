package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
)

// commentSite is the public site on a real store, with one published
// story and a clock the test moves (shared by the site and the store).
type commentSite struct {
	t     *testing.T
	store *store.Store
	srv   *httptest.Server
	story *news.Story
	mu    sync.Mutex
	now   time.Time
	mod   news.Actor
	admin news.Actor
}

func newCommentSite(t *testing.T, cfg Config) *commentSite {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "khabar.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return commentSiteOn(t, st, cfg)
}

// commentSiteOn is newCommentSite on a store of the test's.
func commentSiteOn(t *testing.T, st *store.Store, cfg Config) *commentSite {
	t.Helper()
	s := &commentSite{t: t, store: st, now: time.Date(2024, 3, 10, 9, 0, 0, 0, time.UTC)}
	st.SetClock(s.clock)
	cfg.SiteName, cfg.BaseURL, cfg.Now = "خبرگزاری خبر", testBase, s.clock
	s.srv = httptest.NewServer(New(st, cfg, slog.New(slog.DiscardHandler)))
	t.Cleanup(s.srv.Close)
	s.story = s.publish("پیش‌بینی بارش برف سنگین در البرز")
	for _, u := range []*news.User{{Name: "mod", Roles: news.Roles{news.RoleModerator}}, {Name: "boss", Roles: news.Roles{news.RoleAdmin}}} {
		if err := st.CreateUser(context.Background(), news.Actor{Name: "آزمون"}, u, "x"); err != nil {
			t.Fatal(err)
		}
	}
	s.mod = news.Actor{ID: 1, Name: "ناظر", Roles: news.Roles{news.RoleModerator}}
	s.admin = news.Actor{ID: 2, Name: "مدیر", Roles: news.Roles{news.RoleAdmin}}
	return s
}

func (s *commentSite) clock() time.Time { s.mu.Lock(); defer s.mu.Unlock(); return s.now }

func (s *commentSite) advance(d time.Duration) { s.mu.Lock(); s.now = s.now.Add(d); s.mu.Unlock() }

func (s *commentSite) publish(headline string) *news.Story {
	s.t.Helper()
	st := &news.Story{Section: news.Section{Slug: "society", Name: "اجتماعی"}, Headline: headline,
		Lead: "هواشناسی هشدار داد.", Body: "<p>متن خبر.</p>", Status: news.StatusPublished, Published: s.clock().Add(-time.Hour)}
	if err := s.store.ImportStories(context.Background(), []*news.Story{st})[0].Err; err != nil {
		s.t.Fatal(err)
	}
	return st
}

// request sends a request, not following redirects, and reads the answer.
func (s *commentSite) request(method, path, ctype, body string, header ...string) response {
	s.t.Helper()
	req, err := http.NewRequest(method, s.srv.URL+path, strings.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (s *commentSite) get(path string) response { s.t.Helper(); return s.request("GET", path, "", "") }

var tokenField = regexp.MustCompile(`name="token" value="([^"]+)"`)

// form opens the story and returns its form's token, as a reader's page
// holds it, with the time the reader takes to write moved on.
func (s *commentSite) form(path string) string {
	s.t.Helper()
	page := s.get(path)
	m := tokenField.FindStringSubmatch(page.body)
	if m == nil {
		s.t.Fatalf("GET %s: %d, no comment form", path, page.status)
	}
	s.advance(20 * time.Second)
	return m[1]
}

// post sends the comment form.
func (s *commentSite) post(f url.Values, header ...string) response {
	s.t.Helper()
	return s.request("POST", fmt.Sprintf("/news/%d/comments", s.story.Code), "application/x-www-form-urlencoded", f.Encode(), header...)
}

func (s *commentSite) approveAll() {
	s.t.Helper()
	q, err := s.store.Comments(context.Background(), news.CommentFilter{Limit: 200})
	if err != nil {
		s.t.Fatal(err)
	}
	var ids []int64
	for _, c := range q.Comments {
		ids = append(ids, c.ID)
	}
	if len(ids) > 0 {
		if _, err := s.store.DecideComments(context.Background(), s.mod, ids, news.DecideApprove); err != nil {
			s.t.Fatal(err)
		}
	}
}

func textOf(body string) string { return html.UnescapeString(body) }

// A reader posts through the form; it waits for a moderator; once
// approved, the page counts it and shows it as plain text with its
// link made safe and its line breaks kept.
func TestCommentFormPosts(t *testing.T) {
	s := newCommentSite(t, Config{})
	page := storyURL(s.story)
	res := s.get(page)
	for _, want := range []string{`<form class="comment-form" id="comment-form" method="post" action="/news/` + fmt.Sprint(s.story.Code) + `/comments"`,
		`name="name"`, `name="email"`, `<textarea name="text"`, `name="website"`, `name="token"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("article lacks %s", want)
		}
	}
	if !strings.Contains(textOf(res.body), "نمایش ۰ نظر") || res.header.Get("Cache-Control") != htmlCacheControl {
		t.Fatalf("article: %q", res.header.Get("Cache-Control"))
	}
	token := tokenField.FindStringSubmatch(res.body)[1]

	text := "به نظرم <b>هشدار</b> دیر داده شد.\r\nگزارش هواشناسی: https://irimo.example/warn?x=1&y=2\r\n\r\n\r\nبا سپاس"
	f := url.Values{"name": {"مریم <i>ک</i>"}, "email": {"maryam@example.ir"}, "text": {text}, "token": {token}}
	// A robot posts the moment the page is loaded.
	res = s.post(f)
	if res.status != http.StatusBadRequest || !strings.Contains(textOf(res.body), "خیلی زود") {
		t.Fatalf("post at once: %d", res.status)
	}
	if !strings.Contains(res.body, html.EscapeString("به نظرم <b>هشدار</b>")) || !strings.Contains(res.body, `value="maryam@example.ir"`) ||
		res.header.Get("Cache-Control") != "no-store" || !strings.Contains(res.body, `value="`+token+`"`) {
		t.Fatalf("the refused form does not come back filled with the same token: %s", res.header.Get("Cache-Control"))
	}
	s.advance(30 * time.Second)
	res = s.post(f)
	if res.status != http.StatusSeeOther || res.header.Get("Location") != page+"?comment=pending#comments" {
		t.Fatalf("post: %d %s", res.status, res.header.Get("Location"))
	}
	res = s.get(page + "?comment=pending")
	if !strings.Contains(textOf(res.body), "پس از بررسی ناظر منتشر می‌شود") || res.header.Get("Cache-Control") != "no-store" ||
		!strings.Contains(textOf(res.body), "نمایش ۰ نظر") {
		t.Fatalf("after posting: %s", res.header.Get("Cache-Control"))
	}
	// Sent again (a double click, a reload of the POST): one comment.
	if res = s.post(f); res.status != http.StatusSeeOther {
		t.Fatalf("sent twice: %d", res.status)
	}
	q, _ := s.store.Comments(context.Background(), news.CommentFilter{})
	if q.Total != 1 || q.Comments[0].Email != "maryam@example.ir" || q.Comments[0].IP != "127.0.0.1" {
		t.Fatalf("queue: %+v", q)
	}
	s.approveAll()
	res = s.get(page)
	body := res.body
	if !strings.Contains(textOf(body), "نمایش ۱ نظر") {
		t.Fatal("approved comment not counted")
	}
	for _, want := range []string{
		`<bdi class="comment-name">مریم &lt;i&gt;ک&lt;/i&gt;</bdi>`,
		`<time datetime="2024-03-10T12:30:30+03:30">۱۴۰۲/۱۲/۲۰ - ۱۲:۳۰</time>`,
		`به نظرم &lt;b&gt;هشدار&lt;/b&gt; دیر داده شد.<br>`,
		`<a href="https://irimo.example/warn?x=1&amp;y=2" rel="nofollow ugc noopener">https://irimo.example/warn?x=1&amp;y=2</a><br>` + "\n<br>\nبا سپاس",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(body, "maryam@example.ir") {
		t.Error("the email is shown")
	}
}

// Whatever the reason for refusing a post, the reader's text comes back
// in the form, with the reason in Persian.
func TestCommentFormRefusals(t *testing.T) {
	s := newCommentSite(t, Config{CommentRate: news.RateLimit{Posts: 3, Window: 10 * time.Minute}})
	page := storyURL(s.story)
	text := "متنی که نباید گم شود"
	tests := []struct {
		name   string
		change func(f url.Values)
		header []string
		status int
		says   string
	}{
		{"no name", func(f url.Values) { f.Set("name", " ") }, nil, 400, "نام خود را بنویسید"},
		{"four links", func(f url.Values) {
			f.Set("text", text+" http://a.ir http://b.ir http://c.ir http://d.ir")
		}, nil, 400, "بیش از ۳ پیوند"},
		{"too long", func(f url.Values) { f.Set("text", text+strings.Repeat("ب", news.MaxCommentText)) }, nil, 400, "بیش از ۳۰۰۰"},
		{"a robot's field", func(f url.Values) { f.Set("website", "http://spam.example") }, nil, 400, "باید خالی بماند"},
		{"a forged token", func(f url.Values) { f.Set("token", strings.Repeat("A", 54)) }, nil, 400, "فرم نظر معتبر نیست"},
		{"a token of another story", func(f url.Values) {
			other := s.publish("خبری دیگر")
			f.Set("token", s.form(storyURL(other)))
		}, nil, 400, "فرم نظر معتبر نیست"},
		{"from another site", nil, []string{"Origin", "https://evil.example"}, 403, "از سایت دیگری"},
		{"cross-site fetch", nil, []string{"Sec-Fetch-Site", "cross-site"}, 403, "از سایت دیگری"},
		{"a NUL", func(f url.Values) { f.Set("name", "علی\x00") }, nil, 400, "نویسهٔ کنترلی"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := url.Values{"name": {"علی"}, "text": {text}, "token": {s.form(page)}}
			if tt.change != nil {
				tt.change(f)
			}
			res := s.post(f, tt.header...)
			if res.status != tt.status || !strings.Contains(textOf(res.body), tt.says) {
				t.Fatalf("%d, want %d saying %q", res.status, tt.status, tt.says)
			}
			if !strings.Contains(textOf(res.body), text) || res.header.Get("Cache-Control") != "no-store" {
				t.Error("the reader's text is lost")
			}
			if m := tokenField.FindStringSubmatch(res.body); m == nil {
				t.Error("no token to send again with")
			}
		})
	}
	if q, _ := s.store.Comments(context.Background(), news.CommentFilter{}); q.Total != 0 {
		t.Fatalf("%d refused comments stored", q.Total)
	}
	// The form that came back can be sent as it is.
	res := s.post(url.Values{"name": {"علی"}, "text": {text}, "token": {strings.Repeat("A", 54)}})
	s.advance(5 * time.Second)
	res = s.post(url.Values{"name": {"علی"}, "text": {text}, "token": {tokenField.FindStringSubmatch(res.body)[1]}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("sending the returned form: %d", res.status)
	}
	// Three posts in ten minutes from one address; the fourth waits.
	for i := range 2 {
		if res = s.post(url.Values{"name": {"علی"}, "text": {fmt.Sprint("نظر ", i)}, "token": {s.form(page)}}); res.status != 303 {
			t.Fatalf("post %d: %d", i, res.status)
		}
	}
	res = s.post(url.Values{"name": {"علی"}, "text": {"نظر چهارم"}, "token": {s.form(page)}})
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") == "" ||
		!strings.Contains(textOf(res.body), "دقیقهٔ دیگر") || !strings.Contains(textOf(res.body), "نظر چهارم") {
		t.Fatalf("flood: %d %q", res.status, res.header.Get("Retry-After"))
	}
	// Closed by a moderator: the page says so, and a post is refused.
	if err := s.store.SetCommentsClosed(context.Background(), s.mod, s.story.ID, true); err != nil {
		t.Fatal(err)
	}
	s.advance(time.Hour)
	token := tokenField.FindStringSubmatch(s.get(page + "?page=1").body)
	res = s.get(page)
	if token != nil || strings.Contains(res.body, `<form class="comment-form"`) || !strings.Contains(textOf(res.body), "ثبت نظر برای این خبر بسته شده است") {
		t.Fatal("a closed story offers the form")
	}
	s.store.SetCommentsClosed(context.Background(), s.mod, s.story.ID, false)
	tok := s.form(page)
	s.store.SetCommentsClosed(context.Background(), s.mod, s.story.ID, true)
	res = s.post(url.Values{"name": {"علی"}, "text": {"دیر رسیدم"}, "token": {tok}})
	if res.status != 400 || !strings.Contains(textOf(res.body), "بسته شده است") {
		t.Fatalf("post to a closed story: %d", res.status)
	}
}

// Comments are listed oldest first, fifty a page, with their replies.
func TestCommentPages(t *testing.T) {
	s := newCommentSite(t, Config{})
	ctx := context.Background()
	var first *news.Comment
	for i := range 120 {
		d, _ := news.CommentDraft{Name: fmt.Sprintf("خواننده %d", i+1), Text: fmt.Sprintf("نظر شمارهٔ %d", i+1)}.Clean()
		c, err := s.store.AddComment(ctx, news.CommentPost{StoryID: s.story.ID, Draft: d})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = c
		}
		s.advance(time.Minute)
	}
	s.approveAll()
	d, _ := news.CommentDraft{Name: "پاسخ‌دهنده", Text: "پاسخ به نخستین نظر", ReplyTo: first.ID}.Clean()
	if _, err := s.store.AddComment(ctx, news.CommentPost{StoryID: s.story.ID, Draft: d}); err != nil {
		t.Fatal(err)
	}
	s.approveAll()
	page := storyURL(s.story)
	res := s.get(page)
	body := textOf(res.body)
	if !strings.Contains(body, "نمایش ۱۲۱ نظر") || strings.Count(res.body, `class="comment"`) != 50 ||
		strings.Count(res.body, `class="comment reply"`) != 1 {
		t.Fatalf("page 1: %d comments", strings.Count(res.body, `class="comment"`))
	}
	if strings.Index(body, "نظر شمارهٔ 1<") > strings.Index(body, "نظر شمارهٔ 2<") || strings.Contains(body, "نظر شمارهٔ 51<") {
		t.Error("page 1 is not the oldest fifty, oldest first")
	}
	if strings.Index(body, "پاسخ به نخستین نظر") > strings.Index(body, "نظر شمارهٔ 2<") {
		t.Error("the reply is not under its comment")
	}
	next := page + "?page=2#comments"
	if !strings.Contains(res.body, `href="`+html.EscapeString(next)+`"`) {
		t.Errorf("no link to page 2: %s", regexp.MustCompile(`<nav class="pager".*?</nav>`).FindString(strings.ReplaceAll(res.body, "\n", " ")))
	}
	res = s.get(page + "?page=3")
	if strings.Count(res.body, `class="comment"`) != 20 || !strings.Contains(textOf(res.body), "نظر شمارهٔ 120<") {
		t.Errorf("page 3: %d", strings.Count(res.body, `class="comment"`))
	}
	if res = s.get(page + "?page=4"); res.status != 404 {
		t.Errorf("page 4: %d", res.status)
	}
	// A reply link opens the form answering that comment.
	res = s.get(page + fmt.Sprintf("?reply=%d", first.ID))
	if !strings.Contains(res.body, fmt.Sprintf(`name="reply_to" value="%d"`, first.ID)) || !strings.Contains(res.body, "در پاسخ به <bdi>خواننده 1</bdi>") {
		t.Error("the reply form")
	}
	// Under post-moderation a reader is taken to the page their comment
	// is on: a new one on the last, a reply on its comment's.
	if err := s.store.SetCommentSettings(ctx, s.admin, news.CommentSettings{PostModeration: true}); err != nil {
		t.Fatal(err)
	}
	res = s.post(url.Values{"name": {"نرگس"}, "text": {"نظر تازه"}, "token": {s.form(page)}})
	loc := res.header.Get("Location")
	if res.status != 303 || !strings.HasPrefix(loc, page+"?page=3&comment=approved#comment-") {
		t.Fatalf("post-moderated post: %d %s", res.status, loc)
	}
	if res = s.get(strings.Split(loc, "#")[0]); !strings.Contains(res.body, "نظر شما منتشر شد") || !strings.Contains(res.body, "نظر تازه") {
		t.Error("the page it leads to lacks the comment")
	}
	res = s.post(url.Values{"name": {"نرگس"}, "text": {"پاسخ تازه"}, "reply_to": {fmt.Sprint(first.ID)}, "token": {s.form(page)}})
	if loc := res.header.Get("Location"); !strings.HasPrefix(loc, page+"?comment=approved#comment-") {
		t.Errorf("post-moderated reply: %s", loc)
	}
}

// The form is taken from this site's pages only, as the browser names
// them: its own host, or the public address behind a proxy.
func TestCommentFormOrigin(t *testing.T) {
	s := &server{cfg: Config{BaseURL: "https://khabar.example"}}
	for _, c := range []struct {
		header []string
		ok     bool
	}{
		{nil, true},
		{[]string{"Origin", "http://127.0.0.1:8080"}, true},
		{[]string{"Origin", "https://khabar.example"}, true},
		{[]string{"Origin", "https://KHABAR.example"}, true},
		{[]string{"Origin", "https://khabar.example.evil.example"}, false},
		{[]string{"Origin", "null"}, false},
		{[]string{"Origin", "https://evil.example"}, false},
		{[]string{"Sec-Fetch-Site", "same-origin"}, true},
		{[]string{"Sec-Fetch-Site", "cross-site"}, false},
	} {
		r := httptest.NewRequest("POST", "http://127.0.0.1:8080/news/1/comments", nil)
		for i := 0; i+1 < len(c.header); i += 2 {
			r.Header.Set(c.header[i], c.header[i+1])
		}
		if got := s.sameSite(r); got != c.ok {
			t.Errorf("%v: %v, want %v", c.header, got, c.ok)
		}
	}
}
