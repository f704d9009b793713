package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// searchCache holds what ranking needs of the whole index: the corpus
// statistics with every indexed story's metadata, the vocabulary that
// typo and run-together lookups use, and the posting lists read for
// earlier queries. It follows the change log: a change to one story's
// search entry updates that story's metadata, the cached lists of its
// terms and the vocabulary's counts in place; only a change to the whole
// index (a bulk import, a reindex) reloads everything. Changes that do
// not touch the index (a draft saved) cost nothing here.
//
// Searches hold rw for reading while they run; following the log holds
// it for writing, between searches. Concurrent searches that find the
// cache behind the log share one catch-up (flight).
type searchCache struct {
	rw      sync.RWMutex
	applied int64 // the change id the cache reflects
	loaded  bool
	stats   corpusStats
	sums    [numFields]float64
	vocab   *vocabulary
	// reloading is set while a vocabulary is read in the background.
	reloading bool

	// pmu guards postings and postSize for searches, which add to them
	// while holding rw for reading.
	pmu sync.Mutex
	// postings are the lists read for earlier queries, each sorted by
	// story id; bounded by maxCachedPostings entries.
	postings map[string][]hit
	postSize int

	flight singleflight.Group
	// reloads counts full reloads, for tests and benchmarks.
	reloads int
}

// maxCachedPostings bounds the postings kept between queries, 16 bytes
// each.
const maxCachedPostings = 4_000_000

type corpusStats struct {
	docs   int
	avgLen [numFields]float64
	// metas is every indexed story's search metadata, by story id.
	metas map[int64]*docMeta
}

// vocabulary is every indexed term with its document frequency, and
// the index that finds the terms a few edits from a word (nearIndex).
type vocabulary struct {
	df   map[string]int
	near *nearIndex
}

// WarmSearch reads what searching needs of the whole index (its
// statistics and vocabulary) now, so that the first reader's search
// after a start does not wait for it.
func (s *Store) WarmSearch(ctx context.Context) error {
	return s.catchUp(ctx)
}

// catchUp brings the search cache up to the newest change this process
// must see (see knownChange).
func (s *Store) catchUp(ctx context.Context) error {
	want, err := s.knownChange(ctx)
	if err != nil {
		return err
	}
	c := &s.search
	c.rw.RLock()
	current := c.loaded && c.applied >= want
	c.rw.RUnlock()
	if current {
		return nil
	}
	_, err, _ = c.flight.Do("follow", func() (any, error) {
		// Shared by every search waiting here: none of their
		// cancellations may fail the others.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Minute)
		defer cancel()
		return nil, s.follow(fctx)
	})
	return err
}

// followBatch is how many changes one read of the log takes; a longer
// backlog is cheaper to reload than to apply.
const followBatch = 1000

// follow applies the change log to the cache, holding it for writing.
func (s *Store) follow(ctx context.Context) error {
	c := &s.search
	c.rw.Lock()
	defer c.rw.Unlock()
	if !c.loaded {
		return s.reload(ctx)
	}
	for {
		changes, err := s.Changes(ctx, c.applied, followBatch)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			return nil
		}
		if changes[0].ID != c.applied+1 || len(changes) == followBatch {
			return s.reload(ctx) // a gap (the log was pruned) or a long backlog
		}
		var touched []Change
		for _, ch := range changes {
			switch ch.Search {
			case searchAll:
				return s.reload(ctx)
			case searchOne:
				touched = append(touched, ch)
			}
		}
		if err := s.applyChanges(ctx, touched); err != nil {
			return err
		}
		c.applied = changes[len(changes)-1].ID
	}
}

// reload reads the statistics afresh and drops the cached postings; the
// vocabulary is read now the first time, in the background later.
// c.rw is held for writing.
func (s *Store) reload(ctx context.Context) error {
	c := &s.search
	last, err := s.LatestChange(ctx)
	if err != nil {
		return err
	}
	stats, sums, err := s.readStats(ctx)
	if err != nil {
		return err
	}
	if c.vocab == nil {
		v, err := s.loadVocabulary(ctx)
		if err != nil {
			return err
		}
		c.vocab = v
	} else if !c.reloading {
		c.reloading = true
		go s.reloadVocabulary()
	}
	c.stats, c.sums, c.applied, c.loaded = stats, sums, last, true
	c.pmu.Lock()
	c.postings, c.postSize = map[string][]hit{}, 0
	c.pmu.Unlock()
	c.reloads++
	return nil
}

