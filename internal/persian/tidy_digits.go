package persian

import (
	"strings"
	"unicode"
)

// digits writes ASCII digits as Persian ones in each run of digits and
// separators (1402/01/15، 12:30، 3.5) that holds no Latin letter and whose
// nearest letter, looking back first and then ahead, is Persian. A number
// with no letter around it is left alone: nothing says which script the
// line is in.
func (t *text) digits() {
	if !t.hasASCIIDigit() {
		return
	}
	before, after := t.nearestLetters()
	for i := 0; i < len(t.r); {
		if !t.free(i) || !isNumberRune(t.r[i]) {
			i++
			continue
		}
		j, ascii, latin := i, false, false
		for ; t.free(j) && isNumberRune(t.r[j]); j++ {
			ascii = ascii || isASCIIDigit(t.r[j])
			latin = latin || isLatinLetter(t.r[j])
		}
		if ascii && !latin && persianAround(before[i], after[j-1]) {
			for k := i; k < j; k++ {
				if isASCIIDigit(t.r[k]) {
					t.r[k] += '۰' - '0'
				}
			}
		}
		i = j
	}
}

// Scripts of the nearest letter, as nearestLetters records them.
const (
	noLetter = iota
	persianScript
	latinScript
)

// nearestLetters returns, for each index i, the script of the nearest
// letter before t.r[i] and of the nearest letter after it.
func (t *text) nearestLetters() (before, after []uint8) {
	before, after = make([]uint8, len(t.r)), make([]uint8, len(t.r))
	cur := uint8(noLetter)
	for i, r := range t.r {
		before[i] = cur
		cur = scriptOf(r, cur)
	}
	cur = noLetter
	for i := len(t.r) - 1; i >= 0; i-- {
		after[i] = cur
		cur = scriptOf(t.r[i], cur)
	}
	return before, after
}

// persianAround reports whether the nearest letter before a number, or
// when there is none the nearest letter after it, is Persian.
func persianAround(before, after uint8) bool {
	if before != noLetter {
		return before == persianScript
	}
	return after == persianScript
}

// scriptOf returns the script of r if it is a letter, else cur.
func scriptOf(r rune, cur uint8) uint8 {
	switch {
	case isArabicScript(r) && unicode.IsLetter(r) && r != 'ـ':
		return persianScript
	case isLatinLetter(r):
		return latinScript
	}
	return cur
}

func (t *text) hasASCIIDigit() bool {
	for _, r := range t.r {
		if isASCIIDigit(r) {
			return true
		}
	}
	return false
}

// isNumberRune reports the runes of a number or of a code mixing letters
// and digits: Latin letters, digits of any script and the separators of
// dates, times, decimals and codes.
func isNumberRune(r rune) bool {
	return isLatinLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./:+#%=,", r)
}

func isASCIIDigit(r rune) bool { return '0' <= r && r <= '9' }

// isPersianDigit reports Persian and Arabic-Indic digits.
func isPersianDigit(r rune) bool { return '۰' <= r && r <= '۹' || '٠' <= r && r <= '٩' }

// isLatinLetter reports a letter of a script other than Arabic: Latin,
// mostly, but Cyrillic and Greek are treated alike.
func isLatinLetter(r rune) bool {
	return unicode.IsLetter(r) && !isArabicScript(r)
}

func isArabicScript(r rune) bool {
	return r >= 0x600 && r <= 0x6ff || r >= 0x750 && r <= 0x77f || r >= 0x8a0 && r <= 0x8ff ||
		r >= 0xfb50 && r <= 0xfdff || r >= 0xfe70 && r <= 0xfeff
}
