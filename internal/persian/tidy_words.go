package persian

import (
	"strings"
	"unicode"
)

// words applies the word rules TidyText lacks: a ZWNJ after the glued
// می or نمی of a known verb and before the glued تر or ترین of a known
// adjective, and a ZWNJ in place of the space before تر after a known
// adjective and before ام، ات، اش، اید، ایم، اند after a word in silent ه.
func (t *text) words() {
	out := text{r: make([]rune, 0, len(t.r)+8), prot: make([]bool, 0, len(t.r)+8)}
	for i := 0; i < len(t.r); {
		if !t.free(i) || !isPersianLetter(t.r[i]) {
			out.add(t.r[i], t.prot[i])
			i++
			continue
		}
		j := t.wordEnd(i)
		w := fixGlued(t.r[i:j])
		out.addRunes(w)
		if t.free(j+1) && t.r[j] == ' ' && isPersianLetter(t.r[j+1]) {
			next := t.r[j+1 : t.wordEnd(j+1)]
			if joinSpaced(lastPart(w), firstPart(next)) {
				out.add(zwnj, false)
				j++
			}
		}
		i = j
	}
	*t = out
}

// wordEnd returns the end of the Persian word starting at t.r[i]: a run of
// Persian letters, ZWNJ and marks outside URLs and addresses.
func (t *text) wordEnd(i int) int {
	for t.free(i) && (isPersianLetter(t.r[i]) || t.r[i] == zwnj || unicode.Is(unicode.Mn, t.r[i])) {
		i++
	}
	return i
}

func firstPart(w []rune) []rune {
	for i, r := range w {
		if r == zwnj {
			return w[:i]
		}
	}
	return w
}

func lastPart(w []rune) []rune {
	for i := len(w) - 1; i >= 0; i-- {
		if w[i] == zwnj {
			return w[i+1:]
		}
	}
	return w
}

// fixGlued returns word with a ZWNJ after a glued verb prefix in its first
// part and before a glued comparative in any part.
func fixGlued(word []rune) []rune {
	var out []rune
	start := 0
	for i := 0; i <= len(word); i++ {
		if i < len(word) && word[i] != zwnj {
			continue
		}
		part := word[start:i]
		cut := 0
		if start == 0 {
			cut = verbPrefixLen(part)
		}
		if cut == 0 {
			cut = comparativeStemLen(part)
		}
		if cut > 0 {
			if out == nil {
				out = append(make([]rune, 0, len(word)+2), word[:start]...)
			}
			out = append(out, part[:cut]...)
			out = append(out, zwnj)
			out = append(out, part[cut:]...)
			if i < len(word) {
				out = append(out, zwnj)
			}
		} else if out != nil {
			out = append(out, word[start:min(i+1, len(word))]...)
		}
		start = i + 1
	}
	if out == nil {
		return word
	}
	return out
}

// verbPrefixLen returns the length of a glued می or نمی before a verb form
// Tidy knows (see tidy_lists.go), or 0.
func verbPrefixLen(part []rune) int {
	if len(part) < 4 || part[0] != 'م' && (part[0] != 'ن' || part[1] != 'م') {
		return 0
	}
	s := string(part)
	if notVerbs[s] {
		return 0
	}
	for _, pre := range [...]string{"نمی", "می"} {
		if rest, ok := strings.CutPrefix(s, pre); ok && isVerbForm(rest) {
			return len([]rune(pre))
		}
	}
	return 0
}

// isVerbForm reports whether s is a known present or past stem with a
// personal ending (شود، کردند), or توان, which stands alone (می‌توان).
func isVerbForm(s string) bool {
	if s == "توان" {
		return true
	}
	for _, e := range presentEndings {
		if stem, ok := strings.CutSuffix(s, e); ok && presentStems[stem] {
			return true
		}
	}
	for _, e := range pastEndings {
		if stem, ok := strings.CutSuffix(s, e); ok && pastStems[stem] {
			return true
		}
	}
	return false
}

// comparativeStemLen returns the length of the adjective before a glued
// تر or ترین when a ZWNJ belongs there (بزرگتر → بزرگ), or 0.
func comparativeStemLen(part []rune) int {
	if n := len(part); n < 4 || part[n-1] != 'ر' && part[n-1] != 'ن' {
		return 0
	}
	s := string(part)
	if gluedComparatives[s] {
		return 0
	}
	for _, suf := range [...]string{"ترین", "تر"} {
		stem, ok := strings.CutSuffix(s, suf)
		if !ok || !adjectives[stem] {
			continue
		}
		if rs := []rune(stem); !isNonJoining(rs[len(rs)-1]) {
			return len(rs)
		}
	}
	return 0
}

// joinSpaced reports whether the space between left, the last part of a
// word, and right, the first part of the next, is a missing ZWNJ that
// TidyText leaves alone.
func joinSpaced(left, right []rune) bool {
	if len(right) < 2 || len(right) > 3 || right[0] != 'ت' && right[0] != 'ا' {
		return false
	}
	switch string(right) {
	case "تر":
		return adjectives[string(left)]
	case "ام", "ات", "اش", "اید", "ایم", "اند":
		n := len(left)
		return n >= 3 && left[n-1] == 'ه' && left[n-2] != 'ا'
	}
	return false
}

// isNonJoining reports letters that do not join the letter after them, so
// a ZWNJ after them changes nothing.
func isNonJoining(r rune) bool {
	return strings.ContainsRune("اآأإدذرزژوؤةء", r)
}
