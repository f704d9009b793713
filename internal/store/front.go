package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"khabar/internal/news"
)

// FrontPage returns the newest front-page layout; revision 0, with
// nothing chosen, when no editor has saved one.
func (s *Store) FrontPage(ctx context.Context) (news.FrontPage, error) {
	var f news.FrontPage
	var at int64
	var featured string
	err := s.queryRow(ctx, `SELECT revision, at_us, actor_name, lead_id, featured FROM front_pages
		ORDER BY revision DESC LIMIT 1`).Scan(&f.Revision, &at, &f.By, &f.LeadID, &featured)
	if errors.Is(err, sql.ErrNoRows) {
		return news.FrontPage{}, nil
	}
	if err != nil {
		return f, fmt.Errorf("store: load front page: %w", err)
	}
	f.At = time.UnixMicro(at).UTC()
	f.Featured = parseIDs(featured)
	return f, nil
}

// SetFrontPage saves f as the next revision of the front page, by actor,
// and returns it as stored. base is the revision the editor started
// from: another editor's save since is refused with ECONFLICT, so
// nobody's choice is overwritten unseen. A lead or featured story that
// is not published is refused with EINVALID naming it.
func (s *Store) SetFrontPage(ctx context.Context, actor news.Actor, base int64, f news.FrontPage) (news.FrontPage, error) {
	f = f.Clean()
	err := s.writeTx(ctx, func(tx *txn) error {
		var cur int64
		if err := tx.queryRow(ctx, `SELECT coalesce(max(revision), 0) FROM front_pages`).Scan(&cur); err != nil {
			return fmt.Errorf("store: load front page: %w", err)
		}
		if cur != base {
			return news.Errorf(news.ECONFLICT, "صفحهٔ نخست را همکار دیگری در این میان ذخیره کرده است (نسخهٔ %s)؛ صفحه را دوباره باز کنید و تغییرها را دوباره بدهید", faNum(int(cur)))
		}
		var lead string
		ids := f.Featured
		if f.LeadID != 0 {
			ids = append([]int64{f.LeadID}, ids...)
		}
		for i, id := range ids {
			var status, headline string
			var code sql.NullInt64
			err := tx.queryRow(ctx, `SELECT status, code, headline FROM stories WHERE id = ?`, id).Scan(&status, &code, &headline)
			if errors.Is(err, sql.ErrNoRows) {
				return news.FieldErrorf("featured", news.EINVALID, "خبر %s پیدا نشد", faNum(int(id)))
			}
			if err != nil {
				return fmt.Errorf("store: load story %d: %w", id, err)
			}
			if news.Status(status) != news.StatusPublished || !code.Valid {
				return news.FieldErrorf("featured", news.EINVALID, "«%s» منتشرشده نیست و در صفحهٔ نخست نمی‌آید", headline)
			}
			if i == 0 && f.LeadID != 0 {
				lead = headline
			}
		}
		f.Revision, f.By, f.At = cur+1, actor.Name, s.now().UTC()
		if _, err := tx.exec(ctx, `INSERT INTO front_pages (revision, at_us, actor_id, actor_name, lead_id, featured)
			VALUES (?, ?, ?, ?, ?, ?)`, f.Revision, f.At.UnixMicro(), nullID(actor.ID), actor.Name, f.LeadID, formatIDs(f.Featured)); err != nil {
			return fmt.Errorf("store: save front page: %w", err)
		}
		detail := "بدون خبر اصلی"
		if lead != "" {
			detail = "خبر اصلی: «" + lead + "»"
		}
		detail += "؛ " + faNum(len(f.Featured)) + " خبر برگزیده"
		tx.audit(ctx, actor, "front.save", "front", f.Revision, "صفحهٔ نخست، نسخهٔ "+faNum(int(f.Revision)), detail)
		tx.logChange(Change{Kind: ChangeFront})
		return nil
	})
	if err != nil {
		return news.FrontPage{}, err
	}
	return f, nil
}

func formatIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

func parseIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// StoriesByID returns the stories with the given ids, in that order;
// ids with no story are left out. Whatever their state: the caller
// decides what may be shown.
func (s *Store) StoriesByID(ctx context.Context, ids []int64) ([]*news.Story, error) {
	return s.storiesByID(ctx, ids)
}

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
func (s *Store) Breaking(ctx context.Context, at time.Time) ([]news.Breaking, error) {
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
