package markup

import (
	"strings"
	"testing"
	"time"
)

// hugeInputs are 1 MiB texts built to make a careless parser quadratic:
// long runs of delimiters that never close, or close at the very end.
func hugeInputs() map[string]string {
	const size = 1 << 20
	fill := func(unit string) string { return strings.Repeat(unit, size/len(unit)) }
	return map[string]string{
		"asterisks":             fill("*"),
		"spaced asterisks":      fill("* "),
		"asterisk words":        fill("*a "),
		"bold openers":          fill("**a "),
		"bold closers":          fill("a** "),
		"brackets":              fill("["),
		"brackets then a link":  fill("[") + "](https://example.ir)",
		"bracket asterisks":     fill("[*"),
		"bracket bold":          fill("[**a"),
		"closing brackets":      fill("]("),
		"link openers":          fill("[a](https://example.ir/"),
		"links":                 fill("[a](https://example.ir) "),
		"nested quote markers":  fill(">"),
		"spaced quote markers":  fill("> "),
		"quote lines":           fill(">\n"),
		"backslashes":           fill(`\`),
		"escapes":               fill(`\*`),
		"hashes":                fill("#"),
		"items":                 fill("- "),
		"item lines":            fill("- ا\n"),
		"line breaks":           fill("\n"),
		"carriage returns":      fill("\r"),
		"numbered lines":        fill("۱. ب\n"),
		"bold italic runs":      fill("***a**"),
		"one long Persian line": fill("خبر "),
	}
}

// TestLinearTime checks that ToHTML, and FromHTML on what it writes, read
// each huge input in well under a second.
func TestLinearTime(t *testing.T) {
	limit := time.Second
	if raceDetector {
		limit *= 10
	}
	for name, text := range hugeInputs() {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			body := ToHTML(text)
			toHTML := time.Since(start)
			start = time.Now()
			FromHTML(body)
			fromHTML := time.Since(start)
			t.Logf("ToHTML %v, FromHTML %v (%d bytes of HTML)", toHTML, fromHTML, len(body))
			if toHTML > limit || fromHTML > limit {
				t.Errorf("ToHTML took %v, FromHTML %v; want under %v", toHTML, fromHTML, limit)
			}
		})
	}
}
