package store

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"khabar/internal/news"
	"khabar/internal/persian"
)

// Limits on the readings tried for a word no story holds.
const (
	maxNearTerms = 4
	maxSplits    = 2
)

// expand gives each word that no story holds in any spelling its
// nearest indexed spellings and its splits into two indexed words, all
// as readings of the same word: the stories decide which one was meant.
// Only such words: measured on the search evaluation, also reading rare
// words (held by one or two stories) as possible typos gains 0.1% on
// typo queries and loses as much on body phrases.
func expand(vocab *vocabulary, words []queryWord, found func(term string) int) []queryWord {
	for i, w := range words {
		n := 0
		for _, a := range w.alts {
			n += found(a.terms[0])
		}
		if n > 0 {
			continue
		}
		words[i].alts = append(words[i].alts, vocab.readings(w)...)
	}
	return words
}

// readings returns what an unknown word may stand for: indexed words
// one edit away from it (before or after stemming), most frequent first,
// and cuts of it into two indexed words.
func (v *vocabulary) readings(w queryWord) []alt {
	stem := w.alts[0].terms[0]
	raw := strings.ReplaceAll(persian.Fold(w.typed), "\u200c", "")
	near := v.nearTerms(stem)
	seen := map[string]bool{stem: true}
	for _, t := range near {
		seen[t] = true
	}
	if utf8.RuneCountInString(raw) >= minTypoLen {
		for _, e := range persian.Edits(raw) {
			if t := persian.Stem(e); !seen[t] && v.df[t] > 0 && !persian.IsStopWord(t) {
				seen[t] = true
				near = append(near, t)
			}
		}
	}
	sort.Slice(near, func(i, j int) bool {
		if v.df[near[i]] != v.df[near[j]] {
			return v.df[near[i]] > v.df[near[j]]
		}
		return near[i] < near[j]
	})
	var out []alt
	for i, t := range near[:min(len(near), maxNearTerms)] {
		out = append(out, alt{terms: []string{t}, weight: weightTypo * math.Pow(0.95, float64(i)), corrected: true})
	}
	for _, sp := range v.splits(raw) {
		out = append(out, alt{terms: sp, weight: weightSplit, corrected: true})
	}
	for _, sp := range v.typoSplits(raw) {
		out = append(out, alt{terms: sp, weight: weightSplit * weightTypo, corrected: true})
	}
	return out
}

// splits finds the places to cut a run-together word (folded, not
// stemmed) so that both halves are indexed words, best first: the cuts
// whose rarer half is most frequent.
func (v *vocabulary) splits(word string) [][]string {
	type cut struct {
		parts []string
		df    int
	}
	var cuts []cut
	rs := []rune(word)
	for i := 2; i <= len(rs)-2; i++ {
		l, r := persian.Stem(string(rs[:i])), persian.Stem(string(rs[i:]))
		if persian.IsStopWord(l) || persian.IsStopWord(r) {
			continue
		}
		if n := min(v.df[l], v.df[r]); n > 0 {
			cuts = append(cuts, cut{[]string{l, r}, n})
		}
	}
	sort.SliceStable(cuts, func(i, j int) bool { return cuts[i].df > cuts[j].df })
	var out [][]string
	for _, c := range cuts[:min(len(cuts), maxSplits)] {
		out = append(out, c.parts)
	}
	return out
}

// typoSplits finds cuts of a run-together word where one half is an
// indexed word and the other is one edit from one, best first: readers
// who run two words together make typos too.
func (v *vocabulary) typoSplits(word string) [][]string {
	type cut struct {
		parts []string
		df    int
	}
	var cuts []cut
	rs := []rune(word)
	fix := func(half string) (string, int) {
		best, n := "", 0
		for _, t := range v.nearTerms(half) {
			if v.df[t] > n && !persian.IsStopWord(t) {
				best, n = t, v.df[t]
			}
		}
		return best, n
	}
	for i := 2; i <= len(rs)-2; i++ {
		l, r := persian.Stem(string(rs[:i])), persian.Stem(string(rs[i:]))
		if persian.IsStopWord(l) || persian.IsStopWord(r) {
			continue
		}
		switch dl, dr := v.df[l], v.df[r]; {
		case dl > 0 && dr == 0:
			if t, n := fix(r); n > 0 {
				cuts = append(cuts, cut{[]string{l, t}, min(dl, n)})
			}
		case dl == 0 && dr > 0:
			if t, n := fix(l); n > 0 {
				cuts = append(cuts, cut{[]string{t, r}, min(n, dr)})
			}
		}
	}
	sort.SliceStable(cuts, func(i, j int) bool { return cuts[i].df > cuts[j].df })
	var out [][]string
	for _, c := range cuts[:min(len(cuts), maxSplits)] {
		out = append(out, c.parts)
	}
	return out
}

// suggestion is the reader's query with each word that needed a
// corrected reading for the best story replaced by what that story
// writes, so the reader is offered real words, not stems, and keeps the
// rest of what they typed; "" when no word was corrected.
func suggestion(text string, words []queryWord, top rankedDoc, st *news.Story) string {
	changed := false
	from := 0 // words are replaced in order, each after the one before
	for i, w := range words {
		a := top.reading[i]
		if a < 0 || !w.alts[a].corrected {
			continue
		}
		var fixed []string
		for _, t := range w.alts[a].terms {
			fixed = append(fixed, writtenAs(w.typed, t, st))
		}
		j := strings.Index(text[from:], w.typed)
		if w.typed == "" || j < 0 {
			continue
		}
		j += from
		repl := strings.Join(fixed, " ")
		text = text[:j] + repl + text[j+len(w.typed):]
		from = j + len(repl)
		changed = true
	}
	if !changed {
		return ""
	}
	return strings.Join(strings.Fields(text), " ")
}

// writtenAs finds the word of st's headline or lead that the analyzer
// turns into term and that is spelled closest to what was typed; term
// itself when there is none.
func writtenAs(typed, term string, st *news.Story) string {
	if st == nil {
		return term
	}
	best, bestDist := term, -1
	typed = persian.Fold(typed)
	for _, word := range strings.FieldsFunc(st.Headline+" "+st.Lead, isWordBreak) {
		for _, tok := range persian.Tokens(word) {
			if tok.Term != term {
				continue
			}
			if d := persian.Distance(typed, persian.Fold(word)); bestDist < 0 || d < bestDist {
				best, bestDist = persian.TidyText(word), d
			}
		}
	}
	return best
}

func isWordBreak(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) && r != '\u200c'
}
