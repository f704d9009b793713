package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"khabar/internal/news"
)

// shown is the condition, on comments c, for a comment readers see: it
// is approved, and so is the comment it answers.
const shown = `c.status = 'approved' AND (c.reply_to IS NULL OR EXISTS
	(SELECT 1 FROM comments p WHERE p.id = c.reply_to AND p.status = 'approved'))`

// publicColumns are commentColumns as readers may see them: the email,
// the address, the score and who decided are left out, so no public
// page can show them by mistake.
const publicColumns = `c.id, c.story_id, c.reply_to, c.author, c.body, '', '', c.status, 0, '', c.created_us, NULL, ''`

// ApprovedCommentCount returns how many comments readers see under a
// story: approved ones, replies to approved ones included.
func (s *Store) ApprovedCommentCount(ctx context.Context, storyID int64) (int, error) {
	total, _, err := s.commentCounts(ctx, storyID)
	return total, err
}

// commentCounts returns how many comments readers see under a story,
// and how many of those are not replies.
func (s *Store) commentCounts(ctx context.Context, storyID int64) (total, top int, err error) {
	err = s.queryRow(ctx, `SELECT count(*), coalesce(sum(CASE WHEN c.reply_to IS NULL THEN 1 ELSE 0 END), 0)
		FROM comments c WHERE c.story_id = ? AND `+shown, storyID).Scan(&total, &top)
	if err != nil {
		return 0, 0, fmt.Errorf("store: count comments of story %d: %w", storyID, err)
	}
	return total, top, nil
}

// CommentSection returns what a story's page shows of its comments: the
// settings, whether a moderator closed them, the counts, and page page
// (from 1) of perPage comments that are not replies, oldest first, each
// with its approved replies.
func (s *Store) CommentSection(ctx context.Context, storyID int64, page, perPage int) (news.CommentSection, error) {
	var out news.CommentSection
	var err error
	if out.Settings, err = s.CommentSettings(ctx); err != nil {
		return out, err
	}
	// Whether a moderator closed them, and the counts: one query.
	var closed int
	if err = s.queryRow(ctx, `SELECT (SELECT count(*) FROM comment_closures WHERE story_id = ?),
		count(*), coalesce(sum(CASE WHEN c.reply_to IS NULL THEN 1 ELSE 0 END), 0)
		FROM comments c WHERE c.story_id = ? AND `+shown, storyID, storyID).Scan(&closed, &out.Total, &out.Top); err != nil {
		return out, fmt.Errorf("store: count comments of story %d: %w", storyID, err)
	}
	if out.ClosedByModerator = closed > 0; out.Total == 0 {
		return out, nil
	}
	offset := max(page-1, 0) * perPage
	top, err := s.readComments(ctx, `SELECT `+publicColumns+` FROM comments c
		WHERE c.story_id = ? AND c.status = 'approved' AND c.reply_to IS NULL
		ORDER BY c.created_us, c.id LIMIT ? OFFSET ?`, storyID, perPage, offset)
	if err != nil || len(top) == 0 {
		return out, err
	}
	// Replies are found by what they answer (comments_reply), not by
	// walking the story's comments.
	replies, err := s.readComments(ctx, `SELECT `+publicColumns+` FROM comments c
		WHERE c.reply_to IN
			(SELECT id FROM comments WHERE story_id = ? AND status = 'approved' AND reply_to IS NULL
			 ORDER BY created_us, id LIMIT ? OFFSET ?)
		AND c.status = 'approved'
		ORDER BY c.created_us, c.id`, storyID, perPage, offset)
	if err != nil {
		return out, err
	}
	byID := make(map[int64]int, len(top))
	out.Threads = make([]news.CommentThread, len(top))
	for i, c := range top {
		out.Threads[i] = news.CommentThread{Comment: c}
		byID[c.ID] = i
	}
	for _, c := range replies {
		if i, ok := byID[c.ReplyTo]; ok {
			out.Threads[i].Replies = append(out.Threads[i].Replies, c)
		}
	}
	return out, nil
}

// ApprovedComments returns up to limit of the comments readers see under
// a story, after offset, oldest first, and how many there are in all.
func (s *Store) ApprovedComments(ctx context.Context, storyID int64, limit, offset int) ([]*news.Comment, int, error) {
	total, _, err := s.commentCounts(ctx, storyID)
	if err != nil || total == 0 {
		return nil, total, err
	}
	cs, err := s.readComments(ctx, `SELECT `+publicColumns+` FROM comments c WHERE c.story_id = ? AND `+shown+`
		ORDER BY c.created_us, c.id LIMIT ? OFFSET ?`, storyID, limit, offset)
	return cs, total, err
}

