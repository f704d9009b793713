package pagedump

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/ninjs"
	"khabar/internal/richtext"
	"khabar/internal/sharedtest"
)

func readSeed(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seed", "ilna-101870.txt"))
	if err != nil {
		sharedtest.Missing(t, "model page", err)
	}
	return string(data)
}

func TestModelPage(t *testing.T) {
	text := readSeed(t)
	if !Looks([]byte(text)) {
		t.Error("Looks(model page) = false")
	}
	p, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	checkModelPage(t, p)

	// The same page with CRLF line ends and without blank lines.
	crlf := strings.ReplaceAll(strings.ReplaceAll(text, "\n\n", "\n"), "\n", "\r\n")
	p, err = Parse(crlf)
	if err != nil {
		t.Fatal(err)
	}
	checkModelPage(t, p)
}

func checkModelPage(t *testing.T, p *Page) {
	t.Helper()
	tehran := time.FixedZone("IRST", 3*3600+1800) // no daylight saving in 1402
	if p.Section != "خبر" {
		t.Errorf("Section = %q", p.Section)
	}
	if want := "تاکید بر تسریع اجرایی شدن توافقات تهران-مسقط در حوزه ارتباطات"; p.Headline != want {
		t.Errorf("Headline = %q", p.Headline)
	}
	if p.Kicker != "" {
		t.Errorf("Kicker = %q", p.Kicker)
	}
	// 1402/08/04 is 2023-10-26.
	if want := time.Date(2023, 10, 26, 16, 45, 0, 0, tehran); !p.Published.Equal(want) || p.Published.Location() != time.UTC {
		t.Errorf("Published = %v, want %v in UTC", p.Published, want.UTC())
	}
	if p.Code != 101870 {
		t.Errorf("Code = %d", p.Code)
	}
	if p.Source != "نصر" {
		t.Errorf("Source = %q", p.Source)
	}
	if !strings.HasPrefix(p.Lead, "در دیدار وزیر") {
		t.Errorf("Lead = %q", p.Lead)
	}
	if len(p.Paragraphs) != 11 {
		t.Errorf("%d paragraphs, want 11: %q", len(p.Paragraphs), p.Paragraphs)
	}
	if p.EndMarker != "انتهای پیام/" {
		t.Errorf("EndMarker = %q", p.EndMarker)
	}
	if p.SiteName != "ایلنا - خبرگزاری کار ایران" {
		t.Errorf("SiteName = %q", p.SiteName)
	}
	if p.CommentCount != 0 {
		t.Errorf("CommentCount = %d", p.CommentCount)
	}
}

func TestModelPageStory(t *testing.T) {
	p, err := Parse(readSeed(t))
	if err != nil {
		t.Fatal(err)
	}
	s := p.Story()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Section != (news.Section{Slug: "news", Name: "خبر"}) || s.Code != 101870 || s.Source != "نصر" ||
		s.Provider != "ایلنا - خبرگزاری کار ایران" || s.Status != news.StatusPublished {
		t.Errorf("Story = %+v", s)
	}
	if want := "urn:khabar:page:%D8%A7%DB%8C%D9%84%D9%86%D8%A7%20-%20%D8%AE%D8%A8%D8%B1%DA%AF%D8%B2%D8%A7%D8%B1%DB%8C%20%DA%A9%D8%A7%D8%B1%20%D8%A7%DB%8C%D8%B1%D8%A7%D9%86:101870"; s.URI != want {
		t.Errorf("URI = %q", s.URI)
	}
	if n := strings.Count(s.Body, "<p>"); n != 11 || !strings.HasPrefix(s.Body, "<p>به گزارش نصر") {
		t.Errorf("Body has %d paragraphs: %.80q", n, s.Body)
	}
	if richtext.Sanitize(s.Body) != s.Body {
		t.Error("Body is not in sanitized form")
	}
	if _, err := ninjs.Encode(s); err != nil {
		t.Errorf("Encode: %v", err)
	}
}

