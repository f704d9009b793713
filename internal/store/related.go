package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	"khabar/internal/news"
)

// Related stories («اخبار مرتبط») come from the search index itself: a
// story's most distinctive terms (by its own term counts and the
// index's document frequencies) are asked of the same BM25F ranking the
// reader's search uses. They are computed once per revision of a story,
// by RunRelated following the change log, and stored; a page view only
// reads them.

// Tuning of related stories.
const (
	relatedTerms = 12 // distinctive terms asked for
	relatedKept  = 10 // stories stored per story; pages show fewer
	// Terms found in more than relatedMaxShare of the stories, or in more
	// than relatedMaxDF, say little about a subject and cost the most to
	// rank; relatedMinDF keeps enough terms in a small archive.
	relatedMaxShare = 0.02
	relatedMinDF    = 20
	relatedMaxDF    = 1000
	relatedBatch    = 50 // stories refreshed per round of RunRelated
)

// Related returns the stories related to a story as last computed, public
// at time at, best first, at most limit: never the story itself, never
// one killed or withdrawn since.
// relatedBoost weighs where a story holds a term when choosing the
// terms that say what it is about: the headline most, then the lead.
var relatedBoost = [numFields]float64{fieldHead: 3, fieldLead: 1.5, fieldBody: 1}

func (s *Store) Related(ctx context.Context, storyID int64, at time.Time, limit int) ([]*news.Story, error) {
	var list string
	err := s.queryRow(ctx, `SELECT related FROM related_stories WHERE story_id = ?`, storyID).Scan(&list)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: load related stories of %d: %w", storyID, err)
	}
	stories, err := s.storiesByID(ctx, parseIDs(list))
	if err != nil {
		return nil, err
	}
	var out []*news.Story
	for _, st := range stories {
		if st.ID != storyID && st.Visible(at) && len(out) < limit {
			out = append(out, st)
		}
	}
	return out, nil
}

// relatedTerm is one distinctive term of a story and how distinctive.
type relatedTerm struct {
	term  string
	score float64
}

// distinctiveTerms picks the terms of a story's forward entries that
// best tell its subject: weighted by where they occur (the headline
// counts most) and by how rare they are in the index. Terms only this
// story holds find nothing and are left out, as are numbers and terms
// too common to mean anything.
func distinctiveTerms(fwd string, df map[string]int, docs int) []relatedTerm {
	var out []relatedTerm
	maxDF := min(max(relatedMinDF, int(relatedMaxShare*float64(docs))), relatedMaxDF)
	for line := range strings.SplitSeq(fwd, "\n") {
		term, counts, ok := strings.Cut(line, " ")
		if !ok || !meaningful(term) {
			continue
		}
		d := df[term]
		if d < 2 || d > maxDF {
			continue
		}
		tf := parseCounts(counts)
		weighted := 0.0
		for f := range tf {
			weighted += relatedBoost[f] * float64(tf[f])
		}
		idf := math.Log(1 + (float64(docs)-float64(d)+0.5)/(float64(d)+0.5))
		out = append(out, relatedTerm{term, math.Log1p(weighted) * idf})
	}
	slices.SortFunc(out, func(a, b relatedTerm) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return strings.Compare(a.term, b.term)
	})
	return out[:min(len(out), relatedTerms)]
}