// reloadVocabulary reads the vocabulary and puts it in place of the old
// one, which searches use meanwhile.
func (s *Store) reloadVocabulary() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	v, err := s.loadVocabulary(ctx)
	c := &s.search
	c.rw.Lock()
	defer c.rw.Unlock()
	c.reloading = false
	if err == nil {
		c.vocab = v
	}
}

// readStats reads every indexed story's metadata and the field lengths'
// sums: one read of search_docs (a few milliseconds for thousands of
// stories, about a tenth of a second for 100,000).
func (s *Store) readStats(ctx context.Context) (corpusStats, [numFields]float64, error) {
	var sums [numFields]float64
	st := corpusStats{metas: map[int64]*docMeta{}}
	rows, err := s.query(ctx, `SELECT story_id, section_id, source, published_us, len_head, len_lead, len_body
		FROM search_docs`)
	if err != nil {
		return st, sums, fmt.Errorf("store: read search statistics: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m := &docMeta{}
		if err := rows.Scan(&m.id, &m.sectionID, &m.source, &m.published,
			&m.length[fieldHead], &m.length[fieldLead], &m.length[fieldBody]); err != nil {
			return st, sums, fmt.Errorf("store: read search statistics: %w", err)
		}
		st.metas[m.id] = m
		for f := range sums {
			sums[f] += float64(m.length[f])
		}
	}
	if err := rows.Err(); err != nil {
		return st, sums, fmt.Errorf("store: read search statistics: %w", err)
	}
	st.setAverages(sums)
	return st, sums, nil
}

func (st *corpusStats) setAverages(sums [numFields]float64) {
	st.docs = len(st.metas)
	for f := range sums {
		st.avgLen[f] = 1
		if st.docs > 0 && sums[f] > 0 {
			st.avgLen[f] = sums[f] / float64(st.docs)
		}
	}
}

// applyChanges brings the cache in line with the stories the changes
// name, as their search entries stand now. c.rw is held for writing.
func (s *Store) applyChanges(ctx context.Context, changes []Change) error {
	if len(changes) == 0 {
		return nil
	}
	c := &s.search
	mentioned := map[int64]map[string]bool{} // story → terms its entry gained or lost
	var ids []int64
	for _, ch := range changes {
		terms, ok := mentioned[ch.StoryID]
		if !ok {
			terms = map[string]bool{}
			mentioned[ch.StoryID] = terms
			ids = append(ids, ch.StoryID)
		}
		for line := range strings.SplitSeq(ch.Terms, "\n") {
			if len(line) < 2 {
				continue
			}
			term := line[1:]
			terms[term] = true
			if c.vocab != nil {
				c.vocab.count(term, line[0] == '+')
			}
		}
	}
	docs, err := s.searchEntries(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if old := c.stats.metas[id]; old != nil {
			for f := range c.sums {
				c.sums[f] -= float64(old.length[f])
			}
			delete(c.stats.metas, id)
		}
		e, indexed := docs[id]
		if indexed {
			c.stats.metas[id] = e.meta
			for f := range c.sums {
				c.sums[f] += float64(e.meta.length[f])
			}
		}
		// The cached lists of every term the story holds now get its
		// new counts; those of terms it lost, lose it.
		now := map[string]bool{}
		for line := range strings.SplitSeq(e.fwd, "\n") {
			term, counts, ok := strings.Cut(line, " ")
			if !ok {
				continue
			}
			now[term] = true
			if list, cached := c.postings[term]; cached {
				c.postings[term], c.postSize = upsertHit(list, hit{doc: e.meta, tf: parseCounts(counts)}, c.postSize)
			}
		}
		for term := range mentioned[id] {
			if list, cached := c.postings[term]; cached && !now[term] {
				c.postings[term], c.postSize = removeHit(list, id, c.postSize)
			}
		}
	}
	c.stats.setAverages(c.sums)
	return nil
}

// searchEntry is one story's search entry as the cache reads it.
type searchEntry struct {
	meta *docMeta
	fwd  string
}

// searchEntries reads the search entries of the stories; a story with
// none (not published) is absent from the result.
func (s *Store) searchEntries(ctx context.Context, ids []int64) (map[int64]searchEntry, error) {
	out := make(map[int64]searchEntry, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		rows, err := s.query(ctx, `SELECT story_id, section_id, source, published_us, len_head, len_lead, len_body, fwd
			FROM search_docs WHERE story_id IN (`+placeholders(n)+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: read search entries: %w", err)
		}
		for rows.Next() {
			m := &docMeta{}
			var fwd string
			if err := rows.Scan(&m.id, &m.sectionID, &m.source, &m.published,
				&m.length[fieldHead], &m.length[fieldLead], &m.length[fieldBody], &fwd); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: read search entries: %w", err)
			}
			out[m.id] = searchEntry{meta: m, fwd: fwd}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store: read search entries: %w", err)
		}
		ids = ids[n:]
	}
	return out, nil
}

