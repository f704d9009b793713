package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"khabar/internal/news"
)

// DeskStories returns one page of the newsroom's list: stories in any
// state matching f, the most recently changed first.
func (s *Store) DeskStories(ctx context.Context, f news.DeskFilter) (news.DeskPage, error) {
	var page news.DeskPage
	var where []string
	var args []any
	add := func(cond string, v ...any) { where = append(where, cond); args = append(args, v...) }
	if f.Status != "" {
		add("s.status = ?", string(f.Status))
	}
	if f.SectionSlug != "" {
		add("c.slug = ?", f.SectionSlug)
	}
	if f.AuthorID != 0 {
		add("s.author_id = ?", f.AuthorID)
	}
	if !f.From.IsZero() {
		add("s.changed_us >= ?", f.From.UnixMicro())
	}
	if !f.To.IsZero() {
		add("s.changed_us < ?", f.To.UnixMicro())
	}
	w, a := termsMatch("s.headline_terms", f.Headline)
	where, args = append(where, w...), append(args, a...)
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	if err := s.queryRow(ctx, `SELECT count(*)`+storyFrom+cond, args...).Scan(&page.Total); err != nil {
		return page, fmt.Errorf("store: count newsroom stories: %w", err)
	}
	limit := f.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	if f.After != "" {
		changed, id, ok := parseCursor(f.After)
		if !ok {
			return page, news.FieldErrorf("cursor", news.EINVALID, "cursor نامعتبر است")
		}
		if cond == "" {
			cond = " WHERE "
		} else {
			cond += " AND "
		}
		cond += "(s.changed_us < ? OR s.changed_us = ? AND s.id < ?)"
		args = append(args, changed, changed, id)
	}
	args = append(args, limit+1, max(f.Offset, 0))
	rows, err := s.query(ctx, s.selectStories()+cond+` ORDER BY s.changed_us DESC, s.id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return page, fmt.Errorf("store: list newsroom stories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return page, fmt.Errorf("store: list newsroom stories: %w", err)
		}
		page.Stories = append(page.Stories, st)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("store: list newsroom stories: %w", err)
	}
	if len(page.Stories) > limit {
		page.Stories = page.Stories[:limit]
		last := page.Stories[limit-1]
		page.Next = strconv.FormatInt(last.Changed.UnixMicro(), 36) + "." + strconv.FormatInt(last.ID, 36)
	}
	return page, nil
}

func parseCursor(c string) (changed, id int64, ok bool) {
	a, b, found := strings.Cut(c, ".")
	if !found {
		return 0, 0, false
	}
	changed, err1 := strconv.ParseInt(a, 36, 64)
	id, err2 := strconv.ParseInt(b, 36, 64)
	return changed, id, err1 == nil && err2 == nil && id > 0
}

// Autosave is a writer's unsaved text of a story.
type Autosave struct {
	StoryID int64 // 0 for a story not yet saved
	Base    int64 // the revision it started from
	At      int64 // microseconds
	Content news.Content
}

// SaveAutosave keeps a writer's unsaved text of a story (0: a new one),
// replacing the last: no revision, no change log. It returns EINVALID
// for text too large to be a story.
func (s *Store) SaveAutosave(ctx context.Context, userID int64, a Autosave) error {
	if len(a.Content.Body) > news.MaxBody || len(a.Content.Lead) > 4*news.MaxLead || len(a.Content.Headline) > 4*news.MaxHeadline {
		return news.FieldErrorf("body", news.EINVALID, "متن برای ذخیرهٔ خودکار بیش از اندازه بزرگ است")
	}
	for _, v := range []string{a.Content.Headline, a.Content.Kicker, a.Content.Lead, a.Content.Body, a.Content.Source, a.Content.Byline,
		a.Content.Section, a.Content.Photo, a.Content.PhotoCaption} {
		if !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0 {
			return news.FieldErrorf("body", news.EINVALID, "متن نویسهٔ نامعتبر دارد")
		}
	}
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO autosaves (user_id, story_id, base_rev, at_us, content) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id, story_id) DO UPDATE SET base_rev = excluded.base_rev, at_us = excluded.at_us,
		content = excluded.content`), userID, a.StoryID, a.Base, s.now().UnixMicro(), contentJSON(a.Content))
	if err != nil {
		return fmt.Errorf("store: autosave: %w", err)
	}
	return nil
}

// AutosaveOf returns a writer's autosaved text of a story, or nil.
func (s *Store) AutosaveOf(ctx context.Context, userID, storyID int64) (*Autosave, error) {
	a := &Autosave{StoryID: storyID}
	var content string
	err := s.queryRow(ctx, `SELECT base_rev, at_us, content FROM autosaves WHERE user_id = ? AND story_id = ?`,
		userID, storyID).Scan(&a.Base, &a.At, &content)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: read autosave: %w", err)
	}
	if err := jsonUnmarshal(content, &a.Content); err != nil {
		return nil, fmt.Errorf("store: read autosave: %w", err)
	}
	return a, nil
}

// DropAutosave forgets a writer's autosaved text of a story.
func (s *Store) DropAutosave(ctx context.Context, userID, storyID int64) error {
	if _, err := s.db.ExecContext(ctx, s.q(`DELETE FROM autosaves WHERE user_id = ? AND story_id = ?`), userID, storyID); err != nil {
		return fmt.Errorf("store: drop autosave: %w", err)
	}
	return nil
}
