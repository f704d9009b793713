package textdiff

import (
	"math/rand/v2"
	"testing"
)

// lcs is the textbook quadratic longest common subsequence length.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// TestScriptShortest: on small inputs the script keeps a longest common
// subsequence and applies to a to give b.
func TestScriptShortest(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	alphabet := []string{"و", "در", "به", "از", "که"}
	gen := func() []string {
		s := make([]string, rng.IntN(12))
		for i := range s {
			s[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return s
	}
	for range 20000 {
		a, b := gen(), gen()
		ops := script(a, b)
		var got []string
		i, j, kept := 0, 0, 0
		for _, op := range ops {
			switch op {
			case Equal:
				if a[i] != b[j] {
					t.Fatalf("script(%q, %q) = %v keeps %q as %q", a, b, ops, a[i], b[j])
				}
				got = append(got, a[i])
				i, j, kept = i+1, j+1, kept+1
			case Delete:
				i++
			case Insert:
				got = append(got, b[j])
				j++
			}
		}
		if i != len(a) || j != len(b) || len(got) != len(b) {
			t.Fatalf("script(%q, %q) = %v does not cover both", a, b, ops)
		}
		if want := lcs(a, b); kept != want {
			t.Fatalf("script(%q, %q) = %v keeps %d, want %d", a, b, ops, kept, want)
		}
	}
}

// TestMyersGivesUp: past the cost bound, myers reports it, and script
// falls back to one deletion and one insertion between the common ends.
func TestMyersGivesUp(t *testing.T) {
	a := []string{"سر", "یک", "دو", "سه", "ته"}
	b := []string{"سر", "چهار", "پنج", "ته"}
	if _, ok := myers(a[1:4], b[1:3], 2, maxWork); ok {
		t.Errorf("myers with cost bound 2 found a script of cost 5")
	}
	if _, ok := myers(a[1:4], b[1:3], 5, maxWork); !ok {
		t.Errorf("myers with cost bound 5 found no script")
	}
	if _, ok := myers(a[1:4], b[1:3], 5, 1); ok {
		t.Errorf("myers with no work left found a script")
	}
}
