package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"khabar/internal/news"
)

// MaxPublicPage bounds one page of PublicStories.
const MaxPublicPage = 100

// publicWhere returns the condition and arguments selecting the stories
// f asks for among those readers see at f.At.
func publicWhere(f news.PublicFilter) (string, []any) {
	where := []string{"s.status = ? AND s.code IS NOT NULL AND s.published_us <= ?"}
	args := []any{string(news.StatusPublished), f.At.UnixMicro()}
	if f.SectionSlug != "" {
		where = append(where, "c.slug = ?")
		args = append(args, f.SectionSlug)
	}
	if f.Tag != "" {
		where = append(where, "s.id IN (SELECT story_id FROM story_tags WHERE tag = ?)")
		args = append(args, f.Tag)
	}
	if !f.From.IsZero() {
		where = append(where, "s.published_us >= ?")
		args = append(args, f.From.UnixMicro())
	}
	if !f.To.IsZero() {
		where = append(where, "s.published_us < ?")
		args = append(args, f.To.UnixMicro())
	}
	if f.After != nil {
		p := f.After.Published.UnixMicro()
		where = append(where, "(s.published_us < ? OR s.published_us = ? AND s.code < ?)")
		args = append(args, p, p, f.After.Code)
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// PublicStories returns up to f.Limit (1 to MaxPublicPage, else 20)
// stories readers see at f.At, newest first by publish time and news
// code, continuing after f.After when it is set. Stories without a
// publish time are not listed.
func (s *Store) PublicStories(ctx context.Context, f news.PublicFilter) ([]*news.Story, error) {
	limit := f.Limit
	if limit <= 0 || limit > MaxPublicPage {
		limit = 20
	}
	cond, args := publicWhere(f)
	rows, err := s.query(ctx, s.selectStories()+cond+` ORDER BY s.published_us DESC, s.code DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: list public stories: %w", err)
	}
	defer rows.Close()
	var out []*news.Story
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list public stories: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list public stories: %w", err)
	}
	return out, nil
}

// PublicLinks returns what a sitemap needs of the stories readers see at
// f.At (f.From, f.To, f.SectionSlug and f.Tag filter as for
// PublicStories), newest first, up to f.Limit of them (every one when
// f.Limit is 0), skipping offset.
func (s *Store) PublicLinks(ctx context.Context, f news.PublicFilter, offset int) ([]news.StoryLink, error) {
	cond, args := publicWhere(f)
	q := `SELECT s.code, s.headline, s.published_us, s.updated_us` + storyFrom + cond + ` ORDER BY s.published_us DESC, s.code DESC`
	if f.Limit > 0 {
		q += ` LIMIT ? OFFSET ?`
		args = append(args, f.Limit, max(offset, 0))
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list story links: %w", err)
	}
	defer rows.Close()
	var out []news.StoryLink
	for rows.Next() {
		var l news.StoryLink
		var pub, upd sql.NullInt64
		if err := rows.Scan(&l.Code, &l.Headline, &pub, &upd); err != nil {
			return nil, fmt.Errorf("store: list story links: %w", err)
		}
		l.Published, l.Updated = fromMicros(pub), fromMicros(upd)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list story links: %w", err)
	}
	return out, nil
}

// PublicDates calls fn with the publish and update times of every story
// readers see at at, newest first, for the sitemap index. It stops at
// the first error fn returns and returns it.
func (s *Store) PublicDates(ctx context.Context, at time.Time, fn func(published, updated time.Time) error) error {
	cond, args := publicWhere(news.PublicFilter{At: at})
	rows, err := s.query(ctx, `SELECT s.published_us, s.updated_us FROM stories s`+cond+` ORDER BY s.published_us DESC`, args...)
	if err != nil {
		return fmt.Errorf("store: list story dates: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pub, upd sql.NullInt64
		if err := rows.Scan(&pub, &upd); err != nil {
			return fmt.Errorf("store: list story dates: %w", err)
		}
		if err := fn(fromMicros(pub), fromMicros(upd)); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: list story dates: %w", err)
	}
	return nil
}

// PublicState returns when any story last changed and the newest
// publish time readers see at at. Every write to a story moves the
// first, and a story that becomes visible by the clock alone moves the
// second, so equal states mean equal public listings.
func (s *Store) PublicState(ctx context.Context, at time.Time) (news.PublicState, error) {
	var changed, newest sql.NullInt64
	err := s.queryRow(ctx, `SELECT (SELECT max(changed_us) FROM stories),
		(SELECT max(published_us) FROM stories WHERE status = ? AND published_us <= ? AND code IS NOT NULL)`,
		string(news.StatusPublished), at.UnixMicro()).Scan(&changed, &newest)
	if err != nil {
		return news.PublicState{}, fmt.Errorf("store: read public state: %w", err)
	}
	return news.PublicState{Changed: fromMicros(changed), Newest: fromMicros(newest)}, nil
}

// FirstWritten returns, for each of the given stories that was written
// in the newsroom, the time of its first revision: when its content was
// first created. Imported stories are left out: their content was
// created elsewhere, at a time the import does not know.
func (s *Store) FirstWritten(ctx context.Context, ids []int64) (map[int64]time.Time, error) {
	out := make(map[int64]time.Time, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT r.story_id, r.at_us FROM story_revisions r
		WHERE r.rev = 1 AND r.action <> ? AND r.story_id IN (`+placeholders(len(ids))+`)`,
		append([]any{string(news.ActionImport)}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: read first revisions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("store: read first revisions: %w", err)
		}
		out[id] = time.UnixMicro(at).UTC()
	}
	return out, rows.Err()
}
