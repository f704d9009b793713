package persian

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const (
	zwnj       = '\u200c'
	hamzaAbove = '\u0654'
	zwnjLen    = 3 // bytes of ZWNJ in UTF-8
)

// arabicFold maps U+0600–U+06FF: 0 keeps the rune, -1 drops it, anything else
// replaces it. ئ and the yeh forms that may carry a hamza are handled in
// appendFold, which looks at their neighbours.
var arabicFold = buildArabicFold()

func buildArabicFold() (t [0x100]rune) {
	for i := range t {
		if unicode.IsMark(rune(0x600 + i)) {
			t[i] = -1 // harakat, U+0670 and Quranic marks
		}
	}
	set := func(to rune, from ...rune) {
		for _, f := range from {
			t[f-0x600] = to
		}
	}
	set(-1, 'ء', 'ـ', '\u061c', '\u0674')
	set('ا', 'آ', 'أ', 'إ', 'ٱ', '\u0672', '\u0673', '\u0675')
	set('و', 'ؤ', '\u0676', '\u0677')
	set('ی', 'ئ', 'ي', 'ى', '\u063d', '\u063e', '\u063f', '\u0678',
		'\u06cd', '\u06ce', '\u06d0', '\u06d1', '\u06d2', '\u06d3')
	set('ه', 'ة', 'ۀ', '\u06be', '\u06c1', '\u06c2', '\u06c3', '\u06d5')
	set('ک', 'ك', '\u06aa')
	for d := rune(0); d < 10; d++ {
		t[0x60+d] = '0' + d
		t[0xf0+d] = '0' + d
	}
	return t
}

// isIgnorable reports invisible format characters that sneak into words
// when text is copied (joiners, direction marks, soft hyphen, BOM). Fold
// drops them and the tokenizer does not split at them.
func isIgnorable(r rune) bool {
	switch {
	case r == '\u00ad', r == '\u200d', r == '\u200e', r == '\u200f', r == '\ufeff':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2060' && r <= '\u2064', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}

// foldRune is the context-free part of Fold: the folded rune, or -1 when
// Fold drops r. It folds ئ to ی; Fold itself decides ئ by its neighbours.
func foldRune(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	case r >= 0x600 && r <= 0x6ff:
		if m := arabicFold[r-0x600]; m != 0 {
			return m
		}
		return r
	case r == zwnj:
		return r
	case isIgnorable(r):
		return -1
	}
	return unicode.ToLower(r)
}

// Fold normalizes text for matching, so that the spellings Persian text
// mixes compare equal. After NFC it maps Arabic ي ى → ی, ك → ک, ة ۀ هٔ → ه,
// أ إ آ ٱ → ا, ؤ → و; drops ء, harakat, tatweel and invisible format
// characters; maps Persian and Arabic-Indic digits to ASCII and lowercases
// other scripts. Arabic presentation forms are expanded (NFKC) first.
//
// Hamza seats: ئ becomes ی next to a vowel letter (رئیس = رییس, پائیز =
// پاییز, مسائل = مسایل, جزئی = جزیی), و before و and a consonant (مسئول = مسؤول = مسوول,
// سئوال = سؤال = سوال), ی before a final و (ویدئو = ویدیو), ا between
// consonants (مسئله = مسأله = مساله, هیئت = هیأت = هیات), and is dropped
// before ا (تئاتر = تآتر = تاتر; رئال stays apart from ریال) and at the end
// of a word like ء (شیئ = شیء = شی). A run of و is then written once,
// which makes the three spellings of مسئول one (and داوود = داود).
//
// ZWNJ is kept: word splitting is the tokenizer's business. Fold is
// idempotent: Fold(Fold(s)) == Fold(s). It returns s itself when nothing
// changes.
func Fold(s string) string {
	var a [128]byte
	buf := a[:0]
	if len(s) > len(a) {
		buf = make([]byte, 0, len(s)+8)
	}
	b := appendFold(buf, s)
	if string(b) == s {
		return s
	}
	return string(b)
}

// appendFold appends the folded form of s to dst.
func appendFold(dst []byte, s string) []byte {
	start := len(dst)
	checked := false
	for i := 0; i < len(s); {
		r, size := decode(s, i)
		i += size
		switch {
		case r == 'ئ':
			r = seat(dst[start:], s[i:])
		case r == 'ي' || r == 'ی':
			if hamzaFollows(s[i:]) {
				r = seat(dst[start:], s[i:])
			} else {
				r = 'ی'
			}
		case r >= 0x300 && !checked && (r < 0x600 || r > 0x6ff) && r != zwnj && !isIgnorable(r):
			checked = true
			if needsPrepass(s) {
				return appendFold(dst[:start], prepass(s))
			}
			r = foldRune(r)
		default:
			r = foldRune(r)
		}
		if r < 0 {
			continue
		}
		if r == 'و' && len(dst)-start >= 2 && dst[len(dst)-2] == 0xd9 && dst[len(dst)-1] == 0x88 {
			continue // a run of و is written once
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// decode is utf8.DecodeRuneInString(s[i:]) with a fast path for the
// two-byte runes of Arabic script.
func decode(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c >= 0xc2 && c < 0xe0 && i+1 < len(s) && s[i+1]&0xc0 == 0x80 {
		return rune(c&0x1f)<<6 | rune(s[i+1]&0x3f), 2
	}
	return utf8.DecodeRuneInString(s[i:])
}

// seat folds a hamza on a yeh seat (ئ) given the folded text before it and
// the raw text after it; see Fold.
func seat(before []byte, after string) rune {
	p, _ := utf8.DecodeLastRune(before)
	n1, n2 := nextLetters(after)
	switch {
	case n1 == 0:
		return -1
	case p == 'ا' || p == 'و', n1 == 'ی':
		return 'ی'
	case n1 == 'ا':
		return -1
	case n1 == 'و':
		if n2 == 0 || n2 == 'ی' {
			return 'ی'
		}
		return 'و'
	}
	return 'ا'
}

// nextLetters returns the next two letters of s, folded, skipping what Fold
// drops; 0 stands for "no letter" (end of word).
func nextLetters(s string) (n1, n2 rune) {
	for _, r := range s {
		f := foldRune(r)
		if f < 0 || r == hamzaAbove {
			continue
		}
		if !unicode.IsLetter(f) {
			break
		}
		if n1 != 0 {
			return n1, f
		}
		n1 = f
	}
	return n1, 0
}

// hamzaFollows reports whether the marks at the start of s include a hamza
// above: ي/ی written with a combining hamza is ئ.
func hamzaFollows(s string) bool {
	for _, r := range s {
		if r == hamzaAbove {
			return true
		}
		if r < 0x64b || r > 0x65f {
			return false
		}
	}
	return false
}

func isPresentationForm(r rune) bool {
	return r >= 0xfb50 && r <= 0xfdff || r >= 0xfe70 && r <= 0xfefc
}

// needsPrepass reports whether s holds presentation forms or is not NFC.
func needsPrepass(s string) bool {
	for _, r := range s {
		if isPresentationForm(r) {
			return true
		}
	}
	return !norm.NFC.IsNormalString(s)
}

// prepass expands presentation forms (NFKC, rune by rune) and applies NFC.
func prepass(s string) string {
	b := make([]byte, 0, len(s)+8)
	for _, r := range s {
		if isPresentationForm(r) {
			b = append(b, norm.NFKC.String(string(r))...)
		} else {
			b = utf8.AppendRune(b, r)
		}
	}
	return norm.NFC.String(string(b))
}
