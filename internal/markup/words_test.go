package markup

import (
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"khabar/internal/richtext"
)

// bodyWords returns the words of an HTML body as the rest of khabar
// reads them, without the characters the markup drops.
func bodyWords(body string) []string {
	text := strings.Map(func(r rune) rune {
		if isControl(r) && !isSpace(r) {
			return -1
		}
		return r
	}, richtext.HTMLToText(validUTF8(body)))
	return strings.Fields(text)
}

// checkKeepsText fails t unless ToHTML(FromHTML(body)) has every word of
// body in order, is of the promised form, and is a body the round trip
// keeps. With exact, it must have no other words either; without, it may
// keep text that the reference reading of broken HTML drops.
func checkKeepsText(t *testing.T, body string, exact bool) {
	t.Helper()
	edit := FromHTML(body)
	again := ToHTML(edit)
	want, got := bodyWords(body), bodyWords(again)
	if !hasInOrder(got, want) || exact && len(got) != len(want) {
		t.Fatalf("FromHTML(%q) = %q\nToHTML gives %q\nwords %q\nwant  %q", body, edit, again, got, want)
	}
	if err := checkBody(again); err != nil {
		t.Fatalf("ToHTML(FromHTML(%q)) = %q: %v", body, again, err)
	}
	if FromHTML(again) != edit {
		t.Fatalf("FromHTML(%q) = %q, but FromHTML(ToHTML of it) = %q", body, edit, FromHTML(again))
	}
}

// hasInOrder reports whether want is a subsequence of got.
func hasInOrder(got, want []string) bool {
	for _, w := range got {
		if len(want) > 0 && w == want[0] {
			want = want[1:]
		}
	}
	return len(want) == 0
}

// htmlBits are what generated bodies are made of.
var htmlBits = []string{
	"<p>", "</p>", "<br>", "<br/>", "</br>", "<b>", "</b>", "<strong>", "</strong>", "<i>", "</i>", "<em>", "</em>",
	`<a href="https://khabar.example/a?b=1&amp;c=2">`, `<a href="http://x.ir/a b(c)">`, `<a href="javascript:x">`, "<a>", "</a>",
	"<h2>", "</h2>", "<h3>", "</h3>", "<h1>", "</h1>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>",
	"<blockquote>", "</blockquote>", "<div>", "</div>", "<span>", "<!-- x -->", "<script>x</script>",
	"الف", "ب", "کتاب‌ها", "x", " ", "  ", "\n", "&nbsp;", "&amp;", "&lt;", "&#39;", "*", "**", "[", "]", "](https://a.ir)",
	"\\", "# ", "- ", "> ", "۱. ", "1) ", "• ", "<", ">",
	"<figure>", "</figure>", "<figcaption>", "</figcaption>", `<img src="/media/` + strings.Repeat("0a", 32) + `.jpg" alt="عکس">`,
	`<img src="/media/` + strings.Repeat("0a", 32) + `/320.webp">`, `<img src="https://example.ir/a.jpg">`,
}

// TestGeneratedBodiesKeepText checks checkKeepsText on generated bodies.
func TestGeneratedBodiesKeepText(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	count := 20000
	if n := os.Getenv("MARKUP_GEN"); n != "" {
		count, _ = strconv.Atoi(n)
	}
	if testing.Short() {
		count = 2000
	}
	for range count {
		var b strings.Builder
		for range 1 + r.IntN(30) {
			b.WriteString(htmlBits[r.IntN(len(htmlBits))])
		}
		checkKeepsText(t, b.String(), false)
	}
}
