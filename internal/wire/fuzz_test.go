package wire

import (
	"strings"
	"testing"
	"unicode/utf8"

	"khabar/internal/news"
	"khabar/internal/richtext"
)

// Whatever a feed sends, Parse never panics, returns at most maxEntries
// entries, each with an id and a headline, all in valid UTF-8, with a
// body the sanitizer leaves as it is; and a refusal is a message.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>ایسنا</title><item><title>افزایش بارش در استان‌های شمالی</title><link>https://example.org/1</link><guid>1</guid><description>هواشناسی از بارش باران خبر داد.</description><pubDate>Mon, 02 Jan 2023 10:00:00 +0330</pubDate></item></channel></rss>`), "application/rss+xml", news.WireAuto)
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>مهر</title><entry><id>urn:x:2</id><title>آغاز ثبت‌نام کنکور</title><content type="html">&lt;p&gt;ثبت‌نام از فردا آغاز می‌شود.&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;</content><updated>2023-01-02T10:00:00Z</updated></entry></feed>`), "", news.WireAtom)
	f.Add([]byte(`{"uri":"urn:x:3","headlines":[{"value":"نشست وزیران"}],"descriptions":[{"value":"وزیران امروز دیدار کردند."}]}`+"\n"), "application/json", news.WireNinjs)
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss><channel><item><title>\xc7\xd1\xc7\xe4</title><guid>4</guid></item></channel></rss>"), "text/xml", news.WireRSS)
	f.Add([]byte("<rss><channel><item><title>\x00</title><guid>\xff</guid>"), "", news.WireAuto)
	f.Fuzz(func(t *testing.T, body []byte, contentType, format string) {
		switch format {
		case news.WireRSS, news.WireAtom, news.WireNinjs, news.WireAuto:
		default:
			format = news.WireAuto
		}
		entries, err := Parse(body, contentType, format)
		if err != nil {
			if err.Error() == "" || !utf8.ValidString(err.Error()) {
				t.Fatalf("refusal %q", err)
			}
			return
		}
		if len(entries) > maxEntries {
			t.Fatalf("%d entries", len(entries))
		}
		for _, e := range entries {
			if strings.TrimSpace(e.GUID) == "" || strings.TrimSpace(e.Headline) == "" {
				t.Fatalf("entry without id or headline: %+v", e)
			}
			for _, s := range []string{e.GUID, e.Headline, e.Lead, e.Body, e.Link} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %+v", e)
				}
			}
			if again := richtext.Sanitize(e.Body); again != e.Body {
				t.Fatalf("body not sanitized:\n%q\n%q", e.Body, again)
			}
		}
	})
}
