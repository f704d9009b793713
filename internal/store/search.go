package store

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"khabar/internal/news"
	"khabar/internal/persian"
)

// Ranking parameters: BM25F over the three fields, the same arithmetic
// on both databases because it runs here, on counts read from the index.
const (
	// Weights of an exact term, a variant of the word the analyzer gave
	// (prefix joined or split, …), a one-edit spelling and a run-together
	// split.
	weightExact   = 1.0
	weightVariant = 0.9
	weightTypo    = 0.75
	weightSplit   = 0.85
	// recencyBoost multiplies the score of a story published now by
	// 1+recencyBoost, fading with a half-life of recencyHalfLife.
	recencyBoost    = 0.1
	recencyHalfLife = 180 * 24 * time.Hour
	// maxQueryWords bounds the work one query can ask for.
	maxQueryWords = 32
)

// bm25F is a setting of BM25F: each field's weight and length
// normalization, and the saturation of the weighted count.
type bm25F struct {
	boost, b [numFields]float64
	k1       float64
}

// ranking weighs a word in the headline or the lead well above one in
// the body: a story that mentions a word in passing is seldom what a
// reader looks for, nor the story a known-item query comes from. Set on
// the search evaluation (bench/searcheval): one-word queries put a
// story holding the word in its headline or lead in the top ten 0.96
// of the time against 0.77 with weights 3, 1.5 and 1.
var ranking = bm25F{
	boost: [numFields]float64{fieldHead: 10, fieldLead: 8, fieldBody: 1},
	b:     [numFields]float64{fieldHead: 0.5, fieldLead: 0.75, fieldBody: 0.75},
	k1:    1.2,
}

// queryWord is one word of the query and the ways it may be written in
// the index.
type queryWord struct {
	typed string
	alts  []alt
}

// alt is one reading of a query word: usually one index term; two for a
// word read as two words run together, which then must both be there.
type alt struct {
	terms  []string
	weight float64
	// corrected marks a reading that is not what the reader typed: a
	// near spelling or a split, offered back as a suggestion.
	corrected bool
}

// Search finds published stories for q, best first. Every query word is
// looked for in all its spellings; a word found in no story is tried as
// its nearest indexed spellings and as two words run together. Stories
// with all the words rank above those missing one; those missing more
// than a few are not returned. Never fails on odd input: an empty or
// unusable query finds nothing.
func (s *Store) Search(ctx context.Context, q news.SearchQuery) (news.SearchResult, error) {
	var res news.SearchResult
	words := analyzeQuery(q.Text)
	if len(words) == 0 {
		return res, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = news.SearchDefaultLimit
	}
	limit = min(limit, news.SearchMaxLimit)

	if err := s.catchUp(ctx); err != nil {
		return res, err
	}
	c := &s.search
	c.rw.RLock()
	defer c.rw.RUnlock()
	stats, vocab := c.stats, c.vocab
	long := longTerms(words, vocab, s.longList)
	lists := map[string][]hit{}
	if err := s.fetchPostings(ctx, stats, words, lists, long); err != nil {
		return res, err
	}
	at := q.At
	if at.IsZero() {
		at = s.now()
	}
	now := at.UnixMicro()
	visible := func(m *docMeta) bool { return !m.published.Valid || m.published.Int64 <= now }
	sp := &speller{s: s, stats: stats, vocab: vocab, lists: lists, long: maps.Clone(long), visible: visible}
	if sp.long == nil {
		sp.long = map[string]int{}
	}
	fixes, err := sp.correct(ctx, words)
	if err != nil {
		return res, err
	}
	offer, corrected := applyFixes(words, fixes, q.AsTyped)
	if long != nil {
		// Corrections can be common words too.
		maps.Copy(long, longTerms(words, vocab, s.longList))
	}
	if err := s.fetchPostings(ctx, stats, words, lists, long); err != nil {
		return res, err
	}
	for t := range lists {
		delete(long, t) // read for the corrector after all
	}

	keep, err := s.searchFilter(ctx, q)
	if err != nil || keep == nil {
		return res, err
	}
	if q.Offset < 0 {
		q.Offset = 0
	}
	hits, total, err := s.rank(ctx, words, lists, long, stats, keep, q.Offset+limit)
	if err == nil && total == 0 && len(long) > 0 {
		// The rarer words found nothing: read the long lists after all.
		if err = s.fetchPostings(ctx, stats, words, lists, nil); err == nil {
			hits, total, err = s.rank(ctx, words, lists, nil, stats, keep, q.Offset+limit)
		}
	}
	if err != nil {
		return res, err
	}
	res.Total = total
	hits = hits[min(q.Offset, len(hits)):]
	ids := make([]int64, 0, len(hits))
	for _, h := range hits {
		ids = append(ids, h.id)
	}
	stories, err := s.storiesByID(ctx, ids)
	if err != nil {
		return res, err
	}
	byID := map[int64]*news.Story{}
	for _, st := range stories {
		byID[st.ID] = st
	}
	for _, h := range hits {
		if st := byID[h.id]; st != nil {
			res.Hits = append(res.Hits, news.SearchHit{Story: st, Score: h.score, Terms: h.terms})
		}
	}
	res.Corrected = corrected
	offerDoubledWaw(words, offer, stories)
	res.Suggestion, err = s.suggestion(ctx, strings.ToValidUTF8(q.Text, " "), words, offer, stories, lists, visible)
	return res, err
}

