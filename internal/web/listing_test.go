package web

import (
	"net/url"
	"strings"
	"testing"

	"khabar/internal/news"
)

func TestListingPagination(t *testing.T) {
	s := newSite(t)
	sports := news.Section{Slug: "sports", Name: "ورزشی"}
	s.addDay(25, sports, "فوتبال")
	s.add(modelStory())
	tag := "/tag/" + url.PathEscape("فوتبال")

	for _, base := range []string{"/section/sports", tag, "/archive/1402/08/03"} {
		s.run([]scenario{
			{
				name: base + " page 1", path: base, status: 200,
				contains: []string{`<link rel="next" href="` + base + `?page=2">`, `<a class="num" href="` + base + `?page=2">۲</a>`,
					"خبر شماره 25 از ورزشی", "خبر شماره 6 از ورزشی"},
				text:   []string{"۲۵ خبر"},
				absent: []string{`rel="prev" href="` + base, "خبر شماره 5 از ورزشی<"},
			},
			{
				name: base + " page 2", path: base + "?page=2", status: 200,
				contains: []string{`<link rel="prev" href="` + base + `">`, `<span class="num current" aria-current="page">۲</span>`,
					"خبر شماره 5 از ورزشی", "خبر شماره 1 از ورزشی"},
				absent: []string{`<link rel="next"`, `rel="next" href="` + base + `?page=3"`, "خبر شماره 6 از ورزشی<"},
			},
			{name: base + " persian page number", path: base + "?page=" + url.QueryEscape("۲"), status: 200, contains: []string{"خبر شماره 1 از ورزشی"}},
			{name: base + " past the end", path: base + "?page=3", status: 404},
			{name: base + " huge page", path: base + "?page=99999999999999999999", status: 404},
			{name: base + " page zero", path: base + "?page=0", status: 400},
			{name: base + " page not a number", path: base + "?page=abc", status: 400, text: []string{"درخواست نادرست"}},
		})
	}

	s.run([]scenario{
		{name: "section of the model story", path: "/section/ict", status: 200,
			contains: []string{`<h1>فناوری اطلاعات</h1>`, `class="sec-`, `current"`}},
		{name: "unknown section", path: "/section/nope", status: 404},
		{name: "unknown tag", path: "/tag/" + url.PathEscape("هیچ"), status: 404},
		{
			name: "archive day", path: "/archive/1402/08/04", status: 200,
			contains: []string{`href="/archive/1402/08/03"`, `href="/archive/1402/08/05"`, "تاکید بر تسریع"},
			text:     []string{"۴ آبان ۱۴۰۲", "روز قبل: ۳ آبان ۱۴۰۲"},
		},
		{name: "archive empty day", path: "/archive/1402/08/01", status: 200, text: []string{"در این روز خبری منتشر نشده است."}},
		{name: "archive today has no next day", path: "/archive/1402/08/05", status: 200, absent: []string{"/archive/1402/08/06"}},
		{name: "archive short spelling", path: "/archive/1402/8/4", status: 301, location: "/archive/1402/08/04"},
		{name: "archive month 13", path: "/archive/1402/13/01", status: 404},
		{name: "archive esfand 30 of a common year", path: "/archive/1402/12/30", status: 404},
		{name: "archive esfand 30 of a leap year", path: "/archive/1403/12/30", status: 200},
		{name: "archive not a date", path: "/archive/abc/01/01", status: 404},
		{name: "archive index", path: "/archive", status: 302, location: "/archive/1402/08/05"},
	})
}

func TestSearch(t *testing.T) {
	s := newSite(t)
	st := s.add(modelStory())
	s.run([]scenario{
		{name: "empty query", path: "/search", status: 200, contains: []string{`<h1>جست‌وجو</h1>`, `<meta name="robots" content="noindex">`}},
		{
			name: "hit", path: "/search?q=" + url.QueryEscape("ارتباطات"), status: 200,
			contains: []string{`href="` + storyURL(st) + `"`, `href="/section/ict"`, `value="ارتباطات"`},
			text:     []string{"۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵", "۱ نتیجه"},
		},
		{
			name: "typo", path: "/search?q=" + url.QueryEscape("مسقظ"), status: 200,
			contains: []string{`نتایج برای <a href="/search?q=` + url.QueryEscape("مسقط") + `"><b>مسقط</b></a>. جست‌وجوی <a href="/search?q=` +
				url.QueryEscape("مسقظ") + `&amp;nocorrect=1">مسقظ</a> به‌جای آن`, "تهران-<mark>مسقط</mark>"},
		},
		{
			name: "highlighted", path: "/search?q=" + url.QueryEscape("توافق"), status: 200,
			contains: []string{"<mark>توافقات</mark> تهران", "اجرای <mark>توافقات</mark> تأکید"},
		},
		{name: "no hit", path: "/search?q=" + url.QueryEscape("زلزله"), status: 200, text: []string{"نتیجه‌ای برای «زلزله» یافت نشد"}},
		{name: "bad page", path: "/search?q=x&page=x", status: 400},
	})
}

func TestInvalidInput(t *testing.T) {
	s := newSite(t)
	s.add(modelStory())
	for _, path := range []string{
		"/tag/%ff", "/tag/%ff%fe?page=2", "/section/%ff", "/news/101870/%ff", "/news/%ff",
		"/archive/%ff/08/04", "/archive/1402/%d8/04", "/search?q=%ff%fe", "/search?q=%", "/search?q=a&page=%ff",
		"/%ff", "/section/sports?page=%ff",
	} {
		res := s.get(path)
		if res.status >= 500 {
			t.Errorf("GET %s: status %d", path, res.status)
		}
	}
}

func TestServerError(t *testing.T) {
	s := newSite(t)
	s.add(modelStory())
	s.store.Close() // every query now fails
	res := s.get("/news/101870")
	if res.status != 500 {
		t.Fatalf("status %d, want 500", res.status)
	}
	if !strings.Contains(res.body, "خطای سرور") || strings.Contains(res.body, "sql") || strings.Contains(res.body, "store:") {
		t.Errorf("500 page leaks or lacks its message:\n%s", res.body)
	}
	if cc := res.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q on a 500", cc)
	}
}
