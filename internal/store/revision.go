package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"khabar/internal/news"
)

// A story's revisions live in story_revisions, one row per write. The
// newest row's content is the story row itself; when a write changes
// the content, the row before it gets the content it replaced (see
// keepContent). A row whose content is NULL reads as the next one.

// revision records revision st.Revision, written by actor with action.
func (t *txn) revision(ctx context.Context, st *news.Story, actor news.Actor, action news.Action, note string) error {
	_, err := t.exec(ctx, `INSERT INTO story_revisions (story_id, rev, actor_id, actor_name, at_us, action, status, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		st.ID, st.Revision, nullID(actor.ID), actor.Name, t.s.now().UnixMicro(), string(action), string(st.Status), note)
	if err != nil {
		return fmt.Errorf("store: record revision %d of story %d: %w", st.Revision, st.ID, err)
	}
	return nil
}

// keepContent stores c as the content of revision rev of the story,
// which a new revision is about to replace.
func (t *txn) keepContent(ctx context.Context, storyID, rev int64, c news.Content) error {
	if _, err := t.exec(ctx, `UPDATE story_revisions SET content = ? WHERE story_id = ? AND rev = ?`,
		contentJSON(c), storyID, rev); err != nil {
		return fmt.Errorf("store: keep revision %d of story %d: %w", rev, storyID, err)
	}
	return nil
}

// Revisions returns the story's revisions, newest first, without their
// content. It returns ENOTFOUND for no such story.
func (s *Store) Revisions(ctx context.Context, storyID int64) ([]news.Revision, error) {
	rows, err := s.query(ctx, `SELECT rev, actor_id, actor_name, at_us, action, status, note
		FROM story_revisions WHERE story_id = ? ORDER BY rev DESC`, storyID)
	if err != nil {
		return nil, fmt.Errorf("store: list revisions of story %d: %w", storyID, err)
	}
	defer rows.Close()
	var out []news.Revision
	for rows.Next() {
		r := news.Revision{StoryID: storyID}
		var actor sql.NullInt64
		var at int64
		var action, status string
		if err := rows.Scan(&r.Number, &actor, &r.Actor.Name, &at, &action, &status, &r.Note); err != nil {
			return nil, fmt.Errorf("store: list revisions of story %d: %w", storyID, err)
		}
		r.Actor.ID = actor.Int64
		r.At = fromMicros(sql.NullInt64{Int64: at, Valid: true})
		r.Action, r.Status = news.Action(action), news.Status(status)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		if _, err := s.StoryByID(ctx, storyID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Revision returns one revision of a story with its content, or
// ENOTFOUND.
func (s *Store) Revision(ctx context.Context, storyID, rev int64) (*news.Revision, error) {
	return s.revisionIn(ctx, s.db, storyID, rev)
}

// revisionIn reads a revision through q: the store, or a transaction.
func (s *Store) revisionIn(ctx context.Context, q any, storyID, rev int64) (*news.Revision, error) {
	var row func(query string, args ...any) *sql.Row
	switch q := q.(type) {
	case *txn:
		row = func(query string, args ...any) *sql.Row { return q.queryRow(ctx, query, args...) }
	default:
		row = func(query string, args ...any) *sql.Row { return s.queryRow(ctx, query, args...) }
	}
	r := &news.Revision{StoryID: storyID, Number: rev}
	var actor sql.NullInt64
	var at int64
	var action, status string
	err := row(`SELECT actor_id, actor_name, at_us, action, status, note FROM story_revisions
		WHERE story_id = ? AND rev = ?`, storyID, rev).Scan(&actor, &r.Actor.Name, &at, &action, &status, &r.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "نسخهٔ %d این خبر نیست", rev)
	}
	if err != nil {
		return nil, fmt.Errorf("store: load revision %d of story %d: %w", rev, storyID, err)
	}
	r.Actor.ID = actor.Int64
	r.At = fromMicros(sql.NullInt64{Int64: at, Valid: true})
	r.Action, r.Status = news.Action(action), news.Status(status)
	var content sql.NullString
	err = row(`SELECT content FROM story_revisions WHERE story_id = ? AND rev >= ? AND content IS NOT NULL
		ORDER BY rev LIMIT 1`, storyID, rev).Scan(&content)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// As the story stands now.
		var st *news.Story
		if t, ok := q.(*txn); ok {
			st, err = t.loadStory(ctx, storyID)
		} else {
			st, err = s.StoryByID(ctx, storyID)
		}
		if err != nil {
			return nil, err
		}
		r.Content = news.ContentOf(st)
	case err != nil:
		return nil, fmt.Errorf("store: load revision %d of story %d: %w", rev, storyID, err)
	default:
		if err := json.Unmarshal([]byte(content.String), &r.Content); err != nil {
			return nil, fmt.Errorf("store: revision %d of story %d: %w", rev, storyID, err)
		}
	}
	return r, nil
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
