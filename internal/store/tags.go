package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"khabar/internal/news"
)

// writeTags stores st's tags in one statement (news.MaxTags bounds it).
func (s *Store) writeTags(ctx context.Context, tx *txn, st *news.Story) error {
	if len(st.Tags) == 0 {
		return nil
	}
	args := make([]any, 0, 3*len(st.Tags))
	for i, tag := range st.Tags {
		args = append(args, st.ID, i, tag)
	}
	query := `INSERT INTO story_tags (story_id, position, tag) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(st.Tags)), ", ")
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
