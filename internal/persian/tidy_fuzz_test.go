package persian

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func FuzzTidy(f *testing.F) {
	for _, c := range allTidyCases() {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Tidy(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Tidy(%q) = %q: invalid UTF-8", s, got)
		}
		if again := Tidy(got); again != got {
			t.Fatalf("Tidy not idempotent on %q:\n%q\n%q", s, got, again)
		}
		if a, b := letters(s), letters(got); !slices.Equal(a, b) {
			t.Fatalf("Tidy(%q) = %q changed the letters: %q to %q", s, got, string(a), string(b))
		}
		h := TidyHTML(s)
		if utf8.ValidString(s) && !utf8.ValidString(h) {
			t.Fatalf("TidyHTML(%q) = %q: invalid UTF-8", s, h)
		}
		if again := TidyHTML(h); again != h {
			t.Fatalf("TidyHTML not idempotent on %q:\n%q\n%q", s, h, again)
		}
		if isLatinOnly(s) {
			if want := spacesTidied(s); got != want {
				t.Fatalf("Tidy(%q) = %q changed Latin text, want %q", s, got, want)
			}
		}
	})
}

// letters returns the letters and digits of s as Tidy may not change them:
// Arabic ي ى ك read as ی ک and every digit as ASCII, tatweel left out.
func letters(s string) []rune {
	var out []rune
	for _, r := range []rune(s) {
		switch {
		case r == 'ـ':
		case r == 'ي' || r == 'ى':
			out = append(out, 'ی')
		case r == 'ك':
			out = append(out, 'ک')
		case '۰' <= r && r <= '۹':
			out = append(out, '0'+r-'۰')
		case '٠' <= r && r <= '٩':
			out = append(out, '0'+r-'٠')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			out = append(out, r)
		}
	}
	return out
}

// isLatinOnly reports text with nothing of the Arabic script and no ZWNJ,
// which Tidy must leave as it is but for its spaces.
func isLatinOnly(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return isArabicScript(r) || r == zwnj })
}

// spacesTidied does to s what Tidy does to Latin text: each line trimmed,
// tabs and runs of spaces made one space, invalid bytes made U+FFFD.
func spacesTidied(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		cr := strings.HasSuffix(l, "\r")
		l = strings.TrimSuffix(l, "\r")
		l = strings.Join(strings.FieldsFunc(string([]rune(l)), func(r rune) bool { return r == ' ' || r == '\t' }), " ")
		if cr {
			l += "\r"
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}
