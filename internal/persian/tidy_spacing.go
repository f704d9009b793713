package persian

import "unicode"

// spacing puts the spaces around punctuation where Persian typography
// wants them, collapses runs of spaces and trims the line. A closing mark
// (، ؛ . : ؟ ! ) ») takes no space before it and one after it when a word
// follows; an opening mark (« () takes no space after it before Persian
// text and one before it when glued to a Persian word. Only marks in
// Persian text are touched: ، ؛ ؟ always are, the others when the nearest
// word before them is Persian, so Latin text keeps its own spacing.
func (t *text) spacing() {
	out := text{r: make([]rune, 0, len(t.r)+8), prot: make([]bool, 0, len(t.r)+8)}
	var lastWord rune // the last rune seen that is neither a space nor a closing mark
	persian := func(i int) bool {
		return isPersianMark(t.r[i]) || isPersianRune(lastWord)
	}
	for i := 0; i < len(t.r); i++ {
		c, free := t.r[i], t.free(i)
		if c == ' ' && free {
			k := t.skipSpaces(i)
			i = k - 1
			switch {
			case len(out.r) == 0 || k == len(t.r):
			case t.free(k) && isCloser(t.r[k]) && persian(k):
			case out.lastFree() && (out.last() == '«' || out.last() == '(') && isPersianLetterOrDigit(t.r[k]):
			default:
				out.add(' ', false)
			}
			continue
		}
		if free && (c == '«' || c == '(') && out.lastFree() && isPersianLetterOrDigit(out.last()) {
			out.add(' ', false)
		}
		closer := free && isCloser(c)
		spaceAfter := closer && persian(i) && i+1 < len(t.r) && out.spaceAfter(c, t.r[i+1])
		out.add(c, !free)
		if spaceAfter {
			out.add(' ', false)
		}
		if !closer {
			lastWord = c
		}
	}
	*t = out
}

// spaceAfter reports whether the closing mark c, about to follow the runes
// of t, needs a space before next: when a word or an opening mark follows,
// and c is neither between digits (۳.۵، ۱۲:۳۰) nor the dot of a one-letter
// abbreviation (ه.ش، ق.م).
func (t *text) spaceAfter(c, next rune) bool {
	if !unicode.IsLetter(next) && !unicode.IsDigit(next) && next != '«' && next != '(' {
		return false
	}
	n := len(t.r)
	prev := t.last()
	if c != ')' && c != '»' && unicode.IsDigit(prev) && unicode.IsDigit(next) {
		return false
	}
	if c == '.' && unicode.IsLetter(prev) && unicode.IsLetter(next) &&
		(n < 2 || !unicode.IsLetter(t.r[n-2]) && t.r[n-2] != zwnj) {
		return false
	}
	return true
}

// lastFree reports whether t ends in a rune outside URLs and addresses.
func (t *text) lastFree() bool {
	return len(t.r) > 0 && !t.prot[len(t.r)-1]
}

func isCloser(r rune) bool {
	switch r {
	case '،', '؛', '.', ':', '؟', '!', ')', '»':
		return true
	}
	return false
}

// isPersianMark reports the punctuation only Persian (and Arabic) text uses.
func isPersianMark(r rune) bool { return r == '،' || r == '؛' || r == '؟' }

func isPersianLetterOrDigit(r rune) bool { return isPersianLetter(r) || isPersianDigit(r) }

func isPersianRune(r rune) bool { return isPersianLetterOrDigit(r) || isPersianMark(r) }
