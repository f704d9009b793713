package persian

import (
	"slices"
	"testing"
)

func TestKeyboardNeighbors(t *testing.T) {
	cases := []struct {
		r    rune
		want string
	}{
		{'ی', "سبثقطز"}, // the D key: S F E R X C
		{'ض', "صش"},     // the Q key, a corner
		{'ا', "لتغعذد"}, // the H key: G J Y U B N
		{'و', "پنم"},    // the comma key: M K L
		{'ژ', "زطریب"},  // Shift+C: ز and its neighbours
		{'ي', "یسبثقطز"},
		{'1', ""},
	}
	for _, c := range cases {
		got := KeyboardNeighbors(c.r)
		want := []rune(c.want)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("KeyboardNeighbors(%q) = %q, want %q", c.r, string(got), string(want))
		}
	}
	n := KeyboardNeighbors('ی')
	n[0] = 'x'
	if KeyboardNeighbors('ی')[0] == 'x' {
		t.Error("KeyboardNeighbors returned shared storage")
	}
}

func TestDeletes(t *testing.T) {
	cases := []struct {
		w    string
		want []string
	}{
		{"", nil},
		{"و", nil},
		{"خبر", []string{"بر", "خر", "خب"}},
		{"الله", []string{"لله", "اله", "الل"}},
	}
	for _, c := range cases {
		got := Deletes(c.w)
		if !slices.Equal(got, c.want) {
			t.Errorf("Deletes(%q) = %q, want %q", c.w, got, c.want)
		}
	}
}

var distanceCases = []struct {
	a, b string
	want int
}{
	{"", "", 0},
	{"", "خبر", 3},
	{"کتاب", "کتاب", 0},
	{"کتاب", "کتب", 1},
	{"کتاب", "کاتب", 1}, // transposition
	{"خبرگزاری", "خبرگذاری", 1},
	{"ایران", "ایرن", 1},
	{"تهران", "طهران", 1},
	{"دانشگاه", "دانشکده", 2},
	{"ca", "abc", 3}, // optimal string alignment, not full Damerau
	{"خبر", "اخبار", 2},
}

func TestDistance(t *testing.T) {
	for _, c := range distanceCases {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.b, c.a, got, c.want)
		}
		for k := 0; k <= 4; k++ {
			if got := DistanceAtMost(c.a, c.b, k); got != (c.want <= k) {
				t.Errorf("DistanceAtMost(%q, %q, %d) = %v", c.a, c.b, k, got)
			}
		}
	}
	long := string(make([]rune, 100))
	if d := Distance(long, long+"ب"); d != 1 {
		t.Errorf("Distance on long strings = %d", d)
	}
}

func TestEdits(t *testing.T) {
	edits := Edits("کتاب")
	// dropped, swapped, replaced, inserted
	for _, w := range []string{"کاب", "تکاب", "کباب", "کتابی", "اکتاب"} {
		if !slices.Contains(edits, w) {
			t.Errorf("Edits(کتاب) lacks %q", w)
		}
	}
	if slices.Contains(edits, "کتاب") {
		t.Error("Edits(کتاب) holds the word itself")
	}
	for _, e := range edits {
		if Distance(e, "کتاب") != 1 {
			t.Errorf("%q is not one edit from کتاب", e)
		}
	}
}
