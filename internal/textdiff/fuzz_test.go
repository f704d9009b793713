package textdiff

import "testing"

func FuzzWords(f *testing.F) {
	for _, c := range wordCases {
		f.Add(c.a, c.b)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		checkChunks(t, a, b, Words(a, b))
		checkChunks(t, a, b, Lines(a, b))
		if a == b && !Equivalent(a, b) {
			t.Fatalf("Equivalent(%q, itself) = false", a)
		}
	})
}
