package textdiff

import (
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"
)

// vocabulary is what the generated texts are made of.
var vocabulary = strings.Fields(`
دولت مجلس وزیر طرح لایحه امروز دیروز گفت کرد شد است بود تهران شهر مردم
خبر گزارش نشست رئیس سازمان برنامه اقتصاد بازار قیمت افزایش کاهش سال ماه
هفته روز درصد میلیارد تومان ریال کشور جهان منطقه آب برق گاز نفت صادرات
و در به از که این آن را با برای تا یا اما نیز کتاب‌ها می‌شود خانه‌ای،
`)

func randomText(rng *rand.Rand, words int, vocab []string) string {
	var b strings.Builder
	for i := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(vocab[rng.IntN(len(vocab))])
	}
	return b.String()
}

// edited returns text with n words replaced, inserted or deleted.
func edited(rng *rand.Rand, text string, n int) string {
	ws := strings.Fields(text)
	for range n {
		i := rng.IntN(len(ws))
		switch rng.IntN(3) {
		case 0:
			ws[i] = vocabulary[rng.IntN(len(vocabulary))]
		case 1:
			ws = append(ws[:i], append([]string{"تازه"}, ws[i:]...)...)
		case 2:
			ws = append(ws[:i], ws[i+1:]...)
		}
	}
	return strings.Join(ws, " ")
}

// TestWordsBounded: two unrelated long texts cost time in proportion to
// their length, and come back as one deletion and one insertion.
func TestWordsBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	syllables := strings.Fields("با دا را سا کا لا ما نا وا ها یا تو نی پر گل")
	var words []string
	for range 5000 {
		words = append(words, syllables[rng.IntN(len(syllables))]+syllables[rng.IntN(len(syllables))]+syllables[rng.IntN(len(syllables))])
	}
	text := func(n int) (string, string) { return randomText(rng, n, words), randomText(rng, n, words) }
	a, b := text(200000)
	sa, sb := text(200000 / scaleFactor)
	checkScales(t, "two random 200,000-word texts", func(big bool) {
		if big {
			Words(a, b)
		} else {
			Words(sa, sb)
		}
	})
	cs := Words(a, b)
	checkChunks(t, a, b, cs)
	if len(cs) > 3 {
		t.Errorf("Words on unrelated texts gave %d chunks, want the fallback", len(cs))
	}
}

// TestWordsBoundedRepetitive: a text of one word repeated, against itself
// with a change every hundred words, makes every diagonal a long snake.
func TestWordsBoundedRepetitive(t *testing.T) {
	texts := func(n int) (string, string) {
		a := strings.Repeat("و ", n)
		ws := strings.Fields(a)
		for i := 50; i < len(ws); i += 100 {
			ws[i] = "یا"
		}
		return a, strings.Join(ws, " ")
	}
	a, b := texts(200000)
	sa, sb := texts(200000 / scaleFactor)
	checkScales(t, "repetitive 200,000-word texts", func(big bool) {
		if big {
			Words(a, b)
		} else {
			Words(sa, sb)
		}
	})
	checkChunks(t, a, b, Words(a, b))
}

// scaleFactor is how much larger the large input of checkScales is.
const scaleFactor = 16

// checkScales fails unless run(true), on input scaleFactor times as
// large, takes at most eight times as long as scaleFactor calls of
// run(false): a linear cost gives about 1, a quadratic one scaleFactor.
// The best of three of each is compared, measured in turn, so a busy
// machine slows both alike; no absolute time is asserted.
func checkScales(t *testing.T, what string, run func(big bool)) {
	t.Helper()
	var best [2]time.Duration
	for range 3 {
		for i, big := range []bool{false, true} {
			runtime.GC()
			start := time.Now()
			if big {
				run(true)
			} else {
				for range scaleFactor {
					run(false)
				}
			}
			if d := time.Since(start); best[i] == 0 || d < best[i] {
				best[i] = d
			}
		}
	}
	ratio := float64(best[1]) / float64(best[0])
	t.Logf("Words on %s: %.2f times %d runs on texts %d times smaller", what, ratio, scaleFactor, scaleFactor)
	if ratio > 8 {
		t.Errorf("Words on %s takes %.1f times as long as %d runs on texts %d times smaller; want about 1, at most 8",
			what, ratio, scaleFactor, scaleFactor)
	}
}

// TestWordsSmallEdits: a story with a few edits gives a shortest script.
func TestWordsSmallEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	a := randomText(rng, 2000, vocabulary)
	b := edited(rng, a, 20)
	cs := Words(a, b)
	checkChunks(t, a, b, cs)
	changed := 0
	for _, c := range cs {
		if c.Op != Equal {
			changed += len(strings.Fields(c.Text))
		}
	}
	if changed == 0 || changed > 40 {
		t.Errorf("20 edits gave %d changed words", changed)
	}
}

func BenchmarkWords(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	x := randomText(rng, 2000, vocabulary)
	y := edited(rng, x, 20)
	b.SetBytes(int64(len(x) + len(y)))
	b.ReportAllocs()
	for b.Loop() {
		Words(x, y)
	}
}