// readComments runs a query of commentColumns.
func (s *Store) readComments(ctx context.Context, query string, args ...any) ([]*news.Comment, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: read comments: %w", err)
	}
	defer rows.Close()
	var out []*news.Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, fmt.Errorf("store: read comments: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Comments returns a page of the moderation queue: the comments f
// selects, newest first, each with its story (id, code, headline) and
// the name of the comment it answers.
func (s *Store) Comments(ctx context.Context, f news.CommentFilter) (news.CommentQueue, error) {
	var out news.CommentQueue
	if f.Status == "" {
		f.Status = news.CommentPending
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	cond, args := `c.status = ?`, []any{string(f.Status)}
	if f.StoryID != 0 {
		cond += ` AND c.story_id = ?`
		args = append(args, f.StoryID)
	}
	if err := s.queryRow(ctx, `SELECT count(*) FROM comments c WHERE `+cond, args...).Scan(&out.Total); err != nil {
		return out, fmt.Errorf("store: count comment queue: %w", err)
	}
	if f.Before > 0 {
		cond += ` AND c.id < ?`
		args = append(args, f.Before)
	}
	rows, err := s.query(ctx, `SELECT `+commentColumns+`, s.code, s.headline, s.section_id, coalesce(p.author, '')
		FROM comments c JOIN stories s ON s.id = c.story_id LEFT JOIN comments p ON p.id = c.reply_to
		WHERE `+cond+` ORDER BY c.id DESC LIMIT ?`, append(args, f.Limit+1)...)
	if err != nil {
		return out, fmt.Errorf("store: read comment queue: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var code sql.NullInt64
		st := &news.Story{}
		var parent string
		c, err := scanComment(rows, &code, &st.Headline, &st.Section.ID, &parent)
		if err != nil {
			return out, fmt.Errorf("store: read comment queue: %w", err)
		}
		st.ID, st.Code = c.StoryID, code.Int64
		c.Story, c.Parent = st, parent
		out.Comments = append(out.Comments, c)
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("store: read comment queue: %w", err)
	}
	if len(out.Comments) > f.Limit {
		out.Comments = out.Comments[:f.Limit]
		out.Next = out.Comments[f.Limit-1].ID
	}
	return out, nil
}

// CommentCounts returns how many comments are in each state, under one
// story or (storyID 0) under all.
func (s *Store) CommentCounts(ctx context.Context, storyID int64) (map[news.CommentStatus]int, error) {
	query, args := `SELECT status, count(*) FROM comments GROUP BY status`, []any(nil)
	if storyID != 0 {
		query, args = `SELECT status, count(*) FROM comments WHERE story_id = ? GROUP BY status`, []any{storyID}
	}
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: count comments: %w", err)
	}
	defer rows.Close()
	out := map[news.CommentStatus]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: count comments: %w", err)
		}
		out[news.CommentStatus(st)] = n
	}
	return out, rows.Err()
}

// PendingComments returns how many comments wait for a moderator.
func (s *Store) PendingComments(ctx context.Context) (int, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT count(*) FROM comments WHERE status = 'pending'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count pending comments: %w", err)
	}
	return n, nil
}

// CommentPage returns the page, of perPage comments that are not
// replies, on which readers find comment id: its own, or for a reply,
// the comment it answers. ENOTFOUND for no such comment.
func (s *Store) CommentPage(ctx context.Context, id int64, perPage int) (int, error) {
	var story, created, top int64
	err := s.queryRow(ctx, `SELECT p.story_id, p.created_us, p.id FROM comments c
		JOIN comments p ON p.id = coalesce(c.reply_to, c.id) WHERE c.id = ?`, id).Scan(&story, &created, &top)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, news.Errorf(news.ENOTFOUND, "نظر %d پیدا نشد", id)
	}
	if err != nil {
		return 0, fmt.Errorf("store: find comment %d: %w", id, err)
	}
	var before int
	if err := s.queryRow(ctx, `SELECT count(*) FROM comments WHERE story_id = ? AND status = 'approved' AND reply_to IS NULL
		AND (created_us < ? OR created_us = ? AND id < ?)`, story, created, created, top).Scan(&before); err != nil {
		return 0, fmt.Errorf("store: find comment %d: %w", id, err)
	}
	return before/perPage + 1, nil
}
