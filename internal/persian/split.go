package persian

import (
	"unicode"
	"unicode/utf8"
)

// Rune classes for word splitting.
const (
	cSep   uint8 = iota // punctuation, symbols: ends a word
	cSpace              // white space: ends a word, but lets affixes join
	cWord               // letter or digit
	cJoin               // mark, ZWNJ or ignorable: inside a word only
)

var asciiClass, arabicClass = buildClasses()

func buildClasses() (a [utf8.RuneSelf]uint8, b [0x100]uint8) {
	for r := range a {
		a[r] = slowClass(rune(r))
	}
	for i := range b {
		b[i] = slowClass(rune(0x600 + i))
	}
	return a, b
}

func slowClass(r rune) uint8 {
	switch {
	case r == zwnj || isIgnorable(r) || unicode.IsMark(r):
		return cJoin
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return cWord
	case unicode.IsSpace(r) || r == '\u200b':
		return cSpace
	}
	return cSep
}

func class(r rune) uint8 {
	if r < utf8.RuneSelf {
		return asciiClass[r]
	}
	if r >= 0x600 && r <= 0x6ff {
		return arabicClass[r-0x600]
	}
	return slowClass(r)
}

// span is one word of the input: text[start:end]; spaced says that only
// white space separates it from the word before.
type span struct {
	start, end int
	spaced     bool
	kind       uint8 // kindPrefix, kindSuffix: see joinKindOf
	zwnj       bool  // the word holds a ZWNJ
}

// splitter walks the words of a text and groups a word with the affixes
// that a space cut off from it (گروه های, می شود) into one group, treated
// as if the parts were joined by ZWNJ.
type splitter struct {
	text  string
	i     int
	next  span
	ahead bool
}

// word returns the next word: a maximal run of letters, digits, marks, ZWNJ
// and ignorable characters holding at least one letter or digit.
func (s *splitter) word() (span, bool) {
	if s.ahead {
		s.ahead = false
		return s.next, true
	}
	spaced, start, hasWord, hasZWNJ := true, -1, false, false
	for s.i < len(s.text) {
		r, size := decode(s.text, s.i)
		c := class(r)
		if c >= cWord {
			if start < 0 {
				start = s.i
			}
			hasWord = hasWord || c == cWord
			hasZWNJ = hasZWNJ || r == zwnj
		} else {
			if hasWord {
				return s.span(start, s.i, spaced, hasZWNJ), true
			}
			start, hasZWNJ = -1, false
			spaced = spaced && c == cSpace
		}
		s.i += size
	}
	if hasWord {
		return s.span(start, s.i, spaced, hasZWNJ), true
	}
	return span{}, false
}

func (s *splitter) span(start, end int, spaced, zwnj bool) span {
	return span{start, end, spaced, joinKindOf(s.text[start:end]), zwnj}
}

func (s *splitter) peek() (span, bool) {
	if !s.ahead {
		w, ok := s.word()
		if !ok {
			return w, false
		}
		s.next, s.ahead = w, true
	}
	return s.next, true
}

// maxGroup caps how many words one group may join.
const maxGroup = 4

// group appends the words of the next group to ws.
func (s *splitter) group(ws []span) ([]span, bool) {
	w, ok := s.word()
	if !ok {
		return ws, false
	}
	ws = append(ws, w)
	for n := 1; n < maxGroup; n++ {
		nx, ok := s.peek()
		if !ok || !nx.spaced || w.kind&kindPrefix == 0 && nx.kind&kindSuffix == 0 {
			break
		}
		s.ahead = false
		ws = append(ws, nx)
		w = nx
	}
	return ws, true
}

// joinKindOf tells whether the raw word w is an affix that joins a
// neighbour across a space.
func joinKindOf(w string) uint8 {
	if len(w) > 10 || len(w) < 2 {
		return 0
	}
	// Every such affix starts with one of these letters (in any spelling).
	switch r, _ := decode(w, 0); r {
	case 'ه', 'ت', 'ا', 'آ', 'م', 'ن', 'ب':
	default:
		return 0
	}
	plain := true
	for i := 0; i < len(w) && plain; {
		r, size := decode(w, i)
		plain = foldRune(r) == r && r != 'ئ' && r != 'و'
		i += size
	}
	if plain {
		return joinKind[w]
	}
	var a [24]byte
	return joinKind[string(appendFold(a[:0], w))]
}