// analyzeQuery turns the reader's text into query words, whatever it
// holds: invalid UTF-8 is replaced and overlong input cut.
func analyzeQuery(text string) []queryWord {
	text = strings.ToValidUTF8(text, " ")
	if utf8.RuneCountInString(text) > news.SearchMaxQuery {
		text = string([]rune(text)[:news.SearchMaxQuery])
	}
	var words []queryWord
	for _, w := range persian.QueryWords(text) {
		qw := queryWord{typed: w.Text}
		for i, t := range w.Terms {
			weight := weightVariant
			if i == 0 {
				weight = weightExact
			}
			qw.alts = append(qw.alts, alt{terms: []string{t}, weight: weight})
		}
		if len(qw.alts) > 0 {
			words = append(words, qw)
		}
		if len(words) == maxQueryWords {
			break
		}
	}
	return words
}

// defaultLongList is the length above which a term's posting list is
// not read when the query has rarer terms (see rank).
const defaultLongList = 2000

// longTerms returns the terms of words whose posting lists are longer
// than longList, by the vocabulary, with their lengths; none when every
// word is that common, since the stories must come from somewhere.
func longTerms(words []queryWord, v *vocabulary, longList int) map[string]int {
	long := map[string]int{}
	rare := false
	for _, w := range words {
		for _, a := range w.alts {
			for _, t := range a.terms {
				if df := v.df[t]; df > longList {
					long[t] = df
				} else {
					rare = true
				}
			}
		}
	}
	if !rare {
		return nil
	}
	return long
}

// fetchPostings adds to lists the posting lists of the words' terms it
// does not hold yet, leaving out the long ones.
func (s *Store) fetchPostings(ctx context.Context, stats corpusStats, words []queryWord, lists map[string][]hit, long map[string]int) error {
	var terms []string
	for _, w := range words {
		for _, a := range w.alts {
			for _, t := range a.terms {
				_, isLong := long[t]
				if _, ok := lists[t]; !ok && !isLong && !slices.Contains(terms, t) {
					terms = append(terms, t)
				}
			}
		}
	}
	if len(terms) == 0 {
		return nil
	}
	more, err := s.postings(ctx, stats, terms)
	if err != nil {
		return err
	}
	maps.Copy(lists, more)
	return nil
}

// searchFilter returns the test a story's metadata must pass for q, or
// nil when nothing can pass (an unknown section).
func (s *Store) searchFilter(ctx context.Context, q news.SearchQuery) (func(*docMeta) bool, error) {
	var sectionID int64
	if q.SectionSlug != "" {
		sec, err := s.SectionBySlug(ctx, q.SectionSlug)
		if news.ErrorCode(err) == news.ENOTFOUND {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		sectionID = sec.ID
	}
	at := q.At
	if at.IsZero() {
		at = s.now()
	}
	now := at.UnixMicro()
	from, to := q.From.UnixMicro(), q.To.UnixMicro()
	return func(m *docMeta) bool {
		switch {
		case sectionID != 0 && m.sectionID != sectionID:
			return false
		case q.Source != "" && m.source != q.Source:
			return false
		case m.published.Valid && m.published.Int64 > now:
			return false // scheduled, not yet public
		case !q.From.IsZero() && (!m.published.Valid || m.published.Int64 < from):
			return false
		case !q.To.IsZero() && (!m.published.Valid || m.published.Int64 >= to):
			return false
		}
		return true
	}, nil
}
