package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"khabar/internal/persian"
)

// searchCache holds what ranking needs of the whole index: the corpus
// statistics and the vocabulary that typo and run-together lookups use.
// Both are tied to the index generation that every writing transaction
// bumps. Statistics are reloaded as soon as the generation moves (a few
// aggregates); the vocabulary, which is larger, is reloaded in the
// background while searches go on with the one they have.
type searchCache struct {
	mu      sync.Mutex
	stats   corpusStats
	vocab   *vocabulary
	loading bool
	// postings read for earlier queries, valid for generation postGen
	// only: any write to the index drops them all. Bounded by
	// maxCachedPostings entries.
	postGen  int64
	postings map[string][]hit
	postSize int
}

// maxCachedPostings bounds the postings kept between queries, 16 bytes
// each.
const maxCachedPostings = 4_000_000

type corpusStats struct {
	gen    int64
	docs   int
	avgLen [numFields]float64
	// metas is every indexed story's search metadata, by story id.
	metas map[int64]*docMeta
}

// vocabulary is every indexed term with its document frequency, and a
// deletion index: each term under every string one rune shorter, so
// terms one edit from a query word are found without a scan.
type vocabulary struct {
	gen     int64
	df      map[string]int
	deletes map[string][]string
}

func (s *Store) generation(ctx context.Context) (int64, error) {
	var gen int64
	if err := s.queryRow(ctx, `SELECT gen FROM search_generation WHERE id = 1`).Scan(&gen); err != nil {
		return 0, fmt.Errorf("store: read search generation: %w", err)
	}
	return gen, nil
}

// corpusStats returns the statistics of index generation gen, and the
// metadata of every indexed story with them: one read of search_docs
// for each generation (a few milliseconds for thousands of stories,
// about a tenth of a second for 100,000), where reading the metadata of
// each story as a query first meets it would cost more in all.
func (s *Store) corpusStats(ctx context.Context, gen int64) (corpusStats, error) {
	s.search.mu.Lock()
	st := s.search.stats
	s.search.mu.Unlock()
	if st.gen == gen && gen != 0 {
		return st, nil
	}
	var sums [numFields]float64
	st = corpusStats{gen: gen, metas: map[int64]*docMeta{}}
	rows, err := s.query(ctx, `SELECT story_id, section_id, source, published_us, len_head, len_lead, len_body
		FROM search_docs`)
	if err != nil {
		return st, fmt.Errorf("store: read search statistics: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m := &docMeta{}
		if err := rows.Scan(&m.id, &m.sectionID, &m.source, &m.published,
			&m.length[fieldHead], &m.length[fieldLead], &m.length[fieldBody]); err != nil {
			return st, fmt.Errorf("store: read search statistics: %w", err)
		}
		st.metas[m.id] = m
		for f := range sums {
			sums[f] += float64(m.length[f])
		}
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("store: read search statistics: %w", err)
	}
	st.docs = len(st.metas)
	for f := range sums {
		st.avgLen[f] = 1
		if st.docs > 0 && sums[f] > 0 {
			st.avgLen[f] = sums[f] / float64(st.docs)
		}
	}
	s.search.mu.Lock()
	if st.gen >= s.search.stats.gen {
		s.search.stats = st
	}
	s.search.mu.Unlock()
	return st, nil
}

// vocabulary returns a vocabulary, loading it the first time and
// refreshing it in the background when the generation has moved on.
func (s *Store) vocabulary(ctx context.Context, gen int64) (*vocabulary, error) {
	s.search.mu.Lock()
	v := s.search.vocab
	stale := v == nil || v.gen != gen
	start := stale && !s.search.loading && v != nil
	if start {
		s.search.loading = true
	}
	s.search.mu.Unlock()
	if v == nil {
		return s.loadVocabulary(ctx, gen)
	}
	if start {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			s.loadVocabulary(ctx, gen)
			s.search.mu.Lock()
			s.search.loading = false
			s.search.mu.Unlock()
		}()
	}
	return v, nil
}

