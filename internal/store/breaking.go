package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"khabar/internal/news"
)

// SetBreaking marks a published story breaking («فوری») until a time
// within news.MaxBreaking from now, by actor; marking it again moves its
// expiry. It returns ENOTFOUND for no such story, ECONFLICT for one that
// is not published and EINVALID for an expiry not in the future or too
// far in it.
func (s *Store) SetBreaking(ctx context.Context, actor news.Actor, storyID int64, until time.Time) error {
	now := s.now()
	if !until.After(now) {
		return news.FieldErrorf("until", news.EINVALID, "زمان پایان «فوری» باید در آینده باشد")
	}
	if until.Sub(now) > news.MaxBreaking {
		return news.FieldErrorf("until", news.EINVALID, "خبر بیش از ۲۴ ساعت «فوری» نمی‌ماند")
	}
	return s.writeTx(ctx, func(tx *txn) error {
		st, err := tx.loadStory(ctx, storyID)
		if err != nil {
			return err
		}
		if !st.Visible(now) {
			return news.Errorf(news.ECONFLICT, "فقط خبر منتشرشده «فوری» می‌شود")
		}
		if _, err := tx.exec(ctx, `INSERT INTO breaking (story_id, until_us, at_us, actor_name) VALUES (?, ?, ?, ?)
			ON CONFLICT (story_id) DO UPDATE SET until_us = excluded.until_us, at_us = excluded.at_us,
			actor_name = excluded.actor_name`, storyID, until.UnixMicro(), now.UnixMicro(), actor.Name); err != nil {
			return fmt.Errorf("store: mark story %d breaking: %w", storyID, err)
		}
		tx.audit(ctx, actor, "breaking.set", "story", storyID, st.Headline, "فوری تا "+until.UTC().Format(time.RFC3339))
		tx.logChange(Change{Kind: ChangeBreaking, StoryID: storyID, SectionID: st.Section.ID})
		return nil
	})
}

// ClearBreaking takes the breaking mark off a story, by actor. A story
// that is not marked is left as it is.
func (s *Store) ClearBreaking(ctx context.Context, actor news.Actor, storyID int64) error {
	return s.writeTx(ctx, func(tx *txn) error {
		st, err := tx.loadStory(ctx, storyID)
		if err != nil {
			return err
		}
		res, err := tx.exec(ctx, `DELETE FROM breaking WHERE story_id = ?`, storyID)
		if err != nil {
			return fmt.Errorf("store: unmark story %d breaking: %w", storyID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		tx.audit(ctx, actor, "breaking.clear", "story", storyID, st.Headline, "")
		tx.logChange(Change{Kind: ChangeBreaking, StoryID: storyID, SectionID: st.Section.ID})
		return nil
	})
}

// Breaking returns the stories breaking at time at, the latest marked
// first, at most news.MaxTicker; stories no longer public are left out.
//
// The answer is kept for the second asked for until the log moves (the
// stories it holds are shared, not to be changed); at is taken to the
// second.
func (s *Store) Breaking(ctx context.Context, at time.Time) ([]news.Breaking, error) {
	sec := at.Unix()
	return s.memos.breaking.get(ctx, s, sec, func(ctx context.Context) ([]news.Breaking, error) {
		return s.breaking(ctx, time.Unix(sec, 0))
	})
}

func (s *Store) breaking(ctx context.Context, at time.Time) ([]news.Breaking, error) {
	// The marks first (a handful), then their stories: a join may make
	// the database walk the stories instead.
	rows, err := s.query(ctx, `SELECT story_id, until_us, at_us, actor_name FROM breaking
		WHERE until_us > ? ORDER BY at_us DESC, story_id DESC LIMIT ?`, at.UnixMicro(), 4*news.MaxTicker)
	if err != nil {
		return nil, fmt.Errorf("store: list breaking stories: %w", err)
	}
	var out []news.Breaking
	var ids []int64
	for rows.Next() {
		var b news.Breaking
		var id, until, marked int64
		if err := rows.Scan(&id, &until, &marked, &b.By); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: list breaking stories: %w", err)
		}
		b.Until, b.At = time.UnixMicro(until).UTC(), time.UnixMicro(marked).UTC()
		b.Story = &news.Story{ID: id}
		out = append(out, b)
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list breaking stories: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	stories, err := s.storiesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*news.Story{}
	for _, st := range stories {
		byID[st.ID] = st
	}
	kept := out[:0]
	for _, b := range out {
		if st := byID[b.Story.ID]; st != nil && st.Visible(at) && len(kept) < news.MaxTicker {
			b.Story = st
			kept = append(kept, b)
		}
	}
	return kept, nil
}

// BreakingUntil returns when a story stops being breaking; the zero
// time when it is not marked (or its mark ran out before now).
func (s *Store) BreakingUntil(ctx context.Context, storyID int64) (time.Time, error) {
	var until int64
	err := s.queryRow(ctx, `SELECT until_us FROM breaking WHERE story_id = ?`, storyID).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("store: load breaking mark of story %d: %w", storyID, err)
	}
	t := time.UnixMicro(until).UTC()
	if !t.After(s.now()) {
		return time.Time{}, nil
	}
	return t, nil
}
