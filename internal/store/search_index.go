package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"khabar/internal/news"
	"khabar/internal/persian"
	"khabar/internal/richtext"
)

// Fields of the search index, in rank weight order.
const (
	fieldHead = iota // kicker and headline
	fieldLead        // lead and tags
	fieldBody
	numFields
)

// Caps that keep SQLite and PostgreSQL holding exactly the same index:
// a tsvector keeps positions up to 16383 and at most 256 of them per
// word, so occurrences past these are dropped on both.
const (
	maxPositions  = 16000
	maxOccurrence = 255
)

// searchDoc is a story as the index sees it: per field, the analyzed
// terms in order with their word positions (1-based, running on across
// the fields), and each field's length in words.
type searchDoc struct {
	storyID   int64
	sectionID int64
	source    string
	published sql.NullInt64
	terms     [numFields][]posTerm
	length    [numFields]int
	fwd       string // forward entries, see forwardText
}

type posTerm struct {
	term string
	pos  int
}

// analyzeStory runs the Persian analyzer over a story's text fields.
// The ids are filled in when the story is indexed.
func analyzeStory(st *news.Story) *searchDoc {
	d := &searchDoc{}
	texts := [numFields]string{
		fieldHead: st.Kicker + "\n" + st.Headline,
		fieldLead: st.Lead + "\n" + strings.Join(st.Tags, "\n"),
		fieldBody: richtext.Text(st.Body),
	}
	pos := 0
	seen := make(map[string]int, 256)
	for f, text := range texts {
		base := pos
		run := 0 // where the terms of the current position start
		for _, tok := range persian.Tokens(text) {
			p := base + tok.Pos + 1
			if p > maxPositions {
				break
			}
			if p > pos {
				pos = p
				run = len(d.terms[f])
			}
			if seen[tok.Term] >= maxOccurrence || hasTerm(d.terms[f][run:], tok.Term) {
				continue
			}
			seen[tok.Term]++
			d.terms[f] = append(d.terms[f], posTerm{tok.Term, p})
		}
		d.length[f] = pos - base
	}
	d.fwd = forwardText(d)
	return d
}

// termCounts returns d's distinct terms and, per field, how often each
// occurs there.
func termCounts(d *searchDoc) ([]string, [numFields][]int) {
	idx := map[string]int{}
	var terms []string
	var counts [numFields][]int
	for f := range d.terms {
		for _, t := range d.terms[f] {
			i, ok := idx[t.term]
			if !ok {
				i = len(terms)
				idx[t.term] = i
				terms = append(terms, t.term)
				for g := range counts {
					counts[g] = append(counts[g], 0)
				}
			}
			counts[f][i]++
		}
	}
	return terms, counts
}

// hasTerm reports whether ts, the terms at one position, holds term.
func hasTerm(ts []posTerm, term string) bool {
	for _, t := range ts {
		if t.term == term {
			return true
		}
	}
	return false
}

// indexStory brings the search entry of st in line with it, inside the
// transaction that wrote st. Only published stories are indexed; a
// story published for a future time is indexed and hidden at query time.
func (s *Store) indexStory(ctx context.Context, tx *txn, st *news.Story) error {
	if st.Status != news.StatusPublished {
		return s.dialect.deleteDoc(ctx, s, tx, st.ID)
	}
	d := tx.analyzed[st]
	if d == nil {
		d = analyzeStory(st)
	}
	d.storyID, d.sectionID, d.source, d.published = st.ID, st.Section.ID, st.Source, micros(st.Published)
	return s.dialect.writeDoc(ctx, s, tx, d)
}

