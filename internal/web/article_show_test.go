package web

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
)

func TestArticle(t *testing.T) {
	s := newSite(t)
	st := s.add(modelStory())
	slug := url.PathEscape(st.Slug())
	canonical := "/news/101870/" + slug
	s.add(&news.Story{Section: st.Section, Headline: "پیش‌نویس", Status: news.StatusDraft,
		Code: 200001, Published: testNow.Add(-time.Hour)})
	s.add(&news.Story{Section: st.Section, Headline: "خبر فردا", Status: news.StatusPublished,
		Code: 200002, Published: testNow.Add(time.Hour)})
	s.add(&news.Story{Section: st.Section, Headline: "برداشته", Status: news.StatusUnpublished,
		Code: 200003, Published: testNow.Add(-time.Hour)})

	s.run([]scenario{
		{
			name: "model page", path: canonical, status: 200,
			contains: []string{
				`<html lang="fa" dir="rtl">`,
				`<h1>تاکید بر تسریع اجرایی شدن توافقات تهران-مسقط در حوزه ارتباطات</h1>`,
				`<title>تاکید بر تسریع اجرایی شدن توافقات تهران-مسقط در حوزه ارتباطات - خبرگزاری خبر</title>`,
				`<link rel="canonical" href="` + testBase + canonical + `">`,
				`href="/section/ict"`,
				`<p class="kicker">در سفر به مسقط</p>`,
				`<a class="print-link" href="/news/101870/print" rel="nofollow">نسخه چاپی</a>`,
				`<strong>نصر:</strong> در دیدار`,
				`<p>به گزارش نصر، گروه‌های کارشناسی`,
				`انتهای پیام/`,
				`href="/tag/` + url.PathEscape("عمان") + `"`,
				`ثبت نظر`,
				`<form class="search" action="/search"`,
				`name="q"`,
			},
			text: []string{
				`<time datetime="2023-10-26T16:45:00+03:30">۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵</time>`,
				`کد خبر: ۱۰۱۸۷۰`,
				`نمایش ۰ نظر`,
				`منبع: ایلنا - خبرگزاری کار ایران`,
			},
			absent: []string{"101870</span>", "<script>"},
		},
		{name: "code alone", path: "/news/101870", status: 301, location: canonical},
		{name: "trailing slash", path: "/news/101870/", status: 301, location: canonical},
		{name: "wrong slug", path: "/news/101870/old-headline", status: 301, location: canonical},
		{name: "truncated slug", path: "/news/101870/" + url.PathEscape("تاکید-بر"), status: 301, location: canonical},
		{name: "persian digits in code", path: "/news/" + url.PathEscape("۱۰۱۸۷۰"), status: 301, location: canonical},
		{name: "leading zero", path: "/news/0101870/" + slug, status: 301, location: canonical},
		{name: "unknown code", path: "/news/999999/x", status: 404, text: []string{"صفحه پیدا نشد", `action="/search"`, `href="/"`}},
		{name: "code not a number", path: "/news/abc", status: 404},
		{name: "negative code", path: "/news/-5", status: 404},
		{name: "draft", path: "/news/200001", status: 404},
		{name: "scheduled", path: "/news/200002", status: 404},
		{name: "unpublished", path: "/news/200003", status: 404},
		{name: "unknown path", path: "/no/such/page", status: 404, text: []string{"صفحه پیدا نشد"}},
	})

	res := s.get(canonical)
	for header, want := range map[string]string{
		"Content-Type":           "text/html; charset=utf-8",
		"Cache-Control":          "public, max-age=60, s-maxage=10, stale-while-revalidate=600",
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
	} {
		if got := res.header.Get(header); got != want {
			t.Errorf("%s: %q, want %q", header, got, want)
		}
	}
	if csp := res.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("Content-Security-Policy: %q", csp)
	}
	// The end marker comes after the body, as on the model page.
	if strings.Index(res.body, "انتهای پیام/") < strings.Index(res.body, "گروه‌های کارشناسی") {
		t.Error("end marker before the body")
	}
}

