package persian

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// spellingSets are spellings of one word that must share an index term.
var spellingSets = []struct {
	term      string
	spellings []string
}{
	{"گروه", []string{"گروه‌های", "گروههای", "گروه های", "گروه"}},
	{"فناوری", []string{"فناوری‌ها", "فناوریها", "فناوری ها", "فناوري‌ها"}},
	{"میشود", []string{"می‌شود", "میشود", "می شود", "مي‌شود"}},
	{"نمیتوان", []string{"نمی‌توان", "نمیتوان", "نمی توان"}},
	{"بیکار", []string{"بی‌کار", "بیکار", "بی کار"}},
	{"بزرگ", []string{"بزرگ‌ترین", "بزرگترین", "بزرگ ترین", "بزرگ‌تر", "بزرگتر", "بزرگ"}},
	{"هسته", []string{"هسته‌ای", "هستهای", "هسته ای", "هسته"}},
	{"بیانیه", []string{"بیانیه‌ای", "بیانیهای", "بیانیه"}},
	{"رسانه", []string{"رسانه‌ها", "رسانهها", "رسانه ها", "رسانه‌های"}},
	{"رییس", []string{"رئیس", "رییس", "رئيس"}},
	{"مسول", []string{"مسئولان", "مسؤولان", "مسوولان", "مسئول"}},
	{"کتاب", []string{"کتاب‌ها", "کتابها", "كتاب‌هایی", "کتاب ها", "کتاب"}},
}

func terms(text string) []string {
	var out []string
	for _, tok := range Tokens(text) {
		out = append(out, tok.Term)
	}
	return out
}

func TestSpellingsShareTerm(t *testing.T) {
	for _, set := range spellingSets {
		for _, s := range set.spellings {
			if got := terms(s); !slices.Contains(got, set.term) {
				t.Errorf("Tokens(%q) = %q, want it to hold %q", s, got, set.term)
			}
		}
	}
}

func TestTestStringsHoldZWNJ(t *testing.T) {
	// Guards against an editor that silently drops ZWNJ from this file.
	for _, s := range []string{spellingSets[0].spellings[0], spellingSets[2].spellings[0]} {
		if !strings.Contains(s, "\u200c") {
			t.Fatalf("test string %q lost its ZWNJ", s)
		}
	}
}