func (s *Store) loadVocabulary(ctx context.Context, gen int64) (*vocabulary, error) {
	df, err := s.readVocabulary(ctx)
	if err != nil {
		return nil, err
	}
	v := &vocabulary{gen: gen, df: df, deletes: make(map[string][]string, len(df)*4)}
	for term := range df {
		if len([]rune(term)) < minTypoLen-1 {
			continue
		}
		for _, d := range persian.Deletes(term) {
			v.deletes[d] = append(v.deletes[d], term)
		}
	}
	s.search.mu.Lock()
	if s.search.vocab == nil || s.search.vocab.gen < gen {
		s.search.vocab = v
	}
	s.search.mu.Unlock()
	return v, nil
}

// readVocabulary reads every indexed term with its document frequency.
func (s *Store) readVocabulary(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, s.dialect.vocabularyQuery())
	if err != nil {
		return nil, fmt.Errorf("store: read vocabulary: %w", err)
	}
	defer rows.Close()
	vocab := map[string]int{}
	for rows.Next() {
		var term string
		var df int
		if err := rows.Scan(&term, &df); err != nil {
			return nil, fmt.Errorf("store: read vocabulary: %w", err)
		}
		vocab[term] = df
	}
	return vocab, rows.Err()
}

// minTypoLen is the shortest word, in runes, that typo correction
// touches: shorter words have too many neighbours to guess from.
const minTypoLen = 4

// nearTerms returns the indexed terms one edit (a rune dropped, added,
// replaced, or two neighbours swapped) from word.
func (v *vocabulary) nearTerms(word string) []string {
	if len([]rune(word)) < minTypoLen {
		return nil
	}
	seen := map[string]bool{word: true}
	var out []string
	add := func(t string) {
		if !seen[t] && persian.Distance(word, t) == 1 {
			seen[t] = true
			out = append(out, t)
		}
	}
	if _, ok := v.df[word]; ok {
		seen[word] = true
	}
	for _, t := range v.deletes[word] { // word lost a rune
		add(t)
	}
	for _, d := range persian.Deletes(word) {
		if _, ok := v.df[d]; ok { // word gained a rune
			add(d)
		}
		for _, t := range v.deletes[d] { // a rune replaced or swapped
			add(t)
		}
	}
	return out
}

// postings returns the posting list of each of terms (a term no story
// holds has an empty one) for index generation gen, from the cache where
// it has them and from the database for the rest. The lists are shared
// with the cache: read them, never change them.
func (s *Store) postings(ctx context.Context, stats corpusStats, terms []string) (map[string][]hit, error) {
	gen := stats.gen
	out := make(map[string][]hit, len(terms))
	var missing []string
	c := &s.search
	c.mu.Lock()
	if c.postGen != gen || c.postings == nil {
		c.reset(gen)
	}
	for _, t := range terms {
		if ps, ok := c.postings[t]; ok {
			out[t] = ps
		} else {
			missing = append(missing, t)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	fresh, err := s.dialect.postings(ctx, s, missing)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	current := c.postGen == gen
	if current && c.postSize+len(fresh) > maxCachedPostings {
		c.reset(gen)
	}
	for _, t := range missing {
		out[t] = nil // a term no story holds is worth remembering too
	}
	for _, p := range fresh {
		m := stats.metas[p.doc]
		if m == nil {
			continue // indexed after the statistics were read
		}
		out[p.term] = append(out[p.term], hit{doc: m, tf: [numFields]uint16{
			uint16(p.tf[fieldHead]), uint16(p.tf[fieldLead]), uint16(p.tf[fieldBody])}})
	}
	if current {
		for _, t := range missing {
			c.postings[t] = out[t]
		}
		c.postSize += len(fresh)
	}
	return out, nil
}

// reset empties the postings cache for generation gen; c.mu is held.
func (c *searchCache) reset(gen int64) {
	c.postGen, c.postings, c.postSize = gen, map[string][]hit{}, 0
}
