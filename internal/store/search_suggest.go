package store

import (
	"context"
	"strings"
	"unicode"

	"khabar/internal/news"
	"khabar/internal/persian"
)

// suggestion is the reader's text with each word that has a spelling in
// offer replaced by how the stories write that spelling, so the reader
// is offered real words, not stems, and keeps the rest of what they
// typed; "" when nothing is offered. The written forms come from the
// stories found, else from a few stories holding the term in their
// headline or lead.
func (s *Store) suggestion(ctx context.Context, text string, words []queryWord, offer [][]string,
	found []*news.Story, lists map[string][]hit, visible func(*docMeta) bool) (string, error) {
	changed := false
	from := 0 // words are replaced in order, each after the one before
	for i, w := range words {
		if offer[i] == nil {
			continue
		}
		var fixed []string
		for _, t := range offer[i] {
			word, ok := writtenAs(w.typed, t, found)
			if !ok {
				more, err := s.storiesByID(ctx, holders(lists[t], visible, 3))
				if err != nil {
					return "", err
				}
				word, _ = writtenAs(w.typed, t, more)
			}
			fixed = append(fixed, word)
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
		return "", nil
	}
	return strings.Join(strings.Fields(text), " "), nil
}

// offerDoubledWaw adds to offer the words typed with a doubled و that
// Fold reads as one (امرووز is found as امروز) when none of the stories
// found writes the word so: the reader is offered the spelling the
// stories use, though the results are already the word's.
func offerDoubledWaw(words []queryWord, offer [][]string, found []*news.Story) {
	for i, w := range words {
		typed := plainForm(w.typed)
		if offer[i] != nil || !strings.Contains(typed, "وو") {
			continue
		}
		writes := false
		for _, st := range found {
			if st != nil && strings.Contains(plainForm(st.Headline+" "+st.Lead+" "+st.Body), typed) {
				writes = true
				break
			}
		}
		if !writes && len(found) > 0 {
			offer[i] = w.alts[0].terms[:1]
		}
	}
}

// plainForm is s with Persian ی and ک for their Arabic twins and without
// ZWNJ or spaces: how a word is spelled, as far as the reader chose.
func plainForm(s string) string {
	return plainLetters.Replace(s)
}

var plainLetters = strings.NewReplacer("ي", "ی", "ك", "ک", "\u200c", "", " ", "")

// holders returns up to n published stories of list that hold its term
// in the headline, else in the lead.
func holders(list []hit, visible func(*docMeta) bool, n int) []int64 {
	var ids []int64
	for _, f := range []int{fieldHead, fieldLead} {
		for _, h := range list {
			if len(ids) == n {
				return ids
			}
			if h.tf[f] > 0 && visible(h.doc) && (f == fieldHead || h.tf[fieldHead] == 0) {
				ids = append(ids, h.doc.id)
			}
		}
	}
	return ids
}

// writtenAs finds the word of the stories' headlines and leads that the
// analyzer turns into term and that is spelled closest to what was
// typed, the most common such spelling of the closest; term itself,
// and false, when there is none.
func writtenAs(typed, term string, stories []*news.Story) (string, bool) {
	count := map[string]int{}
	dist := map[string]int{}
	typed = persian.Fold(typed)
	// A term is its word folded, without ZWNJ, less an ending (or a part
	// of it; گان gives ه): a word whose folded form lacks the term's
	// letters need not be analysed.
	core := strings.TrimSuffix(term, "ه")
	for _, st := range stories {
		if st == nil {
			continue
		}
		for _, word := range strings.FieldsFunc(st.Headline+" "+st.Lead, isWordBreak) {
			if !strings.Contains(foldedWord(word), core) {
				continue
			}
			for _, tok := range persian.Tokens(word) {
				if tok.Term == term {
					w := persian.TidyText(word)
					count[w]++
					dist[w] = persian.Distance(typed, persian.Fold(word))
					break
				}
			}
		}
	}
	best := ""
	for w := range count {
		if best == "" || dist[w] < dist[best] || dist[w] == dist[best] &&
			(count[w] > count[best] || count[w] == count[best] && w < best) {
			best = w
		}
	}
	if best == "" {
		return term, false
	}
	return best, true
}

func isWordBreak(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) && r != '\u200c'
}
