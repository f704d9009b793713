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

// Reader comments. A post is one transaction: the rate limit's counter
// for the address, the checks that need the database (the story open
// for comments, the comment answered, the same text sent before), the
// spam score and the row; a change log row when it is published at once
// (post-moderation). Moderators' decisions are audited, and each one
// that changes what readers see logs a change for the story's page.

// ChangeComments is the kind of change that alters the comments readers
// see under a story (StoryID), or under every story (StoryID 0, when the
// settings change).
const ChangeComments = "comments"

// duplicateWindow is how far back a text sent again counts against it.
const duplicateWindow = 7 * 24 * time.Hour

// commentColumns are what scanComment reads, from comments c.
const commentColumns = `c.id, c.story_id, c.reply_to, c.author, c.body, c.email, c.ip, c.status, c.score,
	c.reasons, c.created_us, c.decided_us, c.decided_by_name`

func scanComment(row interface{ Scan(...any) error }, extra ...any) (*news.Comment, error) {
	var c news.Comment
	var reply, decided sql.NullInt64
	var created int64
	var status, reasons string
	dest := append([]any{&c.ID, &c.StoryID, &reply, &c.Name, &c.Text, &c.Email, &c.IP, &status, &c.Score,
		&reasons, &created, &decided, &c.DecidedBy}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	c.ReplyTo = reply.Int64
	c.Status = news.CommentStatus(status)
	c.Reasons = news.DecodeReasons(reasons)
	c.Created = time.UnixMicro(created).UTC()
	c.Decided = fromMicros(decided)
	return &c, nil
}

// AddComment stores a reader's comment and returns it, its state decided
// by its spam score and the site's settings. Errors: ENOTFOUND for a
// story readers cannot see; EINVALID when the story's comments are
// closed, or ReplyTo names no comment readers see under the story;
// *news.RateLimited (ETHROTTLED) when the address has posted its share.
// A post whose Dedup was stored before returns that comment as it
// stands, and counts for nothing.
func (s *Store) AddComment(ctx context.Context, p news.CommentPost) (*news.Comment, error) {
	var out *news.Comment
	for attempt := 0; ; attempt++ {
		err := s.writeTx(ctx, func(tx *txn) error {
			c, err := s.addComment(ctx, tx, p)
			out = c
			return err
		})
		var dup sentBefore
		if errors.As(err, &dup) {
			return dup.c, nil
		}
		// Two copies of one post racing on PostgreSQL: the second finds
		// the first when it tries again.
		if err != nil && p.Dedup != "" && attempt == 0 && isUniqueViolation(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return out, nil
	}
}

// sentBefore ends a post's transaction when a copy of it is already
// stored: the copy is the answer.
type sentBefore struct{ c *news.Comment }

func (sentBefore) Error() string { return "store: comment sent before" }

func (s *Store) addComment(ctx context.Context, tx *txn, p news.CommentPost) (*news.Comment, error) {
	if p.Dedup != "" {
		c, err := scanComment(tx.queryRow(ctx, `SELECT `+commentColumns+` FROM comments c WHERE c.dedup = ?`, p.Dedup))
		if err == nil {
			return c, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: find comment sent before: %w", err)
		}
	}
	now := s.now().UTC()
	st := &news.Story{ID: p.StoryID}
	var code sql.NullInt64
	var published sql.NullInt64
	var status string
	err := tx.queryRow(ctx, `SELECT code, status, published_us, section_id FROM stories WHERE id = ?`, p.StoryID).
		Scan(&code, &status, &published, &st.Section.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "خبر پیدا نشد")
	}
	if err != nil {
		return nil, fmt.Errorf("store: load story %d for a comment: %w", p.StoryID, err)
	}
	st.Code, st.Status, st.Published = code.Int64, news.Status(status), fromMicros(published)
	if !st.Visible(now) {
		return nil, news.Errorf(news.ENOTFOUND, "خبر پیدا نشد")
	}
	settings, err := s.commentSettings(ctx, tx.tx)
	if err != nil {
		return nil, err
	}
	closed, err := s.closedByModerator(ctx, tx.tx, p.StoryID)
	if err != nil {
		return nil, err
	}
	if why := settings.CommentsClosed(st, closed, now); why != "" {
		return nil, news.Errorf(news.EINVALID, "%s", why)
	}
	if err := tx.countPost(ctx, p.RateKey, p.Rate, now); err != nil {
		// On PostgreSQL a copy of this post may have committed while the
		// counter waited for it: then this is that comment, not one more,
		// and the count it took is rolled back.
		if p.Dedup != "" && news.ErrorCode(err) == news.ETHROTTLED {
			if c, cerr := scanComment(tx.queryRow(ctx, `SELECT `+commentColumns+` FROM comments c WHERE c.dedup = ?`, p.Dedup)); cerr == nil {
				return nil, sentBefore{c}
			}
		}
		return nil, err
	}
	d := p.Draft
	if d.ReplyTo != 0 {
		if d.ReplyTo, err = tx.replyTarget(ctx, p.StoryID, d.ReplyTo); err != nil {
			return nil, err
		}
	}
	fp := news.CommentFingerprint(d.Text)
	seen := false
	if fp != "" {
		var one int
		err := tx.queryRow(ctx, `SELECT 1 FROM comments WHERE fingerprint = ? AND created_us > ? LIMIT 1`,
			fp, now.Add(-duplicateWindow).UnixMicro()).Scan(&one)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: look for the text sent before: %w", err)
		}
		seen = err == nil
	}
	score, reasons := news.AssessComment(d, s.blockList(settings.Blocked), seen)
	c := &news.Comment{StoryID: p.StoryID, ReplyTo: d.ReplyTo, Name: d.Name, Text: d.Text, Email: d.Email, IP: p.IP,
		Status: settings.StatusFor(score), Score: score, Reasons: reasons, Created: now}
	var dedup any
	if p.Dedup != "" {
		dedup = p.Dedup
	}
	err = tx.queryRow(ctx, `INSERT INTO comments (story_id, reply_to, author, body, email, ip, status, score, reasons,
		fingerprint, dedup, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.StoryID, nullID(c.ReplyTo), c.Name, c.Text, c.Email, c.IP, string(c.Status), c.Score,
		news.EncodeReasons(reasons), fp, dedup, now.UnixMicro()).Scan(&c.ID)
	if err != nil {
		return nil, fmt.Errorf("store: add comment: %w", err)
	}
	if c.Status == news.CommentApproved {
		tx.logChange(Change{Kind: ChangeComments, StoryID: st.ID, SectionID: st.Section.ID})
	}
	return c, nil
}

// countPost counts one post for key against the limit, in a window that
// starts again once the last began a window ago. Past the limit it
// returns *news.RateLimited, and the transaction's rollback leaves the
// count as it was.
func (t *txn) countPost(ctx context.Context, key string, limit news.RateLimit, now time.Time) error {
	if limit.Posts <= 0 || key == "" {
		return nil
	}
	var posts int
	var start int64
	old := now.Add(-limit.Window).UnixMicro()
	err := t.queryRow(ctx, `INSERT INTO comment_rate (key, start_us, posts) VALUES (?, ?, 1)
		ON CONFLICT (key) DO UPDATE SET
			posts = CASE WHEN comment_rate.start_us <= ? THEN 1 ELSE comment_rate.posts + 1 END,
			start_us = CASE WHEN comment_rate.start_us <= ? THEN excluded.start_us ELSE comment_rate.start_us END
		RETURNING posts, start_us`, key, now.UnixMicro(), old, old).Scan(&posts, &start)
	if err != nil {
		return fmt.Errorf("store: count comment post: %w", err)
	}
	if posts > limit.Posts {
		retry := time.UnixMicro(start).Add(limit.Window).Sub(now)
		return &news.RateLimited{Retry: max(retry, time.Second)}
	}
	return nil
}

// replyTarget returns the comment a reply to id answers: id itself, or
// the comment id answers, so replies stay one level deep. It returns
// EINVALID unless that comment is one readers see under the story.
func (t *txn) replyTarget(ctx context.Context, storyID, id int64) (int64, error) {
	bad := news.FieldErrorf("reply_to", news.EINVALID, "نظری که به آن پاسخ می‌دهید در این خبر نیست یا هنوز منتشر نشده است")
	for range 2 {
		var story int64
		var status string
		var parent sql.NullInt64
		err := t.queryRow(ctx, `SELECT story_id, status, reply_to FROM comments WHERE id = ?`, id).Scan(&story, &status, &parent)
		if errors.Is(err, sql.ErrNoRows) || err == nil && (story != storyID || status != string(news.CommentApproved)) {
			return 0, bad
		}
		if err != nil {
			return 0, fmt.Errorf("store: load comment %d: %w", id, err)
		}
		if !parent.Valid {
			return id, nil
		}
		id = parent.Int64
	}
	return 0, bad
}

// isUniqueViolation reports an insert refused by a unique index.
func isUniqueViolation(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// PruneCommentRates forgets the posting counters of windows that began
// before then.
func (s *Store) PruneCommentRates(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM comment_rate WHERE start_us < ?`), before.UnixMicro())
	if err != nil {
		return 0, fmt.Errorf("store: prune comment rates: %w", err)
	}
	return res.RowsAffected()
}
