package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"khabar/internal/news"
)

// Page views are counted in memory by each node (web's read counter)
// and added here in batches: per story and hour, for the most read of a
// day or a week, and in all, for the newsroom. Adding is commutative,
// so nodes flushing at the same time merge without coordination.

// readsPerInsert keeps one statement's parameters well under SQLite's
// limit.
const readsPerInsert = 500

// AddReads adds counts (story id → views) to the hour holding at, in
// one transaction. Counts for stories that are gone are kept and never
// shown.
func (s *Store) AddReads(ctx context.Context, counts map[int64]int64, at time.Time) error {
	if len(counts) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(counts))
	for id, n := range counts {
		if n > 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids) // the same lock order in every node's transaction
	hour := at.Unix() / 3600
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for len(ids) > 0 {
			n := min(len(ids), readsPerInsert)
			hourly := make([]any, 0, 3*n)
			totals := make([]any, 0, 2*n)
			for _, id := range ids[:n] {
				hourly = append(hourly, id, hour, counts[id])
				totals = append(totals, id, counts[id])
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO story_reads (story_id, hour, reads) VALUES `+
				strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", n), ", ")+
				` ON CONFLICT (story_id, hour) DO UPDATE SET reads = story_reads.reads + excluded.reads`), hourly...); err != nil {
				return fmt.Errorf("store: add reads: %w", err)
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO story_read_totals (story_id, reads) VALUES `+
				strings.TrimSuffix(strings.Repeat("(?, ?), ", n), ", ")+
				` ON CONFLICT (story_id) DO UPDATE SET reads = story_read_totals.reads + excluded.reads`), totals...); err != nil {
				return fmt.Errorf("store: add reads: %w", err)
			}
			ids = ids[n:]
		}
		return nil
	})
}

// MostRead returns the stories public at time at that were read most
// since since, most read first, at most limit.
func (s *Store) MostRead(ctx context.Context, since, at time.Time, limit int) ([]*news.Story, error) {
	// Ask for more than limit: some of the most read may be gone since.
	rows, err := s.query(ctx, `SELECT story_id FROM story_reads WHERE hour >= ?
		GROUP BY story_id ORDER BY sum(reads) DESC, story_id DESC LIMIT ?`, since.Unix()/3600, 4*limit)
	if err != nil {
		return nil, fmt.Errorf("store: most read: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: most read: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: most read: %w", err)
	}
	stories, err := s.storiesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []*news.Story
	for _, st := range stories {
		if st.Visible(at) && len(out) < limit {
			out = append(out, st)
		}
	}
	return out, nil
}

// ReadTotals returns how often each of the stories was read in all, as
// flushed so far; stories never read are absent.
func (s *Store) ReadTotals(ctx context.Context, ids []int64) (map[int64]int64, error) {
	out := make(map[int64]int64, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT story_id, reads FROM story_read_totals WHERE story_id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: read totals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("store: read totals: %w", err)
		}
		out[id] = n
	}
	return out, rows.Err()
}

// PruneReads deletes the hourly counts older than keep; totals stay.
func (s *Store) PruneReads(ctx context.Context, keep time.Duration) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM story_reads WHERE hour < ?`), s.now().Add(-keep).Unix()/3600)
	if err != nil {
		return 0, fmt.Errorf("store: prune reads: %w", err)
	}
	return res.RowsAffected()
}
