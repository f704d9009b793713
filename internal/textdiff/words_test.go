package textdiff

import (
	"slices"
	"strings"
	"testing"
)

var wordCases = []struct {
	name string
	a, b string
	want []Chunk
}{
	{"same", "باران آمد.", "باران آمد.", []Chunk{{Equal, "باران آمد."}}},
	{"both empty", "", "", nil},
	{"all new", "", "خبر تازه", []Chunk{{Insert, "خبر تازه"}}},
	{"all gone", "خبر کهنه", "", []Chunk{{Delete, "خبر کهنه"}}},
	{"word replaced",
		"دولت طرح تازه را تصویب کرد.", "دولت طرح نو را تصویب کرد.",
		[]Chunk{{Equal, "دولت طرح "}, {Delete, "تازه "}, {Insert, "نو "}, {Equal, "را تصویب کرد."}}},
	{"word inserted",
		"وزیر امروز به تهران رفت.", "وزیر امروز صبح به تهران رفت.",
		[]Chunk{{Equal, "وزیر امروز "}, {Insert, "صبح "}, {Equal, "به تهران رفت."}}},
	{"word deleted",
		"وزیر امروز صبح به تهران رفت.", "وزیر امروز به تهران رفت.",
		[]Chunk{{Equal, "وزیر امروز "}, {Delete, "صبح "}, {Equal, "به تهران رفت."}}},
	{"last word added",
		"نشست پایان یافت", "نشست پایان یافت.  نتیجه",
		[]Chunk{{Equal, "نشست پایان "}, {Delete, "یافت"}, {Insert, "یافت.  نتیجه"}}},
	{"sentence moved",
		"باران آمد. مردم شاد شدند.", "مردم شاد شدند. باران آمد.",
		[]Chunk{{Delete, "باران آمد. "}, {Equal, "مردم شاد شدند."}, {Insert, " باران آمد."}}},
	{"ZWNJ added",
		"کتاب ها رسید.", "کتاب‌ها رسید.",
		[]Chunk{{Delete, "کتاب ها "}, {Insert, "کتاب‌ها "}, {Equal, "رسید."}}},
	{"Arabic yeh made Persian",
		"علي به خانه رفت.", "علی به خانه رفت.",
		[]Chunk{{Delete, "علي "}, {Insert, "علی "}, {Equal, "به خانه رفت."}}},
	{"punctuation stays with its word",
		"گفت: نه.", "گفت: آری.",
		[]Chunk{{Equal, "گفت: "}, {Delete, "نه."}, {Insert, "آری."}}},
	{"spacing changed",
		"سلام  دنیا", "سلام دنیا",
		[]Chunk{{Equal, "سلام"}, {Delete, "  "}, {Insert, " "}, {Equal, "دنیا"}}},
	{"line break kept",
		"بند یکم.\nبند دوم.", "بند یکم.\nبند سوم.",
		[]Chunk{{Equal, "بند یکم.\nبند "}, {Delete, "دوم."}, {Insert, "سوم."}}},
	{"leading space",
		" خبر", "خبر",
		[]Chunk{{Delete, " "}, {Equal, "خبر"}}},
}

func TestWords(t *testing.T) {
	for _, c := range wordCases {
		t.Run(c.name, func(t *testing.T) {
			got := Words(c.a, c.b)
			if !slices.Equal(got, c.want) {
				t.Errorf("Words(%q, %q)\n got %q\nwant %q", c.a, c.b, got, c.want)
			}
			checkChunks(t, c.a, c.b, got)
		})
	}
}

// checkChunks checks what every diff promises: the two texts come back,
// no chunk is empty and neighbours differ in kind.
func checkChunks(t *testing.T, a, b string, cs []Chunk) {
	t.Helper()
	var oldText, newText strings.Builder
	for i, c := range cs {
		if c.Text == "" {
			t.Errorf("chunk %d is empty: %q", i, cs)
		}
		if i > 0 && cs[i-1].Op == c.Op {
			t.Errorf("chunks %d and %d are both %v: %q", i-1, i, c.Op, cs)
		}
		if i > 0 && cs[i-1].Op == Insert && c.Op == Delete {
			t.Errorf("chunk %d: an insertion before a deletion: %q", i, cs)
		}
		if c.Op != Insert {
			oldText.WriteString(c.Text)
		}
		if c.Op != Delete {
			newText.WriteString(c.Text)
		}
	}
	if oldText.String() != a || newText.String() != b {
		t.Errorf("chunks %q give back %q and %q, want %q and %q", cs, oldText.String(), newText.String(), a, b)
	}
}

func TestLines(t *testing.T) {
	a := "بند یکم\nبند دوم\nبند سوم\n"
	b := "بند یکم\nبند دوم با تغییر\nبند سوم\nبند چهارم"
	want := []Chunk{
		{Equal, "بند یکم\n"},
		{Delete, "بند دوم\n"},
		{Insert, "بند دوم با تغییر\n"},
		{Equal, "بند سوم\n"},
		{Insert, "بند چهارم"},
	}
	got := Lines(a, b)
	if !slices.Equal(got, want) {
		t.Errorf("Lines\n got %q\nwant %q", got, want)
	}
	checkChunks(t, a, b, got)
	for _, c := range wordCases {
		checkChunks(t, c.a, c.b, Lines(c.a, c.b))
	}
}

func TestOpString(t *testing.T) {
	for op, want := range map[Op]string{Equal: "equal", Insert: "insert", Delete: "delete", 7: "Op(7)"} {
		if got := op.String(); got != want {
			t.Errorf("Op(%d).String() = %q, want %q", op, got, want)
		}
	}
}
