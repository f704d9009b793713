package persian

import "math"

// The costs of the slips a reader makes typing Persian, as −ln of how
// likely each is next to typing the letter right: the noisy channel of
// a spelling corrector. A slip of the finger lands on a touching key or
// doubles a letter far more often than it brings in an unrelated one,
// and letters that sound alike (س ص ث, ز ذ ض ظ, ت ط, ه ح, ق غ, ا ع) are
// confused by writers who know the word by ear. The values were set on
// the search evaluation (bench/searcheval, the spelling kinds).
var (
	costSwap       = 3.0 // two neighbouring letters swapped
	costKey        = 3.0 // a letter replaced by one on a touching key
	costSound      = 3.5 // a letter replaced by one that sounds the same
	costSub        = 6.0 // a letter replaced by any other
	costDouble     = 2.5 // a letter typed twice
	costInsertKey  = 4.0 // an extra letter from a key touching its neighbour's
	costInsert     = 6.0 // any other extra letter
	costDropDouble = 2.5 // one of a doubled letter left out
	costDrop       = 3.0 // a letter left out
)

// soundsAlike groups the letters Persian writes for one sound.
var soundsAlike = func() map[rune]int {
	m := map[rune]int{}
	for i, g := range []string{"سصث", "زذضظ", "تط", "هح", "قغ", "اع"} {
		for _, r := range g {
			m[r] = i + 1
		}
	}
	return m
}()

func touching(a, b rune) bool {
	for _, n := range keyboardNeighbors[a] {
		if n == b {
			return true
		}
	}
	return false
}

// substitution is the cost of typing b for meant a.
func substitution(a, b rune) float64 {
	switch {
	case a == b:
		return 0
	case touching(a, b):
		return costKey
	case soundsAlike[a] != 0 && soundsAlike[a] == soundsAlike[b]:
		return costSound
	}
	return costSub
}

// insertion is the cost of the extra letter typed[k].
func insertion(typed []rune, k int) float64 {
	r := typed[k]
	prev, next := rune(-1), rune(-1)
	if k > 0 {
		prev = typed[k-1]
	}
	if k+1 < len(typed) {
		next = typed[k+1]
	}
	switch {
	case r == prev || r == next:
		return costDouble
	case prev >= 0 && touching(prev, r), next >= 0 && touching(next, r):
		return costInsertKey
	}
	return costInsert
}

// deletion is the cost of leaving out the letter word[k].
func deletion(word []rune, k int) float64 {
	if k > 0 && word[k-1] == word[k] || k+1 < len(word) && word[k+1] == word[k] {
		return costDropDouble
	}
	return costDrop
}

// TypoCost returns how unlikely it is that a reader who meant word typed
// typed, both folded: the summed costs of the likeliest slips that turn
// one into the other (0 when they are equal), and false when typed is
// more than maxEdits edits from word (see Distance), in which case the
// cost is +Inf. Its work grows with the product of the lengths: callers
// bound them.
func TypoCost(typed, word string, maxEdits int) (float64, bool) {
	if typed == word {
		return 0, true
	}
	if !DistanceAtMost(typed, word, maxEdits) {
		return math.Inf(1), false
	}
	var tb, wb [64]rune
	t, w := runesOf(typed, tb[:]), runesOf(word, wb[:])
	// Three rows, as osa keeps: two back (for swaps), previous, current.
	cols := len(w) + 1
	var stack [3 * 65]float64
	var rows []float64
	if 3*cols <= len(stack) {
		rows = stack[:3*cols]
	} else {
		rows = make([]float64, 3*cols)
	}
	pp, prev, cur := rows[:cols], rows[cols:2*cols], rows[2*cols:]
	for j := 1; j <= len(w); j++ {
		prev[j] = prev[j-1] + deletion(w, j-1)
	}
	for i := 1; i <= len(t); i++ {
		cur[0] = prev[0] + insertion(t, i-1)
		for j := 1; j <= len(w); j++ {
			c := min(
				prev[j]+insertion(t, i-1),
				cur[j-1]+deletion(w, j-1),
				prev[j-1]+substitution(w[j-1], t[i-1]))
			if i > 1 && j > 1 && t[i-1] == w[j-2] && t[i-2] == w[j-1] && t[i-1] != t[i-2] {
				c = min(c, pp[j-2]+costSwap)
			}
			cur[j] = c
		}
		pp, prev, cur = prev, cur, pp
	}
	return prev[len(w)], true
}
