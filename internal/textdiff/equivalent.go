package textdiff

import (
	"unicode"
	"unicode/utf8"

	"khabar/internal/persian"
)

// Equivalent reports whether a and b are the same text to a reader's
// search, so that a change from a to b is a spelling correction («اصلاح
// املایی»): they are equal once folded (persian.Fold: ي/ی، ك/ک، ة/ه, hamza
// seats, harakat, tatweel, digit scripts, Latin case), with ZWNJ and white
// space left out and the ASCII forms of , ; ? and straight or curly
// quotes read as ، ؛ ؟ and «». So کتاب ها, کتابها and کتاب‌ها are equivalent,
// and so are the texts before and after persian.Tidy; a change of word, of
// a letter or of other punctuation (. for ؟) is not.
//
// Leaving white space out makes two words run together (کتاب خوب,
// کتابخوب) equivalent too: such a change moves a space, as a ZWNJ fix does.
func Equivalent(a, b string) bool {
	if a == b {
		return true
	}
	fa, fb := persian.Fold(a), persian.Fold(b)
	for {
		ra, na := next(fa)
		rb, nb := next(fb)
		if ra != rb {
			return false
		}
		if ra < 0 {
			return true
		}
		fa, fb = fa[na:], fb[nb:]
	}
}

// next returns the first rune of folded s that Equivalent compares, with
// the bytes it takes up to and including it; -1 at the end.
func next(s string) (rune, int) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\u200c' || unicode.IsSpace(r):
			continue
		case r == ',':
			r = '،'
		case r == ';':
			r = '؛'
		case r == '?':
			r = '؟'
		case r == '"' || r == '“' || r == '”' || r == '»':
			r = '«'
		}
		return r, i
	}
	return -1, len(s)
}
