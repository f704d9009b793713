package store

import (
	"context"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"khabar/internal/news"
	"khabar/internal/persian"
)

// Ranking parameters: BM25F over the three fields, the same arithmetic
// on both databases because it runs here, on counts read from the index.
const (
	bm25K1 = 1.2
	// Weights of an exact term, a variant of the word the analyzer gave
	// (prefix joined or split, …), a one-edit spelling and a run-together
	// split.
	weightExact   = 1.0
	weightVariant = 0.9
	weightTypo    = 0.75
	weightSplit   = 0.9
	// recencyBoost multiplies the score of a story published now by
	// 1+recencyBoost, fading with a half-life of recencyHalfLife.
	recencyBoost    = 0.1
	recencyHalfLife = 180 * 24 * time.Hour
)

var (
	fieldBoost = [numFields]float64{fieldHead: 3, fieldLead: 1.5, fieldBody: 1}
	fieldB     = [numFields]float64{fieldHead: 0.5, fieldLead: 0.75, fieldBody: 0.75}
)

// queryWord is one word of the query as the search will look for it.
type queryWord struct {
	typed string
	alts  []alt
	// fixed is the index term the word was corrected to, and display how
	// the suggestion writes it; both empty when the word was found as typed.
	fixed, display string
}

type alt struct {
	term   string
	weight float64
}

// Search finds published stories for q, best first. Every query word is
// looked for in all its spellings; a word found in no story is tried as
// its nearest indexed spellings and as two words run together. Stories
// with all the words rank above those missing one; those missing more
// than a few are not returned. Never fails on odd input: an empty or
// unusable query finds nothing.
func (s *Store) Search(ctx context.Context, q news.SearchQuery) (news.SearchResult, error) {
	var res news.SearchResult
	text := strings.ToValidUTF8(q.Text, " ")
	if utf8.RuneCountInString(text) > news.SearchMaxQuery {
		text = string([]rune(text)[:news.SearchMaxQuery])
	}
	limit := q.Limit
	if limit <= 0 {
		limit = news.SearchDefaultLimit
	}
	limit = min(limit, news.SearchMaxLimit)
	var words []queryWord
	for _, w := range persian.QueryWords(text) {
		qw := queryWord{typed: w.Text}
		for i, t := range w.Terms {
			weight := weightVariant
			if i == 0 {
				weight = weightExact
			}
			qw.alts = append(qw.alts, alt{t, weight})
		}
		if len(qw.alts) > 0 {
			words = append(words, qw)
		}
	}
	if len(words) == 0 {
		return res, nil
	}
	if len(words) > 32 {
		words = words[:32]
	}
	gen, err := s.generation(ctx)
	if err != nil {
		return res, err
	}
	stats, err := s.corpusStats(ctx, gen)
	if err != nil {
		return res, err
	}
	posts, err := s.dialect.postings(ctx, s, termsOf(words))
	if err != nil {
		return res, err
	}
	found := map[string]bool{}
	for _, p := range posts {
		found[p.term] = true
	}
	if words, err = s.expand(ctx, gen, words, found); err != nil {
		return res, err
	}
	var more []string
	for _, t := range termsOf(words) {
		if !found[t] {
			more = append(more, t)
		}
	}
	if len(more) > 0 {
		extra, err := s.dialect.postings(ctx, s, more)
		if err != nil {
			return res, err
		}
		posts = append(posts, extra...)
	}

	var sectionID int64
	if q.SectionSlug != "" {
		sec, err := s.SectionBySlug(ctx, q.SectionSlug)
		if news.ErrorCode(err) == news.ENOTFOUND {
			return res, nil
		} else if err != nil {
			return res, err
		}
		sectionID = sec.ID
	}
	keep := func(m *docMeta) bool {
		switch {
		case sectionID != 0 && m.sectionID != sectionID:
			return false
		case q.Source != "" && m.source != q.Source:
			return false
		case m.published.Valid && m.published.Int64 > s.now().UnixMicro():
			return false // scheduled, not yet public
		case !q.From.IsZero() && (!m.published.Valid || m.published.Int64 < q.From.UnixMicro()):
			return false
		case !q.To.IsZero() && (!m.published.Valid || m.published.Int64 >= q.To.UnixMicro()):
			return false
		}
		return true
	}
	hits := s.rank(words, posts, stats, keep)
	res.Total = len(hits)
	if q.Offset >= len(hits) || q.Offset < 0 {
		res.Suggestion = suggestion(words, nil)
		return res, nil
	}
	hits = hits[q.Offset:min(len(hits), q.Offset+limit)]
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.id
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
	var best *news.Story
	if len(res.Hits) > 0 {
		best = res.Hits[0].Story
	}
	res.Suggestion = suggestion(words, best)
	return res, nil
}