// reindexStory is indexStory for one story whose change the change log
// records: it returns the terms the entry gained and lost (termDelta),
// so searches elsewhere can follow without reloading the index.
func (s *Store) reindexStory(ctx context.Context, tx *txn, st *news.Story) (string, error) {
	var fwd string
	err := tx.queryRow(ctx, `SELECT fwd FROM search_docs WHERE story_id = ?`, st.ID).Scan(&fwd)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: read search entry of story %d: %w", st.ID, err)
	}
	before := forwardTerms(fwd)
	after := map[string]struct{}{}
	if st.Status == news.StatusPublished {
		d := tx.analyzed[st]
		if d == nil {
			d = analyzeStory(st)
		}
		for f := range d.terms {
			for _, t := range d.terms[f] {
				after[t.term] = struct{}{}
			}
		}
		d.storyID, d.sectionID, d.source, d.published = st.ID, st.Section.ID, st.Source, micros(st.Published)
		err = s.dialect.writeDoc(ctx, s, tx, d)
	} else {
		err = s.dialect.deleteDoc(ctx, s, tx, st.ID)
	}
	if err != nil {
		return "", err
	}
	return termDelta(before, after), nil
}

// forwardTerms returns the set of terms of forward entries.
func forwardTerms(fwd string) map[string]struct{} {
	out := map[string]struct{}{}
	for line := range strings.SplitSeq(fwd, "\n") {
		if term, _, ok := strings.Cut(line, " "); ok {
			out[term] = struct{}{}
		}
	}
	return out
}

// analyzeAll analyzes the published stories among stories on every
// core, ahead of the transaction that stores them: the analyzer is most
// of an import's work, and the database can only use one core.
func analyzeAll(stories []*news.Story) map[*news.Story]*searchDoc {
	docs := make([]*searchDoc, len(stories))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1) - 1); i < len(stories); i = int(next.Add(1) - 1) {
				if stories[i].Status == news.StatusPublished {
					docs[i] = analyzeStory(stories[i])
				}
			}
		}()
	}
	wg.Wait()
	out := make(map[*news.Story]*searchDoc, len(stories))
	for i, d := range docs {
		if d != nil {
			out[stories[i]] = d
		}
	}
	return out
}

// searchIndex is the part of a dialect that stores and reads the index.
type searchIndex interface {
	writeDoc(ctx context.Context, s *Store, tx *txn, d *searchDoc) error
	deleteDoc(ctx context.Context, s *Store, tx *txn, storyID int64) error
	// flush finishes index writes deferred to the end of tx.
	flush(ctx context.Context, tx *txn) error
	// postings returns, for every indexed story holding any of terms,
	// each term's count per field.
	postings(ctx context.Context, s *Store, terms []string) ([]posting, error)
	// vocabularyQuery is the query listing every indexed term with its
	// document frequency.
	vocabularyQuery() string
}

// hit is a posting as searches use and the cache keeps it: the story's
// metadata shared between its terms, the counts small.
type hit struct {
	doc *docMeta
	tf  [numFields]uint16
}

// posting is one story's counts for one term, as a dialect reads it.
type posting struct {
	doc  int64 // story id
	term string
	tf   [numFields]int
}

// docMeta is what ranking and filtering need to know of a story.
type docMeta struct {
	id        int64
	sectionID int64
	source    string
	published sql.NullInt64
	length    [numFields]int
}

// Optimize compacts the database and its search index after a bulk
// load, so searches read fewer pages. It can take a while on a large
// archive; searches and writes go on meanwhile.
func (s *Store) Optimize(ctx context.Context) error {
	for _, stmt := range s.dialect.optimize() {
		if _, err := s.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("store: optimize: %w", err)
		}
	}
	return nil
}

// Reindex rebuilds the whole search index from the stories, for use
// after the analyzer changes. It returns the number of stories indexed.
func (s *Store) Reindex(ctx context.Context) (int, error) {
	n := 0
	var batch []*news.Story
	flush := func() error {
		err := s.writeTxAnalyzed(ctx, nil, true, func(tx *txn) error {
			for _, st := range batch {
				if err := s.indexStory(ctx, tx, st); err != nil {
					return err
				}
			}
			tx.logChange(Change{Kind: ChangeStories, Search: searchAll})
			return nil
		})
		batch = batch[:0]
		return err
	}
	err := s.eachStory(ctx, `1 = 1`, "id", func(st *news.Story) error {
		if st.Status == news.StatusPublished {
			n++
		}
		batch = append(batch, st)
		if len(batch) == 500 {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err == nil {
		err = s.Optimize(ctx)
	}
	return n, err
}
