package markup

import (
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// markupBits are what generated texts are made of: every markup
// character, in the places it means something and elsewhere.
var markupBits = []string{
	"*", "**", "***", "[", "]", "](https://khabar.example/a)", "](http://x.ir/?a=1&b=2)", "](javascript:x)", "(", ")",
	" ", " ", "  ", "\t", "\u00a0", "\u200c", "الف", "ب", "کتاب", "x", "۱", "1", ".", ")", "،", "«", "»",
	"\\", "\\*", "\\[", "\\\\", "#", "## ", "### ", "- ", "• ", "> ", ">", "۱. ", "2) ", "<", "&amp;", "'", "\"",
	"\n", "\n", "\n\n", "\r\n", "\r",
	"![", "](photo:" + strings.Repeat("0a", 32) + ")", "\n![عکس خبر](photo:" + strings.Repeat("0a", 32) + ")\n", "!",
}

// genText returns a text of n bits chosen by r.
func genText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(markupBits[r.IntN(len(markupBits))])
	}
	return b.String()
}

// TestGeneratedRoundTrip runs the fuzz targets' checks over texts
// generated from markup characters, which random bytes seldom hit.
func TestGeneratedRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	count := 20000
	if n := os.Getenv("MARKUP_GEN"); n != "" {
		count, _ = strconv.Atoi(n)
	}
	if testing.Short() {
		count = 2000
	}
	for range count {
		text := genText(r, 1+r.IntN(24))
		body := ToHTML(text)
		if err := checkBody(body); err != nil {
			t.Fatalf("ToHTML(%q) = %q: %v", text, body, err)
		}
		edit := FromHTML(body)
		if again := ToHTML(edit); again != body {
			t.Fatalf("round trip of %q\nbody  %q\ntext  %q\nagain %q", text, body, edit, again)
		}
	}
}