// A short page of our own, in Persian digits, with a kicker, a comment
// count, no print link and no end marker.
const shortPage = `سیاسی/
در نشست امروز
تصویب بودجه در مجلس
۱۴۰۲/۱۲/۲۹ - ۰۹:۰۵ - کد خبر: ۲۰۳
ایرنا: نمایندگان بودجه را تصویب کردند.
بند نخست متن <خبر>.
بند دوم متن.
تصویب بودجه در مجلس | خبرگزاری نمونه
نمایش ۱۲ نظر
`

func TestShortPage(t *testing.T) {
	p, err := Parse(shortPage)
	if err != nil {
		t.Fatal(err)
	}
	if p.Section != "سیاسی" || p.Kicker != "در نشست امروز" || p.Headline != "تصویب بودجه در مجلس" || p.Code != 203 ||
		p.Source != "ایرنا" || p.Lead != "نمایندگان بودجه را تصویب کردند." || len(p.Paragraphs) != 2 ||
		p.EndMarker != "" || p.SiteName != "خبرگزاری نمونه" || p.CommentCount != 12 {
		t.Errorf("Parse = %+v", p)
	}
	if want := time.Date(2024, 3, 19, 5, 35, 0, 0, time.UTC); !p.Published.Equal(want) {
		t.Errorf("Published = %v, want %v", p.Published, want)
	}
	s := p.Story()
	if s.Body != "<p>بند نخست متن &lt;خبر&gt;.</p><p>بند دوم متن.</p>" || s.Section.Slug != "politics" {
		t.Errorf("Story = %+v", s)
	}
	if s.URI != "urn:khabar:page:%D8%AE%D8%A8%D8%B1%DA%AF%D8%B2%D8%A7%D8%B1%DB%8C%20%D9%86%D9%85%D9%88%D9%86%D9%87:203" {
		t.Errorf("URI = %q", s.URI)
	}
}

func TestNoBreadcrumbNoSource(t *testing.T) {
	p, err := Parse("تیتر کوتاه\n1403/01/01 - کد خبر: 7\nوزیر گفت: کار تمام است.\n")
	if err != nil {
		t.Fatal(err)
	}
	if p.Section != "" || p.Source != "" || p.Lead != "وزیر گفت: کار تمام است." || p.SiteName != "" {
		t.Errorf("Parse = %+v", p)
	}
	s := p.Story()
	if s.Section.Slug != "news" || s.URI != "urn:khabar:page:7" {
		t.Errorf("Story = %+v", s)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "no news code line"},
		{"no code", "خبر/\nتیتر\n1402/08/04 - 16:45\nمتن", "no news code line"},
		{"no headline", "خبر/\n1402/08/04 - 16:45 - کد خبر: 5\nمتن", "no headline"},
		{"no date", "تیتر\nکد خبر: 5\nمتن", "no publish date"},
		{"bad date", "تیتر\n1402/13/04 - 16:45 - کد خبر: 5\nمتن", `bad publish date "1402/13/04"`},
		{"zero code", "تیتر\n1402/08/04 - 16:45 - کد خبر: 0\nمتن", "news code \"0\" is not a positive number"},
		{"not UTF-8", "تیتر\n\xff", "not valid UTF-8"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) || news.ErrorCode(err) != news.EINVALID {
			t.Errorf("%s: Parse error = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestLooks(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"1402/08/04 - 16:45 - کد خبر: 101870", true},
		{"۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵ - کد خبر: ۱۰۱۸۷۰ نسخه چاپی", true},
		{`{"uri":"urn:x","headlines":[{"value":"کد خبر: 5"}]}`, false},
		{"کد خبر را ببینید", false},
		{"", false},
	} {
		if got := Looks([]byte(tt.in)); got != tt.want {
			t.Errorf("Looks(%q) = %v", tt.in, got)
		}
	}
}
