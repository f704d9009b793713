package importer

import (
	"os"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
)

func parseFile(t *testing.T, name, pageURL string) *news.Story {
	t.Helper()
	data, err := os.ReadFile("testdata/html/" + name)
	if err != nil {
		t.Fatal(err)
	}
	if f := Detect(data); f != FormatHTML {
		t.Fatalf("Detect = %v", f)
	}
	s, err := ParseHTML(data, pageURL)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func paras(body string) []string {
	var out []string
	for p := range strings.SplitSeq(body, "<p>") {
		if p = strings.TrimSuffix(p, "</p>"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// JSON-LD first: headline, kicker, lead, date, author, section, tags;
// the code from the canonical URL; the body without the site's chrome.
func TestHTMLJSONLD(t *testing.T) {
	s := parseFile(t, "jsonld.html", "")
	if s.Headline != "سد کرج پس از بارش‌های اخیر ۶۰ درصد پر شد" || s.Kicker != "با ادامه بارندگی در استان البرز" ||
		s.Lead != "البرز - مدیرعامل شرکت آب منطقه‌ای از رسیدن حجم آب سد امیرکبیر به ۶۰ درصد ظرفیت خبر داد." ||
		s.Byline != "نرگس احمدی" || s.Section.Slug != "social" || s.Provider != "خبرگزاری الف" ||
		s.Code != 1403013012345 || s.URI != "https://agency-a.example/news/1403013012345/sad-karaj" {
		t.Errorf("story = %+v", s)
	}
	if !s.Published.Equal(time.Date(2024, 4, 18, 8, 1, 0, 0, time.UTC)) {
		t.Errorf("Published = %v", s.Published)
	}
	if strings.Join(s.Tags, "|") != "سد کرج|آب|البرز" {
		t.Errorf("Tags = %q", s.Tags)
	}
	p := paras(s.Body)
	if len(p) != 3 || !strings.HasPrefix(p[0], "به گفته او") || !strings.HasPrefix(p[2], "بر پایه آمار") {
		t.Errorf("body paragraphs = %q", p)
	}
	for _, chrome := range []string{"بیشتر بخوانید", "پربازدید", "اخبار مرتبط", "تلگرام", "نوار خبری", "ارسال نظر", "انتهای پیام", "صفحه اصلی"} {
		if strings.Contains(s.Body, chrome) {
			t.Errorf("body keeps the site's %q: %q", chrome, s.Body)
		}
	}
}

// Open Graph and article:* meta when there is no JSON-LD; the Jalali
// date from the page; a dateline credit split off the lead.
func TestHTMLOpenGraph(t *testing.T) {
	s := parseFile(t, "og.html", "")
	if s.Headline != "نرخ بیکاری جوانان کاهش یافت" || s.Source != "باختر/تهران" ||
		s.Lead != "مرکز آمار اعلام کرد نرخ بیکاری جوانان در پاییز امسال یک درصد کمتر از سال گذشته بوده است." ||
		s.Section.Slug != "economy" || s.Code != 851234 || s.URI != "https://agency-b.example/fa/news/851234/unemployment" ||
		strings.Join(s.Tags, "|") != "بیکاری|مرکز آمار" {
		t.Errorf("story = %+v", s)
	}
	// ۰۷ بهمن ۱۴۰۴ is 2026-01-27; 11:10 in Tehran is 07:40 UTC.
	if !s.Published.Equal(time.Date(2026, 1, 27, 7, 40, 0, 0, time.UTC)) {
		t.Errorf("Published = %v", s.Published)
	}
	if p := paras(s.Body); len(p) != 3 || strings.Contains(s.Body, "اشتراک") || strings.Contains(s.Body, "نظرات") {
		t.Errorf("body = %q", p)
	}
}

// A page with neither: the readability reader, the code from the URL it
// was fetched from.
func TestHTMLBare(t *testing.T) {
	s := parseFile(t, "bare.html", "https://agency-c.example/news/44321/")
	if s.Headline != "گشایش نمایشگاه کتاب کودک در شیراز" || s.Code != 44321 || s.URI != "https://agency-c.example/news/44321/" {
		t.Errorf("story = %+v", s)
	}
	if !s.Published.Equal(time.Date(2024, 6, 22, 15, 35, 0, 0, time.UTC)) {
		t.Errorf("Published = %v", s.Published)
	}
	if p := paras(s.Body); len(p) != 3 {
		t.Errorf("body = %q", p)
	}
}

func TestHTMLErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"<html><body><p>متن بی‌تیتر</p></body></html>", "no headline"},
		{"<html><head><title>فقط تیتر</title></head><body></body></html>", "no story text"},
		{"<html><head><title>تیتر</title><meta name=description content=\"لید خبر\"></head><body></body></html>", "no canonical URL and no news code"},
	} {
		_, err := ParseHTML([]byte(tt.in), "")
		if err == nil || !strings.Contains(err.Error(), tt.want) || news.ErrorCode(err) != news.EINVALID {
			t.Errorf("ParseHTML(%q) error = %v, want %q", tt.in, err, tt.want)
		}
	}
}
