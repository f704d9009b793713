package persian

import "unicode/utf8"

// Deletes returns the distinct strings obtained by deleting one rune from w,
// for a SymSpell-style typo index: a word and a misspelling one edit away
// share an entry of Deletes or the word itself. Results that would be
// empty are left out, so Deletes of a one-rune or empty w is nil.
func Deletes(w string) []string {
	n := utf8.RuneCountInString(w)
	if n < 2 {
		return nil
	}
	out := make([]string, 0, n)
	prev := -1 // start of the previous rune
	for i, r := range w {
		// Deleting either rune of a doubled pair gives the same string.
		if prev >= 0 && w[prev:i] == string(r) {
			prev = i
			continue
		}
		out = append(out, w[:i]+w[i+utf8.RuneLen(r):])
		prev = i
	}
	return out
}

// runesOf decodes s into buf when it fits, to spare an allocation.
func runesOf(s string, buf []rune) []rune {
	rs := buf[:0]
	for _, r := range s {
		rs = append(rs, r)
	}
	return rs
}

// Distance returns the Damerau–Levenshtein distance between a and b in
// runes, in its optimal string alignment form: insertions, deletions,
// substitutions and transpositions of two adjacent runes each cost 1, and no
// substring is edited twice.
func Distance(a, b string) int {
	var ab, bb [64]rune
	return osa(runesOf(a, ab[:]), runesOf(b, bb[:]), -1)
}

// DistanceAtMost reports whether Distance(a, b) <= k. It gives up as soon
// as every alignment costs more than k, which makes it much cheaper than
// Distance for the small k of typo search.
func DistanceAtMost(a, b string, k int) bool {
	if k < 0 {
		return false
	}
	if a == b {
		return true
	}
	var ab, bb [64]rune
	ra, rb := runesOf(a, ab[:]), runesOf(b, bb[:])
	if d := len(ra) - len(rb); d > k || -d > k {
		return false
	}
	return osa(ra, rb, k) <= k
}

// osa computes the optimal string alignment distance between a and b. With
// max >= 0 it may stop early and return max+1 once the distance is
// certainly larger than max.
func osa(a, b []rune, max int) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(b) == 0 {
		return len(a)
	}
	// Three rows: two back (for transpositions), previous, current.
	var stack [3 * 65]int
	var rows []int
	if w := len(b) + 1; 3*w <= len(stack) {
		rows = stack[:3*w]
	} else {
		rows = make([]int, 3*w)
	}
	w := len(b) + 1
	pp, prev, cur := rows[:w], rows[w:2*w], rows[2*w:]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, pp[j-2]+1)
			}
			cur[j] = d
			rowMin = min(rowMin, d)
		}
		if max >= 0 && rowMin > max {
			return max + 1
		}
		pp, prev, cur = prev, cur, pp
	}
	return prev[len(b)]
}

// alphabet is the folded Persian alphabet: the letters Fold can return.
var alphabet = []rune("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")

// Edits returns the distinct strings one edit from w: a rune dropped,
// two neighbours swapped, a rune replaced by or a rune inserted from the
// folded Persian alphabet. For w of n runes that is about 70n strings;
// it is meant for a query word, not for the index.
func Edits(w string) []string {
	rs := []rune(w)
	seen := map[string]bool{w: true}
	var out []string
	add := func(s []rune) {
		if t := string(s); !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	buf := make([]rune, 0, len(rs)+1)
	for i := range rs {
		add(append(append(buf[:0], rs[:i]...), rs[i+1:]...))
		if i+1 < len(rs) {
			b := append(buf[:0], rs...)
			b[i], b[i+1] = b[i+1], b[i]
			add(b)
		}
		for _, a := range alphabet {
			if a != rs[i] {
				b := append(buf[:0], rs...)
				b[i] = a
				add(b)
			}
		}
	}
	for i := 0; i <= len(rs); i++ {
		for _, a := range alphabet {
			b := append(append(append(buf[:0], rs[:i]...), a), rs[i:]...)
			add(b)
		}
	}
	return out
}
