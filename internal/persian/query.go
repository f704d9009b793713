package persian

import (
	"bytes"
	"unicode/utf8"
)

// QueryWord is one word of a search query with the index terms that stand
// for it.
type QueryWord struct {
	// Text is the word as the reader typed it, original spelling, for
	// suggestions; for a word and its space-separated affixes (می شود) it
	// is the whole span.
	Text string
	// Terms are the index terms that stand for the word, best first: the
	// stem of the folded (joined) form, then the stems of its ZWNJ or space
	// separated parts, then other readings (هستهای may be هسته‌ای; a verb
	// typed as میخواهند may be found as خواهند). Any of them is a match.
	Terms []string
}

// QueryWords analyses a search query as Tokens analyses text and returns
// one entry per query word, in order. Stop words are left out when other
// words remain; a query of stop words only keeps them, their Terms being
// the folded word (which the index does not hold). The result is nil for a
// query without words.
func QueryWords(q string) []QueryWord {
	a := getAnalyzer()
	defer putAnalyzer(a)
	type group struct {
		start, end int // of the text
		first, n   int // of a.terms
		stop       term
	}
	var groups []group
	a.sp = splitter{text: q}
	content := false
	for pos := 0; ; pos++ {
		var ok bool
		a.words, ok = a.sp.group(a.words[:0])
		if !ok {
			break
		}
		a.foldGroup(q)
		first := len(a.terms)
		a.analyseGroup(pos, true)
		g := group{start: a.words[0].start, end: a.words[len(a.words)-1].end, first: first, n: len(a.terms) - first}
		if g.n == 0 {
			// Keep the folded word, without ZWNJ, in case only stop words remain.
			s := len(a.out)
			a.out = appendNoZWNJ(a.out, a.group)
			g.stop = term{s, len(a.out), pos}
		}
		content = content || g.n > 0
		groups = append(groups, g)
	}
	all := string(a.out)
	var words []QueryWord
	for _, g := range groups {
		w := QueryWord{Text: q[g.start:g.end]}
		for _, t := range a.terms[g.first : g.first+g.n] {
			w.Terms = append(w.Terms, all[t.start:t.end])
		}
		if len(w.Terms) == 0 {
			if content || g.stop.end == g.stop.start {
				continue
			}
			w.Terms = []string{all[g.stop.start:g.stop.end]}
		}
		words = append(words, w)
	}
	return words
}

func appendNoZWNJ(dst, b []byte) []byte {
	for i := 0; i < len(b); {
		if isZWNJAt(b, i) {
			i += zwnjLen
			continue
		}
		dst = append(dst, b[i])
		i++
	}
	return dst
}

// nounsLikeVerbs start with می and end like a verb but are no verbs.
var nounsLikeVerbs = foldSet(`
میلاد میلادی میزبانی میهمانی میدانی میانی میلیونی میلیاردی میراثی میهنی
میکروبی میسی میثم میزی میلی میمونی میت میزانی میخی
`)

// verbVariant emits, for a query word typed as one word with the verb
// prefix می or نمی (میشود), the stem without the prefix (شود), so that it
// matches texts that wrote the prefix apart. It is guarded by the verb's
// ending and a list of nouns, since many words start with می (میدان).
func (a *analyzer) verbVariant(w []byte, pos int) {
	var rest []byte
	switch {
	case bytes.HasPrefix(w, []byte("نمی")):
		rest = w[len("نمی"):]
	case bytes.HasPrefix(w, []byte("می")):
		rest = w[len("می"):]
	default:
		return
	}
	if utf8.RuneCount(rest) < 2 {
		return
	}
	if _, ok := nounsLikeVerbs[string(w)]; ok {
		return
	}
	switch r, _ := utf8.DecodeLastRune(rest); r {
	case 'د', 'م', 'ی', 'ت':
		a.word(rest, pos, false)
	}
}
