package markup

import (
	"strings"
	"testing"
)

// TestHelp checks that the rule sheet shows every marker, and that its
// examples do what it says.
func TestHelp(t *testing.T) {
	for _, marker := range []string{"**", "***", "*", "](https://", "- ", "• ", "۱. ", "1. ", "۱) ", "## ", "### ", "> ", "](photo:", `\*`, `\[`, `\#`, `\-`, `\>`, `\\`} {
		if !strings.Contains(Help, marker) {
			t.Errorf("Help does not show %q", marker)
		}
	}
	examples := []struct{ text, want string }{
		{"**متن**", "<p><b>متن</b></p>"},
		{"*متن*", "<p><i>متن</i></p>"},
		{"***متن***", "<p><b><i>متن</i></b></p>"},
		{"۳ * ۴", "<p>۳ * ۴</p>"},
		{"[متن پیوند](https://example.ir/news/1)", `<p><a href="https://example.ir/news/1">متن پیوند</a></p>`},
		{"<b>", "<p>&lt;b&gt;</p>"},
	}
	for _, e := range examples {
		if !strings.Contains(Help, e.text) {
			t.Errorf("Help has no example %q", e.text)
		}
		if got := ToHTML(e.text); got != e.want {
			t.Errorf("ToHTML(%q) = %q, want %q as Help says", e.text, got, e.want)
		}
	}
}