func parseCounts(s string) [numFields]uint16 {
	var tf [numFields]uint16
	for f, field := range strings.Fields(s) {
		if f < numFields {
			n, _ := strconv.Atoi(field)
			tf[f] = uint16(n)
		}
	}
	return tf
}

func byDoc(a hit, id int64) int {
	switch {
	case a.doc.id < id:
		return -1
	case a.doc.id > id:
		return 1
	}
	return 0
}

// upsertHit puts h into list, sorted by story id, in place of the
// story's old hit if it had one.
func upsertHit(list []hit, h hit, size int) ([]hit, int) {
	i, found := slices.BinarySearchFunc(list, h.doc.id, byDoc)
	if found {
		list[i] = h
		return list, size
	}
	return slices.Insert(list, i, h), size + 1
}

// removeHit takes story id out of list.
func removeHit(list []hit, id int64, size int) ([]hit, int) {
	i, found := slices.BinarySearchFunc(list, id, byDoc)
	if !found {
		return list, size
	}
	return slices.Delete(list, i, i+1), size - 1
}

// count adds one story holding term, or takes one away. A term no story
// holds keeps its place in the near index; its callers check df.
func (v *vocabulary) count(term string, add bool) {
	if add {
		v.df[term]++
		v.near.add(term, v.df[term])
		return
	}
	if v.df[term] <= 1 {
		delete(v.df, term)
		return
	}
	v.df[term]--
}

func (s *Store) loadVocabulary(ctx context.Context) (*vocabulary, error) {
	df, err := s.readVocabulary(ctx)
	if err != nil {
		return nil, err
	}
	return &vocabulary{df: df, near: newNearIndex(df)}, nil
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

// postings returns the posting list of each of terms (a term no story
// holds has an empty one), from the cache where it has them and from
// the database for the rest. The caller holds c.rw for reading. The
// lists are shared with the cache: read them, never change them.
func (s *Store) postings(ctx context.Context, stats corpusStats, terms []string) (map[string][]hit, error) {
	out := make(map[string][]hit, len(terms))
	var missing []string
	c := &s.search
	c.pmu.Lock()
	for _, t := range terms {
		if ps, ok := c.postings[t]; ok {
			out[t] = ps
		} else {
			missing = append(missing, t)
		}
	}
	c.pmu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	fresh, err := s.dialect.postings(ctx, s, missing)
	if err != nil {
		return nil, err
	}
	for _, t := range missing {
		out[t] = nil // a term no story holds is worth remembering too
	}
	for _, p := range fresh {
		m := stats.metas[p.doc]
		if m == nil {
			continue // indexed after the cache last followed the log
		}
		out[p.term] = append(out[p.term], hit{doc: m, tf: [numFields]uint16{
			uint16(p.tf[fieldHead]), uint16(p.tf[fieldLead]), uint16(p.tf[fieldBody])}})
	}
	for _, t := range missing {
		if l := out[t]; !slices.IsSortedFunc(l, func(a, b hit) int { return byDoc(a, b.doc.id) }) {
			slices.SortFunc(l, func(a, b hit) int { return byDoc(a, b.doc.id) })
		}
	}
	c.pmu.Lock()
	defer c.pmu.Unlock()
	if c.postSize+len(fresh) > maxCachedPostings {
		c.postings, c.postSize = map[string][]hit{}, 0
	}
	for _, t := range missing {
		if _, ok := c.postings[t]; !ok {
			c.postings[t] = out[t]
			c.postSize += len(out[t])
		}
	}
	return out, nil
}
