package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"unicode/utf8"

	"khabar/internal/news"
)

// MaxDecisions bounds the comments one decision may name.
const MaxDecisions = 200

// DecideComments applies a moderator's decision to each comment named,
// in one transaction, and returns the comments as they stand after.
// Every comment whose state changes gets an audit entry (who, when,
// what); every story whose readers see another set of comments gets a
// change. Errors: EFORBIDDEN for an actor who does not moderate,
// ENOTFOUND for an id that is no comment (nothing is decided then),
// EINVALID for no ids or more than MaxDecisions.
func (s *Store) DecideComments(ctx context.Context, actor news.Actor, ids []int64, d news.Decision) ([]*news.Comment, error) {
	switch {
	case !news.MayModerate(actor):
		return nil, news.Errorf(news.EFORBIDDEN, "فقط ناظر نظرها دربارهٔ نظرها تصمیم می‌گیرد")
	case d.Status() == "":
		return nil, news.FieldErrorf("decision", news.EINVALID, "تصمیم «%s» شناخته نیست", d)
	case len(ids) == 0:
		return nil, news.Errorf(news.EINVALID, "نظری برگزیده نشده است")
	case len(ids) > MaxDecisions:
		return nil, news.Errorf(news.EINVALID, "در هر بار دست‌بالا %d نظر را می‌توان بررسی کرد", MaxDecisions)
	}
	var out []*news.Comment
	err := s.writeTx(ctx, func(tx *txn) error {
		out = out[:0]
		now := s.now().UTC()
		changed := map[int64]int64{} // story → section, for stories readers see change
		done := map[int64]bool{}
		for _, id := range ids {
			if done[id] {
				continue
			}
			done[id] = true
			var section int64
			var headline string
			var code sql.NullInt64
			c, err := scanComment(tx.queryRow(ctx, `SELECT `+commentColumns+`, s.section_id, s.headline, s.code
				FROM comments c JOIN stories s ON s.id = c.story_id WHERE c.id = ?`, id), &section, &headline, &code)
			if errors.Is(err, sql.ErrNoRows) {
				return news.Errorf(news.ENOTFOUND, "نظر %d پیدا نشد", id)
			}
			if err != nil {
				return fmt.Errorf("store: load comment %d: %w", id, err)
			}
			c.Story = &news.Story{ID: c.StoryID, Code: code.Int64, Headline: headline, Section: news.Section{ID: section}}
			out = append(out, c)
			to := d.Status()
			if c.Status == to {
				continue
			}
			if _, err := tx.exec(ctx, `UPDATE comments SET status = ?, decided_by = ?, decided_by_name = ?, decided_us = ?
				WHERE id = ?`, string(to), nullID(actor.ID), actor.Name, now.UnixMicro(), id); err != nil {
				return fmt.Errorf("store: decide on comment %d: %w", id, err)
			}
			if c.Status == news.CommentApproved || to == news.CommentApproved {
				changed[c.StoryID] = section
			}
			tx.audit(ctx, actor, string(d), "comment", id, c.Name+": "+clipText(c.Text, 80),
				fmt.Sprintf("خبر «%s»؛ از «%s» به «%s»", headline, c.Status.Name(), to.Name()))
			c.Status, c.Decided, c.DecidedBy = to, now, actor.Name
		}
		for story, section := range changed {
			tx.logChange(Change{Kind: ChangeComments, StoryID: story, SectionID: section})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// clipText cuts s to n runes, marking the cut.
func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
