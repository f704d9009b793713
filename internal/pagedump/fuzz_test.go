package pagedump

import (
	"testing"
	"unicode/utf8"

	"khabar/internal/richtext"
)

// fuzzPage is a short page dump in the layout Parse reads.
const fuzzPage = `خبر/
در نشست امروز
بررسی طرح تازهٔ آب تهران
1402/08/04 - 16:45 - کد خبر: 2041 نسخه چاپی
ایرنا: لید خبر دربارهٔ آب شهر است.
بند نخست متن خبر.
بند دوم <b>با نشانه</b> & دیگر.
انتهای پیام/
بررسی طرح تازهٔ آب تهران - خبرگزاری آزمون
ثبت نظر
نمایش 3 نظر
`

// FuzzParse: whatever text is imported as a page dump, Parse returns a
// page or an error without panicking; a page has a headline and a news
// code, and its story holds valid UTF-8 and a body the sanitizer leaves
// as it is. Seeds: below and testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add(fuzzPage)
	f.Add("تیتر\n۱۴۰۲/۰۸/۰۴ - ۱۶:۴۵ - کد خبر: ۱۰۱\n")
	f.Add("کد خبر: 1\n")
	f.Add("\n\nتیتر\r\n1402/13/40 - 99:99 - کد خبر: 99999999999999999999\n")
	f.Fuzz(func(t *testing.T, text string) {
		p, err := Parse(text)
		if err != nil {
			return
		}
		if p.Headline == "" || p.Code <= 0 {
			t.Fatalf("Parse(%q): headline %q, code %d", text, p.Headline, p.Code)
		}
		s := p.Story()
		for _, v := range []string{s.Headline, s.Kicker, s.Lead, s.Source, s.Body, s.URI, s.Section.Slug, s.Section.Name} {
			if !utf8.ValidString(v) {
				t.Fatalf("Parse(%q): story field %q is not UTF-8", text, v)
			}
		}
		if clean := richtext.Sanitize(s.Body); clean != s.Body {
			t.Fatalf("Parse(%q): body %q, sanitized %q", text, s.Body, clean)
		}
		_ = s.Validate()
	})
}