func termsOf(words []queryWord) []string {
	seen := map[string]bool{}
	var out []string
	for _, w := range words {
		for _, a := range w.alts {
			if !seen[a.term] {
				seen[a.term] = true
				out = append(out, a.term)
			}
		}
	}
	return out
}

// expand gives each word that no story holds in any spelling its
// nearest indexed spellings, or splits it in two indexed words.
func (s *Store) expand(ctx context.Context, gen int64, words []queryWord, found map[string]bool) ([]queryWord, error) {
	var out []queryWord
	var vocab *vocabulary
	for _, w := range words {
		hit := false
		for _, a := range w.alts {
			hit = hit || found[a.term]
		}
		if hit {
			out = append(out, w)
			continue
		}
		if vocab == nil {
			v, err := s.vocabulary(ctx, gen)
			if err != nil {
				return nil, err
			}
			vocab = v
		}
		out = append(out, vocab.correct(w)...)
	}
	return out, nil
}

// correct returns what an unknown word most likely stands for: the
// word split where both halves are indexed words, or its indexed
// spellings one edit away, most frequent first. A word with neither is
// returned as it was and matches nothing.
func (v *vocabulary) correct(w queryWord) []queryWord {
	term := w.alts[0].term
	if a, b, ok := v.split(term); ok {
		return []queryWord{
			{typed: w.typed, alts: []alt{{a, weightSplit}}, fixed: a, display: a},
			{alts: []alt{{b, weightSplit}}, fixed: b, display: b},
		}
	}
	near := v.nearTerms(term)
	if len(near) == 0 {
		return []queryWord{w}
	}
	sort.Slice(near, func(i, j int) bool {
		if v.df[near[i]] != v.df[near[j]] {
			return v.df[near[i]] > v.df[near[j]]
		}
		return near[i] < near[j]
	})
	if len(near) > 4 {
		near = near[:4]
	}
	fixed := queryWord{typed: w.typed, fixed: near[0], display: surface(w.typed, term, near[0])}
	for i, t := range near {
		fixed.alts = append(fixed.alts, alt{t, weightTypo * math.Pow(0.9, float64(i))})
	}
	return []queryWord{fixed}
}

// surface writes a corrected term the way the reader would: with the
// suffix the stemmer took off the typed word put back, so «ارتباظات»
// is corrected to «ارتباطات», not to the stem «ارتباط».
func surface(typed, stem, fixed string) string {
	folded := persian.Fold(typed)
	if rest, ok := strings.CutPrefix(folded, stem); ok {
		return fixed + rest
	}
	return fixed
}

// split finds the best place to cut a run-together word so that both
// halves are indexed words: the cut whose rarer half is most frequent.
func (v *vocabulary) split(term string) (a, b string, ok bool) {
	rs := []rune(term)
	best := 0
	for i := 2; i <= len(rs)-2; i++ {
		l, r := persian.Stem(string(rs[:i])), persian.Stem(string(rs[i:]))
		if persian.IsStopWord(l) || persian.IsStopWord(r) {
			continue
		}
		if n := min(v.df[l], v.df[r]); n > best {
			a, b, best, ok = l, r, n, true
		}
	}
	return a, b, ok
}

