package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"khabar/internal/news"
)

// writeTags stores st's tags in one statement (news.MaxTags bounds it).
func (s *Store) writeTags(ctx context.Context, tx *txn, st *news.Story) error {
	if len(st.Tags) == 0 {
		return nil
	}
	args := make([]any, 0, 4*len(st.Tags))
	for i, tag := range st.Tags {
		args = append(args, st.ID, i, tag, nameKey(tag))
	}
	query := `INSERT INTO story_tags (story_id, position, tag, tag_key) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(st.Tags)), ", ")
	if _, err := tx.exec(ctx, query, args...); err != nil {
		return fmt.Errorf("store: tag story %d: %w", st.ID, err)
	}
	return nil
}

// backfillHeadlineTerms fills stories.headline_terms for the stories a
// database held before the column existed.
func backfillHeadlineTerms(ctx context.Context, s *Store, tx *sql.Tx) error {
	type row struct {
		id       int64
		headline string
	}
	var after int64
	for {
		rows, err := tx.QueryContext(ctx, s.q(`SELECT id, headline FROM stories WHERE id > ? ORDER BY id LIMIT 1000`), after)
		if err != nil {
			return err
		}
		var batch []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.headline); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		for _, r := range batch {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE stories SET headline_terms = ? WHERE id = ?`), headlineTerms(r.headline), r.id); err != nil {
				return err
			}
		}
		after = batch[len(batch)-1].id
	}
}

// hotWindow and hotStories bound the stories HotTags counts: those of
// the last two days, or the 200 newest if that reaches further back, so
// an agency that publishes little still has tags to show.
const (
	hotWindow  = 48 * time.Hour
	hotStories = 200
)

// HotTags returns the tags most used by the stories public at time at
// of late (see hotWindow), most used first; spellings of one tag that
// differ only in letter forms or ZWNJ count as one.
func (s *Store) HotTags(ctx context.Context, at time.Time, limit int) ([]news.TagCount, error) {
	published := string(news.StatusPublished)
	since := at.Add(-hotWindow).UnixMicro()
	var nth sql.NullInt64
	err := s.queryRow(ctx, `SELECT published_us FROM stories WHERE status = ? AND code IS NOT NULL AND published_us <= ?
		ORDER BY published_us DESC LIMIT 1 OFFSET ?`, published, at.UnixMicro(), hotStories-1).Scan(&nth)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		since = 0 // fewer than hotStories stories in all: every one counts
	case err != nil:
		return nil, fmt.Errorf("store: hot tags: %w", err)
	case nth.Valid && nth.Int64 < since:
		since = nth.Int64
	}
	rows, err := s.query(ctx, `SELECT min(t.tag), count(*) FROM story_tags t JOIN stories s ON s.id = t.story_id
		WHERE s.status = ? AND s.code IS NOT NULL AND s.published_us >= ? AND s.published_us <= ?
		GROUP BY t.tag_key ORDER BY count(*) DESC, min(t.tag) LIMIT ?`, published, since, at.UnixMicro(), limit)
	if err != nil {
		return nil, fmt.Errorf("store: hot tags: %w", err)
	}
	defer rows.Close()
	var out []news.TagCount
	for rows.Next() {
		var tc news.TagCount
		if err := rows.Scan(&tc.Tag, &tc.Stories); err != nil {
			return nil, fmt.Errorf("store: hot tags: %w", err)
		}
		out = append(out, tc)
	}
	return out, rows.Err()
}

// backfillKeys fills sections.name_key and story_tags.tag_key for what
// a database held before the columns existed.
func backfillKeys(ctx context.Context, s *Store, tx *sql.Tx) error {
	type row struct {
		id   int64
		pos  int
		text string
	}
	read := func(query string, args ...any) ([]row, error) {
		rows, err := tx.QueryContext(ctx, s.q(query), args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.pos, &r.text); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, rows.Err()
	}
	secs, err := read(`SELECT id, 0, name FROM sections`)
	if err != nil {
		return err
	}
	for _, r := range secs {
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE sections SET name_key = ? WHERE id = ?`), nameKey(r.text), r.id); err != nil {
			return err
		}
	}
	var after int64 = -1
	for {
		batch, err := read(`SELECT story_id, position, tag FROM story_tags WHERE story_id > ? ORDER BY story_id, position LIMIT 2000`, after)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		// The batch may end inside a story: finish that story first.
		last := batch[len(batch)-1].id
		rest, err := read(`SELECT story_id, position, tag FROM story_tags WHERE story_id = ? AND position > ?`, last, batch[len(batch)-1].pos)
		if err != nil {
			return err
		}
		for _, r := range append(batch, rest...) {
			if _, err := tx.ExecContext(ctx, s.q(`UPDATE story_tags SET tag_key = ? WHERE story_id = ? AND position = ?`),
				nameKey(r.text), r.id, r.pos); err != nil {
				return err
			}
		}
		after = last
	}
}
