package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
)

// testNow is the site's clock in tests: the day after the model story.
var testNow = time.Date(2023, 10, 27, 12, 0, 0, 0, time.UTC)

const testBase = "http://khabar.test"

// modelStory is the model page, seed/ilna-101870.txt, as a story.
func modelStory() *news.Story {
	return &news.Story{
		Code:     101870,
		Section:  news.Section{Slug: "ict", Name: "فناوری اطلاعات"},
		Kicker:   "در سفر به مسقط",
		Headline: "تاکید بر تسریع اجرایی شدن توافقات تهران-مسقط در حوزه ارتباطات",
		Source:   "نصر",
		Lead:     "در دیدار وزیر ارتباطات ایران و وزیر ارتباطات عمان بر تسریع اجرای توافقات تأکید شد.",
		Body:     "<p>به گزارش نصر، گروه‌های کارشناسی دو کشور جلسات زیادی برگزار کردند.</p>",
		Tags:     []string{"عمان", "وزارت ارتباطات"},
		Provider: "ایلنا - خبرگزاری کار ایران",
		Status:   news.StatusPublished,
		// 1402/08/04 16:45 in Tehran
		Published: time.Date(2023, 10, 26, 13, 15, 0, 0, time.UTC),
	}
}

// site is a real store in a temp dir behind a real HTTP server.
type site struct {
	t     *testing.T
	store *store.Store
	srv   *httptest.Server
}

func newSite(t *testing.T) *site {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "khabar.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return serve(t, st)
}

// serve puts st behind a real HTTP server running the site.
func serve(t *testing.T, st *store.Store) *site {
	t.Helper()
	h := New(st, Config{SiteName: "خبرگزاری خبر", BaseURL: testBase, Now: func() time.Time { return testNow }},
		slog.New(slog.DiscardHandler))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &site{t: t, store: st, srv: srv}
}

func (s *site) add(st *news.Story) *news.Story {
	s.t.Helper()
	if err := s.store.ImportStories(context.Background(), []*news.Story{st})[0].Err; err != nil {
		s.t.Fatalf("create %q: %v", st.Headline, err)
	}
	return st
}

// response is what a reader's browser got, with the body's entities
// decoded so tests can look for the text a reader sees.
type response struct {
	status int
	header http.Header
	body   string
}

// get requests path without following redirects.
func (s *site) get(path string) response {
	s.t.Helper()
	return s.do("GET", path)
}

// do sends a request with method to path, without following redirects.
func (s *site) do(method, path string) response {
	s.t.Helper()
	req, err := http.NewRequest(method, s.srv.URL+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

// scenario is one request and what the reader must see.
type scenario struct {
	name     string
	path     string
	status   int
	contains []string // in the HTML as sent
	text     []string // in the HTML with entities decoded
	absent   []string
	location string // for redirects
}

func (s *site) run(scenarios []scenario) {
	s.t.Helper()
	for _, sc := range scenarios {
		s.t.Run(sc.name, func(t *testing.T) {
			t.Helper()
			res := s.get(sc.path)
			if res.status != sc.status {
				t.Errorf("GET %s: status %d, want %d", sc.path, res.status, sc.status)
			}
			for _, want := range sc.contains {
				if !strings.Contains(res.body, want) {
					t.Errorf("GET %s: body lacks %q", sc.path, want)
				}
			}
			decoded := html.UnescapeString(res.body)
			for _, want := range sc.text {
				if !strings.Contains(decoded, want) {
					t.Errorf("GET %s: text lacks %q", sc.path, want)
				}
			}
			for _, bad := range sc.absent {
				if strings.Contains(res.body, bad) {
					t.Errorf("GET %s: body has %q", sc.path, bad)
				}
			}
			if sc.location != "" && res.header.Get("Location") != sc.location {
				t.Errorf("GET %s: Location %q, want %q", sc.path, res.header.Get("Location"), sc.location)
			}
			if t.Failed() && testing.Verbose() {
				t.Log(res.body)
			}
		})
	}
}

// addDay adds n published stories in section and tag, spread over the
// Tehran day 1402/08/03 (2023-10-25), newest first by headline number.
func (s *site) addDay(n int, sec news.Section, tag string) {
	s.t.Helper()
	dayStart := time.Date(2023, 10, 24, 20, 30, 0, 0, time.UTC) // 00:00 Tehran
	for i := range n {
		s.add(&news.Story{
			Section:   sec,
			Headline:  fmt.Sprintf("خبر شماره %d از %s", i+1, sec.Name),
			Lead:      "لید خبر",
			Body:      "<p>متن</p>",
			Tags:      []string{tag},
			Status:    news.StatusPublished,
			Published: dayStart.Add(time.Duration(i) * 50 * time.Minute),
		})
	}
}
