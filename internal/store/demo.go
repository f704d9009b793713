package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

// DemoRemoval says what RemoveDemo took out.
type DemoRemoval struct {
	Stories  int
	Sections []news.Section // the sections only demo stories used
}

// DemoWanted reports whether the demo edition may be loaded: the
// database holds no story at all, and its demo edition was never
// removed.
func (s *Store) DemoWanted(ctx context.Context) (bool, error) {
	n, err := s.StoryCount(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	var v string
	err = s.queryRow(ctx, `SELECT value FROM settings WHERE key = 'demo'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: read settings: %w", err)
	}
	return v != "removed", nil
}

// DemoStories returns how many demo stories the database holds.
func (s *Store) DemoStories(ctx context.Context) (int, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT count(*) FROM stories WHERE demo = ?`, true).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count demo stories: %w", err)
	}
	return n, nil
}

// RemoveDemo deletes the demo edition, by actor, in one transaction:
// every demo story with its revisions, tags, search entry, counts and
// marks, and the sections that only demo stories used (no other story,
// no sub-section). News codes stay taken. The demo edition is never
// loaded again into this database.
func (s *Store) RemoveDemo(ctx context.Context, actor news.Actor) (DemoRemoval, error) {
	var out DemoRemoval
	err := s.writeTx(ctx, func(tx *txn) error {
		out = DemoRemoval{}
		rows, err := tx.tx.QueryContext(ctx, s.q(`SELECT id, section_id FROM stories WHERE demo = ? ORDER BY id`), true)
		if err != nil {
			return fmt.Errorf("store: find demo stories: %w", err)
		}
		var ids []int64
		sections := map[int64]bool{}
		for rows.Next() {
			var id, sec int64
			if err := rows.Scan(&id, &sec); err != nil {
				rows.Close()
				return fmt.Errorf("store: find demo stories: %w", err)
			}
			ids = append(ids, id)
			sections[sec] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: find demo stories: %w", err)
		}
		for _, id := range ids {
			if err := s.dialect.deleteDoc(ctx, s, tx, id); err != nil {
				return err
			}
			for _, q := range []string{
				`DELETE FROM story_reads WHERE story_id = ?`,
				`DELETE FROM story_read_totals WHERE story_id = ?`,
				`DELETE FROM autosaves WHERE story_id = ?`,
			} {
				if _, err := tx.exec(ctx, q, id); err != nil {
					return fmt.Errorf("store: remove demo story %d: %w", id, err)
				}
			}
		}
		if _, err := tx.exec(ctx, `DELETE FROM stories WHERE demo = ?`, true); err != nil {
			return fmt.Errorf("store: remove demo stories: %w", err)
		}
		out.Stories = len(ids)
		all, err := tx.sections(ctx)
		if err != nil {
			return err
		}
		for _, sec := range all {
			if !sections[sec.ID] {
				continue
			}
			var used int
			if err := tx.queryRow(ctx, `SELECT (SELECT count(*) FROM stories WHERE section_id = ?)
				+ (SELECT count(*) FROM sections WHERE parent_id = ?)`, sec.ID, sec.ID).Scan(&used); err != nil {
				return fmt.Errorf("store: remove demo sections: %w", err)
			}
			if used > 0 {
				continue
			}
			if _, err := tx.exec(ctx, `DELETE FROM sections WHERE id = ?`, sec.ID); err != nil {
				return fmt.Errorf("store: remove section %q: %w", sec.Slug, err)
			}
			out.Sections = append(out.Sections, sec)
		}
		if _, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES ('demo', 'removed')
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`); err != nil {
			return fmt.Errorf("store: remove demo: %w", err)
		}
		tx.audit(ctx, actor, "demo.remove", "demo", 0, "محتوای نمایشی",
			fmt.Sprintf("%s خبر و %s سرویس برداشته شد", jalali.PersianNumber(out.Stories), jalali.PersianNumber(len(out.Sections))))
		tx.logChange(Change{Kind: ChangeDemo, Search: searchAll})
		return nil
	})
	return out, err
}
