package markup

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// hugeInputs are texts of about size bytes built to make a careless
// parser quadratic: long runs of delimiters that never close, or close
// at the very end.
func hugeInputs(size int) map[string]string {
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

// TestLinearTime checks that ToHTML, and FromHTML on what it writes, take
// time in proportion to the input: sixty-four runs on an 8 KiB text cost
// about what one run on a 512 KiB text does, where a quadratic parser
// would take sixty-four times as long on the large one. Compared as a ratio
// of two measurements taken side by side, with the best of three, a busy
// machine slows both alike; no absolute time is asserted.
func TestLinearTime(t *testing.T) {
	const small, factor = 8 << 10, 64
	smalls, bigs := hugeInputs(small), hugeInputs(small*factor)
	for name := range bigs {
		t.Run(name, func(t *testing.T) {
			ratio := scaling(factor, func(big bool) {
				text := smalls[name]
				if big {
					text = bigs[name]
				}
				FromHTML(ToHTML(text))
			})
			t.Logf("one 512 KiB run takes %.2f times sixty-four 8 KiB runs", ratio)
			if ratio > 24 {
				t.Errorf("one run on 512 KiB takes %.1f times as long as sixty-four runs on 8 KiB; want about 1 (linear), at most 24", ratio)
			}
		})
	}
}

// scaling returns how much longer run(true), on input factor times as
// large, takes than factor calls of run(false): about 1 when the work is
// linear, factor when it is quadratic. The best of three of each is
// compared, the two measured in turn, each after a collection.
func scaling(factor int, run func(big bool)) float64 {
	var best [2]time.Duration
	for range 3 {
		for i, big := range []bool{false, true} {
			runtime.GC()
			start := time.Now()
			if big {
				run(true)
			} else {
				for range factor {
					run(false)
				}
			}
			if d := time.Since(start); best[i] == 0 || d < best[i] {
				best[i] = d
			}
		}
	}
	return float64(best[1]) / float64(best[0])
}
