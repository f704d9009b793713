package textdiff

import (
	"unicode"
	"unicode/utf8"
)

// Words returns the changes that turn a into b, word by word. Words are
// split at white space only: a ZWNJ is part of its word (کتاب‌ها is one
// word) and punctuation stays with the word it touches. The white space
// after a word travels with it, so that the Equal and Delete texts joined
// in order give a back, and the Equal and Insert texts give b. Neighbouring
// chunks differ in kind, none is empty, and in a change the Delete chunk
// comes before the Insert one; a word kept with different spacing after it
// shows the old and new spacing as a change.
//
// The script is a shortest one (Myers' algorithm) unless the texts differ
// in more than about two thousand words or take too much work to compare:
// then what lies between their common start and end is one Delete and one
// Insert. Time and memory are bounded whatever the input.
func Words(a, b string) []Chunk {
	leadA, wa := splitWords(a)
	leadB, wb := splitWords(b)
	var c chunker
	if leadA == leadB {
		c.equal(leadA)
	} else {
		c.delete(leadA)
		c.insert(leadB)
	}
	i, j := 0, 0
	for _, op := range script(keys(wa), keys(wb)) {
		switch op {
		case Equal:
			c.equal(wa[i].word)
			if wa[i].space == wb[j].space {
				c.equal(wa[i].space)
			} else {
				c.delete(wa[i].space)
				c.insert(wb[j].space)
			}
			i++
			j++
		case Delete:
			c.delete(wa[i].word + wa[i].space)
			i++
		case Insert:
			c.insert(wb[j].word + wb[j].space)
			j++
		}
	}
	return c.chunks()
}

// word is a word of a text and the white space after it.
type word struct{ word, space string }

// splitWords returns the white space s starts with and the words of s.
func splitWords(s string) (lead string, words []word) {
	i := skip(s, 0, true)
	lead = s[:i]
	n := 0
	for j := i; j < len(s); n++ {
		j = skip(s, skip(s, j, false), true)
	}
	words = make([]word, 0, n)
	for i < len(s) {
		e := skip(s, i, false)
		n := skip(s, e, true)
		words = append(words, word{s[i:e], s[e:n]})
		i = n
	}
	return lead, words
}

// skip returns the end of the run of white space (or, with space false, of
// anything else) at s[i:].
func skip(s string, i int, space bool) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if (c == ' ' || c >= '\t' && c <= '\r') != space {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) != space {
			break
		}
		i += size
	}
	return i
}

func keys(ws []word) []string {
	k := make([]string, len(ws))
	for i, w := range ws {
		k[i] = w.word
	}
	return k
}
