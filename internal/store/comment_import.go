package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"khabar/internal/news"
)

// ImportComments stores the approved comments an archive holds for one
// story, as approved, with their own dates and replies, and returns how
// many were new. It is idempotent: a comment is known by the story's uri
// and its key, so importing again adds none twice and never undoes what
// a moderator decided about one imported before. A reply whose comment
// is not among the story's is stored as a comment of its own; a reply to
// a reply answers its parent, as replies do on the site. Comments are
// written in the order given, which should put parents first (a WordPress
// export does); a reply met before its parent is held until the parent is
// stored.
func (s *Store) ImportComments(ctx context.Context, storyID int64, uri string, cs []news.ImportedComment) (int, error) {
	if len(cs) == 0 {
		return 0, nil
	}
	added := 0
	err := s.writeTx(ctx, func(tx *txn) error {
		added = 0
		var section int64
		err := tx.queryRow(ctx, `SELECT section_id FROM stories WHERE id = ?`, storyID).Scan(&section)
		if errors.Is(err, sql.ErrNoRows) {
			return news.Errorf(news.ENOTFOUND, "خبر %d پیدا نشد", storyID)
		}
		if err != nil {
			return fmt.Errorf("store: load story %d for its comments: %w", storyID, err)
		}
		byKey := make(map[string]int64, len(cs))   // key → stored id
		parentOf := make(map[int64]int64, len(cs)) // stored id → the comment it answers
		todo := make([]news.ImportedComment, 0, len(cs))
		for _, c := range cs {
			if c.Tidy() {
				todo = append(todo, c)
			}
		}
		keys := make(map[string]bool, len(todo))
		for _, c := range todo {
			keys[c.Key] = true
		}
		for len(todo) > 0 {
			var later []news.ImportedComment
			for _, c := range todo {
				if c.ReplyTo != "" && keys[c.ReplyTo] && byKey[c.ReplyTo] == 0 {
					later = append(later, c) // its parent is not stored yet
					continue
				}
				id, isNew, err := s.importComment(ctx, tx, storyID, uri, c, byKey, parentOf)
				if err != nil {
					return err
				}
				byKey[c.Key] = id
				if isNew {
					added++
				}
			}
			if len(later) == len(todo) { // a loop of replies: store them unanswered
				for i := range later {
					later[i].ReplyTo = ""
				}
			}
			todo = later
		}
		if added > 0 {
			tx.audit(ctx, news.ActorImport, "comment.import", "story", storyID, "", fmt.Sprintf("%d comments", added))
			tx.logChange(Change{Kind: ChangeComments, StoryID: storyID, SectionID: section})
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

// importComment stores one imported comment unless it was stored before,
// and returns its id.
func (s *Store) importComment(ctx context.Context, tx *txn, storyID int64, uri string, c news.ImportedComment,
	byKey map[string]int64, parentOf map[int64]int64) (int64, bool, error) {
	dedup := "import:" + uri + "#" + c.Key
	var id int64
	var reply sql.NullInt64
	err := tx.queryRow(ctx, `SELECT id, reply_to FROM comments WHERE dedup = ?`, dedup).Scan(&id, &reply)
	if err == nil {
		parentOf[id] = reply.Int64
		return id, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("store: find imported comment: %w", err)
	}
	parent := byKey[c.ReplyTo]
	if p := parentOf[parent]; p != 0 {
		parent = p // one level deep
	}
	created := c.Created.UTC()
	if created.IsZero() {
		created = s.now().UTC()
	}
	err = tx.queryRow(ctx, `INSERT INTO comments (story_id, reply_to, author, body, email, ip, status, score, reasons,
		fingerprint, dedup, created_us, decided_us, decided_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, 0, '', '', ?, ?, ?, ?) RETURNING id`,
		storyID, nullID(parent), c.Name, c.Text, c.Email, c.IP, string(news.CommentApproved), dedup,
		created.UnixMicro(), created.UnixMicro(), news.ActorImport.Name).Scan(&id)
	if err != nil {
		return 0, false, fmt.Errorf("store: import comment %q: %w", c.Key, err)
	}
	parentOf[id] = parent
	return id, true, nil
}
