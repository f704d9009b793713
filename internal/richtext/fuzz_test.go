package richtext

import (
	"strings"
	"testing"
)

// FuzzSanitize checks what Sanitize promises for any input: a body of
// allowed markup only (seen as a browser parses it), valid UTF-8, that
// sanitizing again leaves alone and that Text reads as HTMLToText does.
// Seeds: the test tables and testdata/fuzz/FuzzSanitize.
func FuzzSanitize(f *testing.F) {
	for _, tt := range mutationXSS {
		f.Add(tt.in)
	}
	f.Add("<p>سلام <b>دنیا</b></p><ul><li>یک<li>دو</ul>")
	f.Add("<p>الف</p>" + Figure(strings.Repeat("0f", 32), "زیرنویس «عکس»") + "<blockquote><figure><img src=\"/media/" +
		strings.Repeat("0f", 32) + "/640.webp\"></figure></blockquote>")
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if err := checkSanitized(out); err != nil {
			t.Fatalf("Sanitize(%q) = %q: %v", in, out, err)
		}
		if got, want := Text(out), HTMLToText(out); got != want {
			t.Fatalf("Sanitize(%q) = %q: Text %q, HTMLToText %q", in, out, got, want)
		}
	})
}
