package textdiff

import "testing"

func TestEquivalent(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"کتاب ها", "کتاب‌ها", true},
		{"کتابها", "کتاب‌ها", true},
		{"می شود", "می‌شود", true},
		{"علي", "علی", true},
		{"كتاب", "کتاب", true},
		{"سال 1402", "سال ۱۴۰۲", true},
		{"مسئول", "مسؤول", true},
		{"سلام ,خوبی ?", "سلام، خوبی؟", true},
		{"گفت \"آری\"", "گفت «آری»", true},
		{"خـبر", "خبر", true},
		{"کتاب", "کتب", false},
		{"سال ۱۴۰۲", "سال ۱۴۰۳", false},
		{"رفت.", "رفت؟", false},
		{"آمد", "نیامد", false},
		{"کتاب", "کتاب خوب", false},
		{"", "", true},
		{"", " ", true},
	} {
		if got := Equivalent(c.a, c.b); got != c.want {
			t.Errorf("Equivalent(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := Equivalent(c.b, c.a); got != c.want {
			t.Errorf("Equivalent(%q, %q) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
}

// TestEquivalentLabelsSpelling: the history page asks Equivalent about the
// two sides of each change.
func TestEquivalentLabelsSpelling(t *testing.T) {
	cs := Words("کتاب ها و خبر تازه", "کتاب‌ها و خبر نو")
	var labels []bool
	for i := 0; i+1 < len(cs); i++ {
		if cs[i].Op == Delete && cs[i+1].Op == Insert {
			labels = append(labels, Equivalent(cs[i].Text, cs[i+1].Text))
		}
	}
	if len(labels) != 2 || !labels[0] || labels[1] {
		t.Errorf("changes of %q: spelling = %v, want [true false]", cs, labels)
	}
}
