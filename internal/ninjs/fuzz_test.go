package ninjs

import (
	"testing"
	"unicode/utf8"

	"khabar/internal/richtext"
)

// FuzzDecode: whatever item an import or the API receives, Decode
// returns a story or an error without panicking; a story holds valid
// UTF-8, a body the sanitizer leaves as it is, and encodes back to an
// item that decodes to the same headline and body. Seeds: below and
// testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"uri":"urn:t:1","headlines":[{"role":"main","value":"تیتر خبر"}],"bodies":[{"role":"main","contenttype":"text/html","value":"<p>متن <b>خبر</b></p>"}]}`,
		`{"uri":"urn:t:2","headline":"تیتر","body_text":"بند یک\nبند دو","subject":[{"name":"اقتصادی","rel":"category"}]}`,
		`{"uri":"urn:t:3","headlines":[{"value":"<i>تیتر</i>","contenttype":"text/html"}],"bodies":[{"value":"<script>alert(1)</script><p onclick=x>متن</p>"}],"altids":[{"role":"newscode","value":"42"}],"firstcreated":"2023-10-26T13:15:00Z"}`,
		`{"uri":"urn:t:4","pubstatus":"withheld","headlines":[{"value":"تیتر"}],"descriptions":[{"role":"summary","value":"لید"}]}`,
		`{"uri":""}`, `[]`, `{"uri":"urn:t:5","headlines":[{"value":"\u0000"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _, err := Decode(data)
		if err != nil {
			return
		}
		for _, v := range []string{s.Headline, s.Kicker, s.Lead, s.Body, s.URI, s.Byline, s.Section.Slug, s.Section.Name} {
			if !utf8.ValidString(v) {
				t.Fatalf("Decode(%q): field %q is not UTF-8", data, v)
			}
		}
		if clean := richtext.Sanitize(s.Body); clean != s.Body {
			t.Fatalf("Decode(%q): body %q, sanitized %q", data, s.Body, clean)
		}
		if s.Validate() != nil {
			return
		}
		out, err := Encode(s)
		if err != nil {
			t.Fatalf("Encode of the story of %q: %v", data, err)
		}
		back, _, err := Decode(out)
		if err != nil {
			t.Fatalf("Decode(Encode(Decode(%q))) = %v\n%s", data, err, out)
		}
		if back.Headline != s.Headline || back.Body != s.Body {
			t.Fatalf("round trip of %q:\nheadline %q → %q\nbody %q → %q", data, s.Headline, back.Headline, s.Body, back.Body)
		}
	})
}
