package persian

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// foldCases pairs spellings that must fold alike; want is the folded form.
var foldCases = []struct {
	rule string
	in   []string
	want string
}{
	{"Arabic yeh and kaf", []string{"كتاب يك", "کتاب یک"}, "کتاب یک"},
	{"alef maksura", []string{"مصطفى", "مصطفي", "مصطفی"}, "مصطفی"},
	{"teh marbuta", []string{"مدرسة", "مدرسه"}, "مدرسه"},
	{"heh with yeh above", []string{"خانۀ ما", "خانهٔ ما", "خانه ما"}, "خانه ما"},
	{"hamza on alef", []string{"تأثیر", "تاثیر"}, "تاثیر"},
	{"hamza under alef", []string{"إسلام", "اسلام"}, "اسلام"},
	{"alef madda", []string{"آب", "اب"}, "اب"},
	{"alef wasla", []string{"ٱلله", "الله"}, "الله"},
	{"waw hamza", []string{"مؤسسه", "موسسه"}, "موسسه"},
	{"waw hamza before vowel", []string{"رؤیا", "رویا"}, "رویا"},
	{"yeh seat before yeh", []string{"رئیس", "رییس", "رئيس"}, "رییس"},
	{"yeh seat, combining hamza", []string{"رئیس", "ری\u0654یس", "ري\u0654يس"}, "رییس"},
	{"yeh seat after alef", []string{"پائیز", "پاییز"}, "پاییز"},
	{"yeh seat, broken plural", []string{"مسائل", "مسایل"}, "مسایل"},
	{"yeh seat before yeh, adjective", []string{"جزئی", "جزیی"}, "جزیی"},
	{"seat before waw and consonant", []string{"مسئول", "مسؤول", "مسوول"}, "مسول"},
	{"seat before waw and alef", []string{"سئوال", "سؤال", "سوال"}, "سوال"},
	{"seat before final waw", []string{"ویدئو", "ویدیو"}, "ویدیو"},
	{"seat between consonants", []string{"مسئله", "مسأله", "مساله"}, "مساله"},
	{"seat after yeh, before consonant", []string{"هیئت", "هیأت", "هیات"}, "هیات"},
	{"seat before alef", []string{"تئاتر", "تآتر", "تاتر"}, "تاتر"},
	{"final seat like hamza", []string{"شیئ", "شیء", "شی"}, "شی"},
	{"standalone hamza", []string{"اجزاء", "اجزا"}, "اجزا"},
	{"doubled waw", []string{"داوود", "داود"}, "داود"},
	{"harakat", []string{"مُحَمَّد", "محمد"}, "محمد"},
	{"tanvin", []string{"فوراً", "فورا"}, "فورا"},
	{"superscript alef", []string{"رحمٰن", "رحمن"}, "رحمن"},
	{"tatweel", []string{"خـــبر", "خبر"}, "خبر"},
	{"Persian digits", []string{"۱۴۰۲/۰۸/۰۴", "1402/08/04"}, "1402/08/04"},
	{"Arabic-Indic digits", []string{"٢٠٢٣", "2023"}, "2023"},
	{"Latin case", []string{"ICT", "ict"}, "ict"},
	{"NFC", []string{"Cafe\u0301", "Café", "CAFÉ"}, "café"},
	{"presentation forms", []string{"\ufedb\ufe98\ufe8e\ufe8f", "کتاب"}, "کتاب"},
	{"invisible marks", []string{"خبر\u200fگزاری", "خبرگزاری"}, "خبرگزاری"},
	{"ZWNJ kept", []string{"می‌شود"}, "می‌شود"},
}

func TestFold(t *testing.T) {
	for _, c := range foldCases {
		for _, in := range c.in {
			if got := Fold(in); got != c.want {
				t.Errorf("%s: Fold(%q) = %q, want %q", c.rule, in, got, c.want)
			}
		}
	}
}

func TestFoldKeepsDistinctWords(t *testing.T) {
	for _, p := range [][2]string{
		{"رئال", "ریال"}, // Real Madrid is not the rial
		{"کتاب", "کتب"},
		{"شهر", "شهرها"},
	} {
		if Fold(p[0]) == Fold(p[1]) {
			t.Errorf("Fold(%q) == Fold(%q) = %q", p[0], p[1], Fold(p[0]))
		}
	}
}

// allTestStrings gathers every string the tests use.
func allTestStrings() []string {
	var all []string
	for _, c := range foldCases {
		all = append(all, c.in...)
		all = append(all, c.want)
	}
	for _, set := range spellingSets {
		all = append(all, set.spellings...)
	}
	for _, c := range stemCases {
		all = append(all, c.in, c.want)
	}
	for _, c := range tidyCases {
		all = append(all, c.in, c.want)
	}
	return append(all, sampleNews)
}

func TestFoldIdempotent(t *testing.T) {
	all := allTestStrings()
	check := func(s string) {
		t.Helper()
		f := Fold(s)
		if ff := Fold(f); ff != f {
			t.Errorf("Fold not idempotent on %q: %q then %q", s, f, ff)
		}
		if !utf8.ValidString(f) {
			t.Errorf("Fold(%q) is not valid UTF-8", s)
		}
	}
	for _, s := range all {
		check(s)
	}
	// Fuzz-ish: glue pairs of strings and pairs of runes from them, so that
	// every rule meets every neighbour.
	for i, a := range all {
		check(a + all[(i*7+3)%len(all)])
	}
	var runes []rune
	for _, s := range all {
		runes = append(runes, []rune(s)...)
	}
	runes = append(runes, 'ئ', 'ؤ', 'ء', '\u0654', '\u064e', 'ـ', '\u200c', 'و', 'ا', 'ی')
	for i, a := range runes {
		for _, b := range runes[i%17:][:min(40, len(runes)-i%17)] {
			check(string([]rune{a, b, 'ئ', b, a}))
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range allTestStrings() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		a := Fold(s)
		if !utf8.ValidString(a) {
			t.Fatalf("Fold(%q) = %q, not UTF-8", s, a)
		}
		if b := Fold(a); a != b {
			t.Errorf("Fold(%q) = %q, Fold again = %q", s, a, b)
		}
	})
}

func TestFoldNoAllocWhenFolded(t *testing.T) {
	s := "خبرگزاری کار ایران"
	if n := testing.AllocsPerRun(100, func() { _ = Fold(s) }); n != 0 {
		t.Errorf("Fold of folded text: %v allocations, want 0", n)
	}
}

func TestFoldLongText(t *testing.T) {
	long := strings.Repeat("رئيس مسئول كتاب‌ها ", 50)
	want := strings.Repeat("رییس مسول کتاب‌ها ", 50)
	if got := Fold(long); got != want {
		t.Errorf("Fold(long) = %q…", got[:60])
	}
}
