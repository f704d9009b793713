package persian

import "testing"

func TestTypoCost(t *testing.T) {
	cost := func(typed, word string, edits int) float64 {
		t.Helper()
		c, ok := TypoCost(typed, word, edits)
		if !ok {
			t.Fatalf("TypoCost(%q, %q, %d): not within reach", typed, word, edits)
		}
		return c
	}
	if c := cost("کشور", "کشور", 1); c != 0 {
		t.Errorf("the word itself costs %v", c)
	}
	// Likelier slips cost less: a touching key (ر and ز sit side by side)
	// than a far one, a letter that sounds the same than any other.
	cheaper := []struct{ why, typed1, typed2, word string }{
		{"touching key", "وزازت", "وکازت", "وزارت"},
		{"same sound", "سابت", "کابت", "ثابت"},
		{"doubled letter", "باشگااه", "باشگاته", "باشگاه"},
		{"one of a double dropped", "منون", "ممنن", "ممنون"},
		{"swap against two replacements", "ایارن", "ایدون", "ایران"},
	}
	for _, c := range cheaper {
		a, b := cost(c.typed1, Fold(c.word), 2), cost(c.typed2, Fold(c.word), 2)
		if a >= b {
			t.Errorf("%s: %q costs %v, %q costs %v for %q", c.why, c.typed1, a, c.typed2, b, c.word)
		}
	}
	if _, ok := TypoCost("کشر", "کشور", 1); !ok {
		t.Error("a dropped letter is one edit")
	}
	if c, ok := TypoCost("کتاب", "کشور", 2); ok {
		t.Errorf("three edits away within two: %v", c)
	}
}