func TestTokens(t *testing.T) {
	cases := []struct {
		in   string
		want []Token
	}{
		{"", nil},
		{"، . ؟", nil},
		{"این خبر را در تهران منتشر کرد.", []Token{{"خبر", 1}, {"تهران", 4}, {"منتشر", 5}, {"کرد", 6}}},
		{"گروه‌های فناوری", []Token{{"گروه", 0}, {"فناوری", 1}}},
		// A space-separated affix shares the position of its word, so every
		// spelling of the phrase has the same positions.
		{"گروه های فناوری", []Token{{"گروه", 0}, {"فناوری", 1}}},
		{"آنها می‌خواهند", []Token{{"میخواهند", 1}, {"خواهند", 1}}},
		{"آن ها می خواهند", []Token{{"میخواهند", 1}, {"خواهند", 1}}},
		{"دانشجویان ۲۰ دانشگاه", []Token{{"دانشجو", 0}, {"20", 1}, {"دانشگاه", 2}}},
		{"ICT روستایی", []Token{{"ict", 0}, {"روستا", 1}}},
		{"کد خبر:۱۰۱۸۷۰", []Token{{"کد", 0}, {"خبر", 1}, {"101870", 2}}},
	}
	for _, c := range cases {
		if got := Tokens(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Tokens(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestAppendTermsMatchesTokens(t *testing.T) {
	dst := AppendTerms([]string{"x"}, sampleNews)
	if dst[0] != "x" {
		t.Fatal("AppendTerms overwrote dst")
	}
	want := terms(sampleNews)
	if !slices.Equal(dst[1:], want) {
		t.Errorf("AppendTerms differs from Tokens:\n%q\n%q", dst[1:], want)
	}
}

var stemCases = []struct{ in, want string }{
	{"کتاب‌ها", "کتاب"},
	{"کتابها", "کتاب"},
	{"خبرها", "خبر"},
	{"خبرهای", "خبر"},
	{"کتابهایی", "کتاب"},
	{"کتابهایشان", "کتاب"},
	{"گروههای", "گروه"},
	{"بزرگترین", "بزرگ"},
	{"بزرگتر", "بزرگ"},
	{"بهترین", "بهتر"},
	{"بهتر", "بهتر"},
	{"ارتباطات", "ارتباط"},
	{"اطلاعات", "اطلاع"},
	{"دانشجویان", "دانشجو"},
	{"دانشجویی", "دانشجو"},
	{"آقایان", "اقا"},
	{"ایرانیان", "ایرانی"},
	{"کارگران", "کارگر"},
	{"نمایندگان", "نماینده"},
	{"دوستان", "دوست"},
	{"ایران", "ایران"},
	{"ایرانها", "ایران"},
	{"تهران", "تهران"},
	{"کرمان", "کرمان"},
	{"اصفهان", "اصفهان"},
	{"زمان", "زمان"},
	{"جوان", "جوان"},
	{"انسان", "انسان"},
	{"میدان", "میدان"},
	{"خیابان", "خیابان"},
	{"پایان", "پایان"},
	{"قهرمان", "قهرمان"},
	{"قهرمانها", "قهرمان"},
	{"دفتر", "دفتر"},
	{"کبوتر", "کبوتر"},
	{"دختران", "دختر"},
	{"استان", "استان"},
	{"بیمارستان", "بیمارستان"},
	{"حیات", "حیات"},
	{"تنها", "تنها"},
	{"نهایت", "نهایت"},
	{"بینهایت", "بینهایت"},
	{"ict", "ict"},
	{"2023", "2023"},
}

func TestStem(t *testing.T) {
	for _, c := range stemCases {
		in := strings.ReplaceAll(Fold(c.in), "\u200c", "")
		if got := Stem(in); got != Fold(c.want) {
			t.Errorf("Stem(%q) = %q, want %q", in, got, Fold(c.want))
		}
	}
}

func TestStopWords(t *testing.T) {
	for _, w := range []string{"و", "در", "به", "از", "که", "این", "آن", "را", "با", "برای", "است", "آنها", "ها", "می"} {
		if !IsStopWord(Fold(w)) {
			t.Errorf("IsStopWord(%q) = false", w)
		}
	}
	for _, w := range []string{"خبر", "ایران", "کتاب", "رییس"} {
		if IsStopWord(Fold(w)) {
			t.Errorf("IsStopWord(%q) = true", w)
		}
	}
	if got := terms("این است که از آن و در به را با برای"); got != nil {
		t.Errorf("stop words indexed: %q", got)
	}
}

func TestQueryWords(t *testing.T) {
	cases := []struct {
		q    string
		want []QueryWord
	}{
		{"", nil},
		{"اخبار ایران", []QueryWord{{"اخبار", []string{"اخبار"}}, {"ایران", []string{"ایران"}}}},
		{"گروه های فناوری", []QueryWord{{"گروه های", []string{"گروه"}}, {"فناوری", []string{"فناوری"}}}},
		{"رئيس جمهور", []QueryWord{{"رئيس", []string{"رییس"}}, {"جمهور", []string{"جمهور"}}}},
		{"می‌خواهند", []QueryWord{{"می‌خواهند", []string{"میخواهند", "خواهند"}}}},
		{"میخواهند", []QueryWord{{"میخواهند", []string{"میخواهند", "خواهند"}}}},
		{"میزبان", []QueryWord{{"میزبان", []string{"میزبان"}}}},
		{"هستهای", []QueryWord{{"هستهای", []string{"هستهای", "هسته"}}}},
		{"خبر در تهران", []QueryWord{{"خبر", []string{"خبر"}}, {"تهران", []string{"تهران"}}}},
		{"این است", []QueryWord{{"این", []string{"این"}}, {"است", []string{"است"}}}},
	}
	for _, c := range cases {
		got := QueryWords(c.q)
		if !slices.EqualFunc(got, c.want, func(a, b QueryWord) bool {
			return a.Text == b.Text && slices.Equal(a.Terms, b.Terms)
		}) {
			t.Errorf("QueryWords(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

func TestQueryMatchesIndex(t *testing.T) {
	// Every spelling, typed as a query, finds every spelling in a text.
	for _, set := range spellingSets {
		for _, q := range set.spellings {
			qw := QueryWords(q)
			if len(qw) != 1 {
				t.Errorf("QueryWords(%q) = %q, want one word", q, qw)
				continue
			}
			for _, text := range set.spellings {
				idx := terms(text)
				found := slices.ContainsFunc(qw[0].Terms, func(s string) bool { return slices.Contains(idx, s) })
				if !found {
					t.Errorf("query %q (%q) misses text %q (%q)", q, qw[0].Terms, text, idx)
				}
			}
		}
	}
}

func FuzzTokens(f *testing.F) {
	for _, s := range allTestStrings() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks := Tokens(s)
		last := 0
		for _, tok := range toks {
			if tok.Term == "" || strings.ContainsAny(tok.Term, " \u200c") || tok.Pos < last {
				t.Fatalf("Tokens(%q): bad token %v", s, tok)
			}
			last = tok.Pos
		}
		_ = QueryWords(s)
		_ = TidyText(s)
	})
}

// FuzzQueryWords: whatever a reader types into the search box,
// QueryWords never panics, gives terms of valid UTF-8 without spaces,
// and a query of its own words' texts gives the same terms.
func FuzzQueryWords(f *testing.F) {
	for _, s := range allTestStrings() {
		f.Add(s)
	}
	f.Add(`"نفت" OR -گاز site:example.ir کتاب‌ها می شود`)
	f.Fuzz(func(t *testing.T, q string) {
		for _, w := range QueryWords(q) {
			for _, term := range w.Terms {
				if term == "" || !utf8.ValidString(term) || strings.ContainsAny(term, " \u200c") {
					t.Fatalf("QueryWords(%q): bad term %q of %q", q, term, w.Text)
				}
			}
		}
	})
}
