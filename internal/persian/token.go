package persian

import (
	"bytes"
	"sync"
	"unicode/utf8"
)

// Token is one indexed term.
type Token struct {
	// Term is the folded, stemmed form that goes into the index.
	Term string
	// Pos is the position of the word in the text, counting every word,
	// stop words included, from 0. All terms of a ZWNJ word, or of a word
	// and the affixes a space cut off from it (گروه های, می شود), share the
	// word's position, so every spelling of a phrase has the same positions.
	Pos int
}

// Tokens splits text into index terms.
//
// Words are runs of letters, digits, marks and ZWNJ; anything else splits.
// Each word is folded (Fold) and stemmed (Stem); stop words are dropped.
// A word holding ZWNJ yields the stem of its joined form and the stem of
// each part that is not an affix or stop word: گروه‌های gives گروه (joined
// گروههای → گروه) and nothing more, می‌خواهند gives میخواهند and خواهند. An affix
// standing after a space (ها، های، تر، ترین، ای …) is joined to the word
// before it, and می، نمی، بی standing before a space to the word after it,
// so گروه های and می شود are read as گروه‌های and می‌شود. A word without
// ZWNJ yields one term, except an ambiguous ending ه‌ای/‌های: هسته‌ای typed
// as هستهای yields هست and هسته. Terms that are stop words are dropped.
// The result is nil when text has no term.
func Tokens(text string) []Token {
	a := getAnalyzer()
	defer putAnalyzer(a)
	a.run(text, false)
	if len(a.terms) == 0 {
		return nil
	}
	all := string(a.out)
	toks := make([]Token, len(a.terms))
	for i, t := range a.terms {
		toks[i] = Token{Term: all[t.start:t.end], Pos: t.pos}
	}
	return toks
}

// AppendTerms appends the terms of text, as Tokens finds them, to dst and
// returns the extended slice. It is the indexer's allocation-light path:
// all terms share one backing string.
func AppendTerms(dst []string, text string) []string {
	a := getAnalyzer()
	defer putAnalyzer(a)
	a.run(text, false)
	if len(a.terms) == 0 {
		return dst
	}
	all := string(a.out)
	for _, t := range a.terms {
		dst = append(dst, all[t.start:t.end])
	}
	return dst
}

// term is one term in analyzer.out.
type term struct{ start, end, pos int }

// analyzer holds the scratch buffers of one analysis; pooled.
type analyzer struct {
	sp     splitter
	words  []span
	group  []byte // the folded group, parts joined by ZWNJ
	split  bool   // group holds a ZWNJ
	joined []byte // the group without ZWNJ
	out    []byte // bytes of all terms
	terms  []term
	first  int // index in terms of the current group's first term
}

var analyzerPool = sync.Pool{New: func() any { return new(analyzer) }}

func getAnalyzer() *analyzer { return analyzerPool.Get().(*analyzer) }

func putAnalyzer(a *analyzer) {
	if cap(a.out) > 1<<20 {
		return // do not keep huge buffers alive
	}
	a.sp = splitter{}
	a.out, a.terms, a.words = a.out[:0], a.terms[:0], a.words[:0]
	analyzerPool.Put(a)
}

// run analyses text; with query set it also keeps the variants a query
// word may stand for (see QueryWords) but no two passes differ otherwise.
func (a *analyzer) run(text string, query bool) {
	a.sp = splitter{text: text}
	for pos := 0; ; pos++ {
		var ok bool
		a.words, ok = a.sp.group(a.words[:0])
		if !ok {
			return
		}
		a.foldGroup(text)
		a.analyseGroup(pos, query)
	}
}

// foldGroup folds the words of the current group into a.group, joined by
// one ZWNJ, with no ZWNJ at either end or doubled.
func (a *analyzer) foldGroup(text string) {
	g := a.group[:0]
	a.split = len(a.words) > 1
	for i, w := range a.words {
		if i > 0 {
			g = utf8.AppendRune(g, zwnj)
		}
		g = appendFold(g, text[w.start:w.end])
		a.split = a.split || w.zwnj
	}
	if a.split {
		g = cleanZWNJ(g)
		a.split = bytes.Contains(g, []byte("\u200c"))
	}
	a.group = g
}

// cleanZWNJ removes ZWNJ at the ends of b and collapses doubled ZWNJ.
func cleanZWNJ(b []byte) []byte {
	out := b[:0]
	pending := false
	for i := 0; i < len(b); {
		if isZWNJAt(b, i) {
			pending = true
			i += zwnjLen
			continue
		}
		if pending && len(out) > 0 {
			out = append(out, "\u200c"...)
		}
		pending = false
		out = append(out, b[i])
		i++
	}
	return out
}

func isZWNJAt(b []byte, i int) bool {
	return i+2 < len(b) && b[i] == 0xe2 && b[i+1] == 0x80 && b[i+2] == 0x8c
}

// analyseGroup emits the terms of a.group at pos.
func (a *analyzer) analyseGroup(pos int, query bool) {
	a.first = len(a.terms)
	g := a.group
	if !a.split {
		a.word(g, pos, true)
		if query {
			a.verbVariant(g, pos)
		}
		return
	}
	j := a.joined[:0]
	for i := 0; i < len(g); {
		if isZWNJAt(g, i) {
			i += zwnjLen
			continue
		}
		j = append(j, g[i])
		i++
	}
	a.joined = j
	a.word(j, pos, false)
	for len(g) > 0 {
		part := g
		if k := bytes.Index(g, []byte("\u200c")); k >= 0 {
			part, g = g[:k], g[k+zwnjLen:]
		} else {
			g = nil
		}
		if utf8.RuneCount(part) >= 2 && !isAffixBytes(part) {
			a.word(part, pos, true)
		}
	}
}

// word emits the stem of the folded word w unless w or its stem is a stop
// word. With alt set, an unsplit Xهای whose X does not end in ه also emits
// the stem of Xه: it may stand for Xه‌ای (هستهای = هسته‌ای).
func (a *analyzer) word(w []byte, pos int, alt bool) {
	if len(w) == 0 || isStopBytes(w) {
		return
	}
	n, heh := stemLen(w)
	a.emit(w[:n], heh || n < len(w), heh, pos)
	if !alt || !bytes.HasSuffix(w, []byte("های")) {
		return
	}
	x := w[:len(w)-len("های")]
	if bytes.HasSuffix(x, []byte("ه")) || utf8.RuneCount(x) < 2 || isNotInflected(w) {
		return
	}
	x = w[:len(x)+len("ه")]
	n, heh = stemLen(x)
	a.emit(x[:n], true, heh, pos)
}

// emit records a term unless the group has it already or, when checkStop
// is set, it is a stop word.
func (a *analyzer) emit(stem []byte, checkStop, heh bool, pos int) {
	start := len(a.out)
	a.out = append(a.out, stem...)
	if heh {
		a.out = append(a.out, "ه"...)
	}
	t := a.out[start:]
	if checkStop && isStopBytes(t) {
		a.out = a.out[:start]
		return
	}
	for _, o := range a.terms[a.first:] {
		if bytes.Equal(a.out[o.start:o.end], t) {
			a.out = a.out[:start]
			return
		}
	}
	a.terms = append(a.terms, term{start, len(a.out), pos})
}
