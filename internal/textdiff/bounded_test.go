package textdiff

import (
	"math/rand/v2"
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

// TestWordsBounded: two unrelated long texts cost bounded time, and come
// back as one deletion and one insertion.
func TestWordsBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	syllables := strings.Fields("با دا را سا کا لا ما نا وا ها یا تو نی پر گل")
	var words []string
	for range 5000 {
		words = append(words, syllables[rng.IntN(len(syllables))]+syllables[rng.IntN(len(syllables))]+syllables[rng.IntN(len(syllables))])
	}
	a := randomText(rng, 200000, words)
	b := randomText(rng, 200000, words)
	start := time.Now()
	cs := Words(a, b)
	d := time.Since(start)
	t.Logf("Words on two random 200,000-word texts: %v", d)
	if d > time.Second {
		t.Errorf("Words on two random 200,000-word texts took %v", d)
	}
	checkChunks(t, a, b, cs)
	if len(cs) > 3 {
		t.Errorf("Words on unrelated texts gave %d chunks, want the fallback", len(cs))
	}
}

// TestWordsBoundedRepetitive: a text of one word repeated, against itself
// with a change every hundred words, makes every diagonal a long snake.
func TestWordsBoundedRepetitive(t *testing.T) {
	a := strings.Repeat("و ", 200000)
	ws := strings.Fields(a)
	for i := 50; i < len(ws); i += 100 {
		ws[i] = "یا"
	}
	b := strings.Join(ws, " ")
	start := time.Now()
	cs := Words(a, b)
	d := time.Since(start)
	t.Logf("Words on repetitive 200,000-word texts: %v", d)
	if d > time.Second {
		t.Errorf("Words on repetitive texts took %v", d)
	}
	checkChunks(t, a, b, cs)
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
