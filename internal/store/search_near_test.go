package store

import (
	"math/rand/v2"
	"slices"
	"testing"

	"unicode/utf8"

	"khabar/internal/persian"
)

// The index finds every term within one or two edits of a word, as a
// scan of the whole vocabulary would, whether the term was there when
// the index was built or added later.
func TestNearIndexFindsWhatAScanFinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	letters := []rune("ابپتسشرزدنمویهک")
	word := func(n int) string {
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = letters[rng.IntN(len(letters))]
		}
		return string(rs)
	}
	// A vocabulary of random words and of near spellings of them.
	df := map[string]int{}
	var base []string
	for range 400 {
		w := word(2 + rng.IntN(12))
		base = append(base, w)
		df[w] = 1 + rng.IntN(3)
	}
	for range 1500 {
		w := []rune(base[rng.IntN(len(base))])
		for range 1 + rng.IntN(2) {
			i := rng.IntN(len(w))
			switch rng.IntN(4) {
			case 0:
				if len(w) > 2 {
					w = slices.Delete(w, i, i+1)
				}
			case 1:
				w = slices.Insert(w, i, letters[rng.IntN(len(letters))])
			case 2:
				w[i] = letters[rng.IntN(len(letters))]
			case 3:
				if i+1 < len(w) {
					w[i], w[i+1] = w[i+1], w[i]
				}
			}
		}
		df[string(w)] = 1 + rng.IntN(3)
	}
	half := map[string]int{}
	var later []string
	for t, n := range df {
		if rng.IntN(2) == 0 {
			half[t] = n
		} else {
			later = append(later, t)
		}
	}
	x := newNearIndex(half)
	slices.Sort(later)
	for _, t := range later {
		x.add(t, df[t])
	}
	for i, q := range base {
		for _, maxEdits := range []int{1, 2} {
			found := map[string]bool{}
			x.candidates(q, maxEdits, func(t string) { found[t] = true })
			for term, n := range df {
				if utf8.RuneCountInString(term) < 2 {
					continue
				}
				need := persian.DistanceAtMost(q, term, maxEdits)
				if maxEdits == 2 && !persian.DistanceAtMost(q, term, 1) {
					need = need && n >= minTwoDF && utf8.RuneCountInString(term) >= minTwoLen
				}
				if need && !found[term] {
					t.Fatalf("word %d %q: %q (%d edits away) not found", i, q, term, persian.Distance(q, term))
				}
			}
		}
	}
}
