package persian

import "strings"

// marks writes , ; ? after a Persian word as ، ؛ ؟. A comma or semicolon
// must stand between Persian words (۱,۰۰۰ and a Latin list keep theirs); a
// question mark may end the line or come before more punctuation, but not
// before a Latin word or an ASCII digit.
func (t *text) marks() {
	// lastWord is the last rune that is neither a space nor punctuation a
	// question mark may follow; lastSeen is the last rune but a space.
	lastWord, lastSeen := -1, -1
	for i, c := range t.r {
		var to rune
		switch c {
		case ',':
			to = '،'
		case ';':
			to = '؛'
		case '?':
			to = '؟'
		}
		if to != 0 && t.free(i) {
			n := t.skipSpaces(i + 1)
			if c == '?' {
				if lastWord >= 0 && isPersianLetter(t.r[lastWord]) &&
					(n == len(t.r) || !isLatinLetter(t.r[n]) && !isASCIIDigit(t.r[n])) {
					t.r[i] = to
				}
			} else if lastSeen >= 0 && n < len(t.r) && isPersianLetter(t.r[lastSeen]) && isPersianLetter(t.r[n]) {
				t.r[i] = to
			}
		}
		if c != ' ' {
			lastSeen = i
			if !strings.ContainsRune("?!؟»)\"", c) {
				lastWord = i
			}
		}
	}
}

// skipSpaces returns the index of the first rune from t.r[i] on that is
// not a space, or len(t.r).
func (t *text) skipSpaces(i int) int {
	for i < len(t.r) && t.r[i] == ' ' {
		i++
	}
	return i
}

// quotes turns pairs of straight double quotes around Persian text into
// «…». The quotes of a line pair up in order, and only when there is an
// even number of them: with an odd one out, no pairing is sure. A pair
// around text holding a Latin letter, or no Persian letter, stays.
func (t *text) quotes() {
	var qs []int
	for i, c := range t.r {
		if c == '"' && t.free(i) {
			qs = append(qs, i)
		}
	}
	if len(qs)%2 != 0 {
		return
	}
	for k := 0; k < len(qs); k += 2 {
		open, closing := qs[k], qs[k+1]
		if persianOnly(t.r[open+1 : closing]) {
			t.r[open], t.r[closing] = '«', '»'
		}
	}
}

// persianOnly reports whether rs holds a Persian letter and no Latin one.
func persianOnly(rs []rune) bool {
	persian := false
	for _, r := range rs {
		switch {
		case isLatinLetter(r):
			return false
		case isPersianLetter(r):
			persian = true
		}
	}
	return persian
}
