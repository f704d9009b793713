package persian

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// tidyPieces are the bits random lines are made of: words and affixes Tidy
// has rules for, punctuation, digits, Latin words, addresses and spaces.
var tidyPieces = strings.Fields(`
می نمی میشود نمیتوان میز میدان میدانی کتاب ها های هایی گروه خانه
بزرگ بزرگتر تر ترین ساده دختر بیشتر گفته اند ام اش ای راه هسته علي ك
ـ ، ؛ ؟ . : ! ( ) « » , ; ? " ' - / % 1402 12:30 3.5 ۱۴۰۲ ١٢ COVID-19
F-16 ISO 9001 Hello world e.g. ه.ش https://example.com/a_(1) www.x.ir
a@b.ir @ ة ى x 2024. سلام.2024 کجا?! میگفتند سادهتر همه ک ۳.۵ 	 
 ‌
`)

func randomTidyLine(rng *rand.Rand) string {
	var b strings.Builder
	for n := rng.IntN(12); n >= 0; n-- {
		b.WriteString(tidyPieces[rng.IntN(len(tidyPieces))])
		switch rng.IntN(8) {
		case 0:
		case 1:
			b.WriteString("  ")
		case 2:
			b.WriteString("\n")
		case 3:
			b.WriteString("\t")
		case 4:
			b.WriteString("\r\n")
		default:
			b.WriteString(" ")
		}
	}
	return b.String()
}

func TestTidyRandomLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n := 30000
	if testing.Short() {
		n = 3000
	}
	for range n {
		s := randomTidyLine(rng)
		got := Tidy(s)
		if again := Tidy(got); again != got {
			t.Fatalf("Tidy not idempotent on %q:\n%q\n%q", s, got, again)
		}
		if !slices.Equal(letters(s), letters(got)) {
			t.Fatalf("Tidy(%q) = %q changed the letters", s, got)
		}
	}
}