// meaningful reports whether a term can say what a story is about: two
// letters or more, not a number.
func meaningful(term string) bool {
	letters := 0
	for _, r := range term {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// computeRelated ranks the stories related to one story, best first;
// none for a story not in the index (not published).
func (s *Store) computeRelated(ctx context.Context, storyID int64) ([]int64, error) {
	if err := s.catchUp(ctx); err != nil {
		return nil, err
	}
	entries, err := s.forwardEntries(ctx, []int64{storyID})
	if err != nil {
		return nil, err
	}
	fwd, ok := entries[storyID]
	if !ok {
		return nil, nil
	}
	c := &s.search
	c.rw.RLock()
	defer c.rw.RUnlock()
	stats := c.stats
	if c.vocab == nil {
		return nil, nil
	}
	picked := distinctiveTerms(fwd, c.vocab.df, stats.docs)
	if len(picked) == 0 {
		return nil, nil
	}
	words := make([]queryWord, len(picked))
	terms := make([]string, len(picked))
	for i, t := range picked {
		// Each term weighs as distinctive as it is: the most, 1.
		w := t.score / picked[0].score
		words[i] = queryWord{typed: t.term, alts: []alt{{terms: []string{t.term}, weight: w}}}
		terms[i] = t.term
	}
	lists, err := s.postings(ctx, stats, terms)
	if err != nil {
		return nil, err
	}
	r := s.newRanker(words, stats, func(m *docMeta) bool { return m.id != storyID })
	defer r.release()
	r.need = min(2, len(words))
	sorted := slices.Sorted(maps.Keys(lists))
	for _, t := range sorted {
		if len(lists[t]) > 0 {
			r.setIDF(t, len(lists[t]))
		}
	}
	for _, t := range sorted {
		r.addHits(t, lists[t])
	}
	pick := make([]int, len(words))
	type cand struct {
		id        int64
		score     float64
		published int64
	}
	var all []cand
	for k, m := range r.metas {
		if sc := r.score(k, false, pick); sc > 0 {
			all = append(all, cand{m.id, sc, m.published.Int64})
		}
	}
	// Best first; newest first among equals.
	slices.SortFunc(all, func(a, b cand) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := cmp.Compare(b.published, a.published); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	ids := make([]int64, 0, relatedKept)
	for _, a := range all[:min(len(all), relatedKept)] {
		ids = append(ids, a.id)
	}
	return ids, nil
}

// RefreshRelated computes and stores the related stories of each
// published story in ids, as of its current revision. It returns how
// many it stored.
func (s *Store) RefreshRelated(ctx context.Context, ids []int64) (int, error) {
	done := 0
	for _, id := range ids {
		var rev int64
		var status string
		err := s.queryRow(ctx, `SELECT revision, status FROM stories WHERE id = ?`, id).Scan(&rev, &status)
		if errors.Is(err, sql.ErrNoRows) || err == nil && news.Status(status) != news.StatusPublished {
			continue // its page is not shown: nothing to relate to
		}
		if err != nil {
			return done, fmt.Errorf("store: related stories of %d: %w", id, err)
		}
		related, err := s.computeRelated(ctx, id)
		if err != nil {
			return done, err
		}
		// The story may have moved on meanwhile: its revision is then
		// newer than rev, and the next round computes it again.
		if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO related_stories (story_id, revision, computed_us, related)
			VALUES (?, ?, ?, ?) ON CONFLICT (story_id) DO UPDATE SET revision = excluded.revision,
			computed_us = excluded.computed_us, related = excluded.related`),
			id, rev, s.now().UnixMicro(), formatIDs(related)); err != nil {
			if isForeignKeyViolation(err) {
				continue // the story was removed meanwhile
			}
			return done, fmt.Errorf("store: store related stories of %d: %w", id, err)
		}
		done++
	}
	return done, nil
}

// isForeignKeyViolation reports whether err is a write refused because
// the row it refers to is gone.
func isForeignKeyViolation(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "FOREIGN KEY") || strings.Contains(msg, "foreign key") || strings.Contains(msg, "23503")
}

// StaleRelated returns up to limit published stories whose related
// stories were never computed, or computed for an older revision.
func (s *Store) StaleRelated(ctx context.Context, limit int) ([]int64, error) {
	rows, err := s.query(ctx, `SELECT s.id FROM stories s LEFT JOIN related_stories r ON r.story_id = s.id
		WHERE s.status = ? AND (r.story_id IS NULL OR r.revision <> s.revision)
		ORDER BY s.published_us IS NULL, s.published_us DESC, s.id DESC LIMIT ?`, string(news.StatusPublished), limit)
	if err != nil {
		return nil, fmt.Errorf("store: find stale related stories: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: find stale related stories: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// RunRelated keeps related stories current until ctx ends, following
// the change log (checked every interval): a story whose search entry
// changed gets its related stories again; a change to the whole index
// (an import, a merge of sections), a gap in the log or a long backlog
// makes it look for every published story whose related stories do not
// match its revision, newest first, a batch at a time. It starts with
// such a look. report, when not nil, hears how many it computed in a
// round and what failed.
func (s *Store) RunRelated(ctx context.Context, interval time.Duration, report func(done int, err error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	var applied int64 = -1 // -1: look at everything first
	for {
		if last, err := s.knownChange(ctx); err == nil && last != applied {
			n, err := s.followRelated(ctx, &applied, last)
			if report != nil && ctx.Err() == nil && (n > 0 || err != nil) {
				report(n, err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// followRelated brings related stories up to change last, from
// *applied, which it moves on as far as it got.
func (s *Store) followRelated(ctx context.Context, applied *int64, last int64) (int, error) {
	full := *applied < 0
	var ids []int64
	if !full {
		changes, err := s.Changes(ctx, *applied, followBatch)
		if err != nil {
			return 0, err
		}
		if len(changes) == followBatch || len(changes) > 0 && changes[0].ID != *applied+1 {
			full = true
		}
		for _, c := range changes {
			switch {
			case c.Search == searchAll:
				full = true
			case c.Search == searchOne && c.StoryID != 0 && !slices.Contains(ids, c.StoryID):
				ids = append(ids, c.StoryID)
			}
		}
		if !full && len(changes) > 0 {
			last = changes[len(changes)-1].ID
		}
	}
	if !full {
		n, err := s.RefreshRelated(ctx, ids)
		if err == nil {
			*applied = last
		}
		return n, err
	}
	total := 0
	for ctx.Err() == nil {
		ids, err := s.StaleRelated(ctx, relatedBatch)
		if err != nil {
			return total, err
		}
		if len(ids) == 0 {
			*applied = last
			return total, nil
		}
		n, err := s.RefreshRelated(ctx, ids)
		total += n
		if err != nil {
			return total, err
		}
		if n == 0 {
			return total, nil // nothing could be stored: try again next round
		}
	}
	return total, ctx.Err()
}
