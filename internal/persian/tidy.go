package persian

import (
	"unicode"
)

// TidyText is the editor's "tidy text" action for display text; it does not
// fold for matching. It writes Arabic ي ى ك as Persian ی ک, Arabic-Indic
// digits as Persian digits, removes tatweel, collapses runs of spaces and
// of ZWNJ, and drops a ZWNJ that joins nothing. It puts a ZWNJ where one is
// plainly missing: a space after می or نمی before a word (می شود →
// می‌شود), a space before ها، های، هایی، ترین (کتاب ها → کتاب‌ها) and before
// ای after a word in ه (هسته ای → هسته‌ای), and between a word in ه or ی and
// a glued ها (گروههای → گروه‌های, فناوریها → فناوری‌ها). Everything else,
// Latin text, ASCII digits and line breaks included, is left as it is.
func TidyText(s string) string {
	rs := tidyRunes(s)
	out := make([]rune, 0, len(rs)+8)
	for i := 0; i < len(rs); {
		if !isPersianLetter(rs[i]) {
			out = append(out, rs[i])
			i++
			continue
		}
		j := wordEnd(rs, i)
		word := rs[i:j]
		out = appendGlued(out, word)
		if j+1 < len(rs) && rs[j] == ' ' && isPersianLetter(rs[j+1]) {
			if next := rs[j+1 : wordEnd(rs, j+1)]; joinAcrossSpace(word, next) {
				out = append(out, zwnj)
				j++
			}
		}
		i = j
	}
	return string(out)
}

// tidyRunes does the rune-level part of TidyText.
func tidyRunes(s string) []rune {
	out := make([]rune, 0, len(s)/2+8)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 'ي' || r == 'ى':
			r = 'ی'
		case r == 'ك':
			r = 'ک'
		case r >= '٠' && r <= '٩':
			r = '۰' + (r - '٠')
		case r == 'ـ':
			continue
		case r == ' ' && len(out) > 0 && out[len(out)-1] == ' ':
			continue
		case r == zwnj:
			k := i
			for k < len(rs) && (rs[k] == zwnj || rs[k] == 'ـ') {
				k++
			}
			i = k - 1
			if len(out) == 0 || k == len(rs) || !joinable(out[len(out)-1]) || !joinable(rs[k]) {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// joinable reports whether a ZWNJ next to r has anything to do.
func joinable(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r)
}

func isPersianLetter(r rune) bool {
	return r >= 0x621 && r <= 0x64a || r >= 0x671 && r <= 0x6d3 || r == 0x6d5
}

// wordEnd returns the end of the Persian word starting at rs[i].
func wordEnd(rs []rune, i int) int {
	for i < len(rs) && (isPersianLetter(rs[i]) || rs[i] == zwnj || unicode.Is(unicode.Mn, rs[i])) {
		i++
	}
	return i
}

// joinAcrossSpace reports whether the space between left and right is a
// missing ZWNJ.
func joinAcrossSpace(left, right []rune) bool {
	switch string(right) {
	case "ها", "های", "هایی", "ترین":
		return true
	case "ای":
		return len(left) >= 3 && left[len(left)-1] == 'ه'
	}
	switch string(left) {
	case "می", "نمی":
		return len(right) >= 2
	}
	return false
}

// appendGlued appends word, with a ZWNJ before a glued plural ها (های،
// هایی) when the stem ends in ه or ی, where the join is plainly wrong.
func appendGlued(out, word []rune) []rune {
	for _, suf := range [...]string{"هایی", "های", "ها"} {
		n := len([]rune(suf))
		k := len(word) - n
		if k < 3 || string(word[k:]) != suf {
			continue
		}
		// Xیهای may be Xیه‌ای (بیانیه‌ای), so ی takes only ها and هایی.
		if last := word[k-1]; last == 'ه' || last == 'ی' && suf != "های" {
			out = append(out, word[:k]...)
			out = append(out, zwnj)
			return append(out, word[k:]...)
		}
		break
	}
	return append(out, word...)
}