// suggestion is the query as corrected, or "" when nothing was. A
// corrected word is written as the best story writes it, when it can be
// found there, so the reader is offered a real word and not a stem.
func suggestion(words []queryWord, best *news.Story) string {
	changed := false
	var parts []string
	for _, w := range words {
		switch {
		case w.fixed == "":
			parts = append(parts, w.typed)
		default:
			changed = true
			parts = append(parts, writtenAs(w, best))
		}
	}
	if !changed {
		return ""
	}
	return strings.Join(parts, " ")
}

// writtenAs finds the word of st's headline or lead that the analyzer
// turns into w.fixed and that is spelled closest to what was typed.
func writtenAs(w queryWord, st *news.Story) string {
	if st == nil {
		return w.display
	}
	best, bestDist := w.display, -1
	typed := persian.Fold(w.typed)
	for _, word := range strings.FieldsFunc(st.Headline+" "+st.Lead, isWordBreak) {
		for _, tok := range persian.Tokens(word) {
			if tok.Term != w.fixed {
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

type rankedDoc struct {
	id    int64
	score float64
	terms []string
}

// rank scores every story in posts that keep accepts and returns those
// holding enough of the query words, best first.
func (s *Store) rank(words []queryWord, posts []posting, stats corpusStats, keep func(*docMeta) bool) []rankedDoc {
	df := map[string]int{}
	for _, p := range posts {
		df[p.term]++
	}
	n := float64(max(stats.docs, 1))
	idf := func(term string) float64 {
		d := float64(df[term])
		return math.Log(1 + (n-d+0.5)/(d+0.5))
	}
	// For each term, the query words it stands for and with what weight.
	type use struct {
		word   int
		weight float64
	}
	uses := map[string][]use{}
	for i, w := range words {
		for _, a := range w.alts {
			uses[a.term] = append(uses[a.term], use{i, a.weight})
		}
	}
	type acc struct {
		meta  *docMeta
		best  []float64
		terms []string
	}
	docs := map[int64]*acc{}
	for i := range posts {
		p := &posts[i]
		d := docs[p.doc.id]
		if d == nil {
			if !keep(&p.doc) {
				continue
			}
			d = &acc{meta: &p.doc, best: make([]float64, len(words))}
			docs[p.doc.id] = d
		}
		tfn := 0.0
		for f := range p.tf {
			if p.tf[f] == 0 {
				continue
			}
			norm := 1 - fieldB[f] + fieldB[f]*float64(d.meta.length[f])/stats.avgLen[f]
			tfn += fieldBoost[f] * float64(p.tf[f]) / norm
		}
		sc := idf(p.term) * tfn * (bm25K1 + 1) / (tfn + bm25K1)
		d.terms = append(d.terms, p.term)
		for _, u := range uses[p.term] {
			d.best[u.word] = max(d.best[u.word], u.weight*sc)
		}
	}
	need := minMatch(len(words))
	now := s.now()
	out := make([]rankedDoc, 0, len(docs))
	for id, d := range docs {
		matched, sum := 0, 0.0
		for _, b := range d.best {
			if b > 0 {
				matched++
				sum += b
			}
		}
		if matched < need {
			continue
		}
		coord := float64(matched) / float64(len(words))
		score := sum * coord * coord
		if d.meta.published.Valid {
			age := now.Sub(time.UnixMicro(d.meta.published.Int64))
			score *= 1 + recencyBoost*math.Exp2(-max(age, 0).Hours()/recencyHalfLife.Hours())
		}
		sort.Strings(d.terms)
		out = append(out, rankedDoc{id: id, score: score, terms: d.terms})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].id > out[j].id
	})
	return out
}

// minMatch is how many of n query words a story must hold to be found:
// any one of one or two, all but one of three or four, and about two
// thirds of a longer query.
func minMatch(n int) int {
	switch {
	case n <= 2:
		return 1
	case n <= 4:
		return n - 1
	}
	return (2*n + 2) / 3
}
