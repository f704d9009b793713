package store

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
)

// The change log (table changes) records, in the transaction of each
// write, what changed: everything that must follow the content without
// being part of its transaction reads it — this process's search
// statistics, page caches, other nodes. Ids are given in commit order
// without gaps (see change_counter in the migrations), so a follower
// that has read up to id N has seen every change up to N.

// Change kinds.
const (
	ChangeStory   = "story"   // one story; StoryID says which
	ChangeStories = "stories" // many stories at once (an import)
	ChangeUser    = "user"
	ChangeMigrate = "migrate"
	// ChangeSection: a section was created, renamed, moved, put in or
	// out of the navigation, or merged (SectionID says which; a merge
	// names the section the stories moved into). Every public page's
	// navigation may show it.
	ChangeSection = "section"
	// ChangeFront: the editors saved a new front-page layout.
	ChangeFront = "front"
	// ChangeBreaking: a story (StoryID) was marked breaking or unmarked.
	// Its expiry is time, not a change: pages showing the ticker must
	// not outlive the earliest expiry (the site's Cache-Control says so).
	ChangeBreaking = "breaking"
	// ChangeDemo: the demo edition was removed; many stories at once.
	ChangeDemo = "demo"
)

// Change is one row of the change log.
type Change struct {
	ID        int64
	At        time.Time
	Kind      string
	StoryID   int64
	SectionID int64
	// Search is searchNone, searchOne (this story's entry; Terms says
	// how) or searchAll (the whole index).
	Search int
	Terms  string
}

const (
	searchNone = 0
	searchOne  = 1
	searchAll  = 2
)

// Public reports whether the change may have changed what readers see.
func (c Change) Public() bool {
	switch c.Kind {
	case ChangeStories, ChangeMigrate, ChangeSection, ChangeFront, ChangeBreaking, ChangeDemo, ChangeComments:
		return true
	}
	return c.Search != searchNone
}

// logChange queues a change row, written when the transaction commits.
func (t *txn) logChange(c Change) { t.changes = append(t.changes, c) }

// writeChanges gives the queued changes their ids and writes them. It
// runs last in the transaction: the counter row stays locked until
// commit, so ids are handed out in commit order.
func (t *txn) writeChanges(ctx context.Context) error {
	if len(t.changes) == 0 {
		return nil
	}
	var last int64
	if err := t.queryRow(ctx, `UPDATE change_counter SET last = last + ? WHERE id = 1 RETURNING last`,
		len(t.changes)).Scan(&last); err != nil {
		return fmt.Errorf("store: log change: %w", err)
	}
	now := t.s.now().UnixMicro()
	first := last - int64(len(t.changes)) + 1
	for i, c := range t.changes {
		if _, err := t.exec(ctx, `INSERT INTO changes (id, at_us, kind, story_id, section_id, search, terms)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, first+int64(i), now, c.Kind, c.StoryID, c.SectionID, c.Search, c.Terms); err != nil {
			return fmt.Errorf("store: log change: %w", err)
		}
	}
	if err := t.s.dialect.notify(ctx, t, last); err != nil {
		return fmt.Errorf("store: announce change: %w", err)
	}
	t.last = last
	return nil
}

// changeFeed is what the store knows of the change log.
type changeFeed struct {
	// known is the highest change id known to exist: from this
	// process's own commits, and from the listener when one runs.
	known atomic.Int64
	// listening is set while a listener keeps known current, so
	// readers need not ask the database.
	listening atomic.Bool
}

// seen records that the log holds change id.
func (f *changeFeed) seen(id int64) {
	for {
		k := f.known.Load()
		if id <= k || f.known.CompareAndSwap(k, id) {
			return
		}
	}
}

// LatestChange returns the id of the newest change in the log.
func (s *Store) LatestChange(ctx context.Context) (int64, error) {
	var last int64
	if err := s.queryRow(ctx, `SELECT last FROM change_counter WHERE id = 1`).Scan(&last); err != nil {
		return 0, fmt.Errorf("store: read change log: %w", err)
	}
	s.feed.seen(last)
	return last, nil
}

// knownChange returns the newest change id this process must have
// followed before it answers: what the listener says when one runs,
// else what the database says.
//
// A context from Pin answers for the change it was pinned to.
func (s *Store) knownChange(ctx context.Context) (int64, error) {
	if at, ok := ctx.Value(pinKey{s}).(int64); ok {
		return at, nil
	}
	if s.feed.listening.Load() {
		return s.feed.known.Load(), nil
	}
	return s.LatestChange(ctx)
}

// Changes returns up to limit changes after id, oldest first.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]Change, error) {
	rows, err := s.query(ctx, `SELECT id, at_us, kind, story_id, section_id, search, terms
		FROM changes WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: read change log: %w", err)
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var at int64
		if err := rows.Scan(&c.ID, &at, &c.Kind, &c.StoryID, &c.SectionID, &c.Search, &c.Terms); err != nil {
			return nil, fmt.Errorf("store: read change log: %w", err)
		}
		c.At = time.UnixMicro(at).UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// termDelta writes the terms a search entry gained and lost as the
// change log keeps them: a "+term" or "-term" line each.
func termDelta(before, after map[string]struct{}) string {
	var b strings.Builder
	for t := range after {
		if _, ok := before[t]; !ok {
			b.WriteString("+" + t + "\n")
		}
	}
	for t := range before {
		if _, ok := after[t]; !ok {
			b.WriteString("-" + t + "\n")
		}
	}
	return b.String()
}

// PruneChanges deletes changes older than keep, but never the newest,
// so the counter and the log stay in step. Followers further behind
// than keep reload everything.
func (s *Store) PruneChanges(ctx context.Context, keep time.Duration) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM changes WHERE at_us < ? AND id < (SELECT last FROM change_counter WHERE id = 1)`),
		s.now().Add(-keep).UnixMicro())
	if err != nil {
		return 0, fmt.Errorf("store: prune change log: %w", err)
	}
	return res.RowsAffected()
}