func TestArticleEscapesHeadline(t *testing.T) {
	s := newSite(t)
	st := s.add(&news.Story{
		Section:  news.Section{Slug: "politics", Name: "سیاسی"},
		Headline: `<script>alert("x")</script> هشدار`,
		Kicker:   `<img src=x onerror=alert(1)>`,
		Source:   `<b>ایرنا</b>`,
		Lead:     "لید",
		Tags:     []string{`"><script>alert(2)</script>`},
		Status:   news.StatusPublished, Published: testNow.Add(-time.Hour),
	})
	for _, path := range []string{storyURL(st), printURL(st), "/", "/section/politics", "/search?q=" + url.QueryEscape(`<script>alert("x")</script>`)} {
		res := s.get(path)
		if res.status != 200 {
			t.Errorf("GET %s: status %d", path, res.status)
		}
		for _, bad := range []string{"<script>alert", "<img src=x", "<b>ایرنا"} {
			if strings.Contains(res.body, bad) {
				t.Errorf("GET %s: unescaped %q", path, bad)
			}
		}
	}
	if res := s.get(storyURL(st)); !strings.Contains(res.body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; هشدار") {
		t.Error("headline not shown escaped")
	}
}

func TestPrint(t *testing.T) {
	s := newSite(t)
	st := s.add(modelStory())
	s.run([]scenario{
		{
			name: "print page", path: "/news/101870/print", status: 200,
			contains: []string{
				`<h1>تاکید بر تسریع اجرایی شدن توافقات تهران-مسقط در حوزه ارتباطات</h1>`,
				`<strong>نصر:</strong>`, `انتهای پیام/`, `<meta name="robots" content="noindex">`,
				`<link rel="canonical" href="` + testBase + storyURL(st) + `">`,
				`/print.js"`,
			},
			text:   []string{"کد خبر: ۱۰۱۸۷۰", "۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵"},
			absent: []string{`class="sections"`, `action="/search"`, `ثبت نظر`, `<script>`},
		},
		{name: "unknown", path: "/news/5/print", status: 404},
	})
}

// The story's parts of its page are kept once rendered, and every
// version of the story, and of the section it is filed in, shows at once.
func TestArticleShowsEachVersion(t *testing.T) {
	s := newSite(t)
	first := modelStory()
	first.URI = "urn:test:ict-muscat"
	st := s.add(first)
	path := storyURL(st)
	if r := s.get(path); r.status != 200 || !strings.Contains(r.body, "<h1>"+st.Headline+"</h1>") {
		t.Fatalf("first version: %d", r.status)
	}
	s.get(path) // kept now
	next := modelStory()
	next.URI = first.URI
	next.Kicker = "در پایان سفر به مسقط"
	next.Lead = "وزیران ارتباطات دو کشور سند همکاری تازه‌ای امضا کردند."
	s.add(next)
	r := s.get(path)
	if r.status != 200 || !strings.Contains(r.body, next.Kicker) || !strings.Contains(r.body, next.Lead) ||
		strings.Contains(r.body, "در سفر به مسقط<") {
		t.Fatalf("second version not shown: %d", r.status)
	}
	sec, err := s.store.SectionBySlug(context.Background(), st.Section.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sec.Name = "فناوری و ارتباطات"
	if err := s.store.UpdateSection(context.Background(), news.Actor{Name: "مدیر"}, sec, nil); err != nil {
		t.Fatal(err)
	}
	crumb := `<nav class="breadcrumb"`
	r = s.get(path)
	i := strings.Index(r.body, crumb)
	if i < 0 || !strings.Contains(r.body[i:], "فناوری و ارتباطات") {
		t.Fatalf("renamed section not in the breadcrumb (%v)", i >= 0)
	}
}
