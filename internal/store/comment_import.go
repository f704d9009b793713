package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"khabar/internal/news"
)

// CommentSet is the comments an archive holds for one stored story.
type CommentSet struct {
	StoryID  int64
	URI      string
	Comments []news.ImportedComment
}

// ImportComments stores the approved comments an archive holds for its
// stories, as approved, with their own dates and replies, in one
// transaction, and returns how many were new. It is idempotent: a
// comment is known by its story's uri and its key, so importing again
// adds none twice and never undoes what a moderator decided about one
// imported before. A reply whose comment is not among its story's is
// stored as a comment of its own; a reply to a reply answers its parent,
// as replies do on the site. A reply met before its parent is held until
// the parent is stored.
func (s *Store) ImportComments(ctx context.Context, sets []CommentSet) (int, error) {
	added := 0
	err := s.writeTx(ctx, func(tx *txn) error {
		added = 0
		for _, set := range sets {
			n, err := s.importCommentSet(ctx, tx, set)
			if err != nil {
				return err
			}
			added += n
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

func (s *Store) importCommentSet(ctx context.Context, tx *txn, set CommentSet) (int, error) {
	if len(set.Comments) == 0 {
		return 0, nil
	}
	storyID, uri := set.StoryID, set.URI
	var section int64
	err := tx.queryRow(ctx, `SELECT section_id FROM stories WHERE id = ?`, storyID).Scan(&section)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, news.Errorf(news.ENOTFOUND, "خبر %d پیدا نشد", storyID)
	}
	if err != nil {
		return 0, fmt.Errorf("store: load story %d for its comments: %w", storyID, err)
	}
	byKey := make(map[string]int64, len(set.Comments))   // key → stored id
	parentOf := make(map[int64]int64, len(set.Comments)) // stored id → the comment it answers
	todo := make([]news.ImportedComment, 0, len(set.Comments))
	for _, c := range set.Comments {
		if c.Tidy() {
			todo = append(todo, c)
		}
	}
	keys := make(map[string]bool, len(todo))
	for _, c := range todo {
		keys[c.Key] = true
	}
	added := 0
	for len(todo) > 0 {
		var later []news.ImportedComment
		for _, c := range todo {
			if c.ReplyTo != "" && keys[c.ReplyTo] && byKey[c.ReplyTo] == 0 {
				later = append(later, c) // its parent is not stored yet
				continue
			}
			id, isNew, err := s.importComment(ctx, tx, storyID, uri, c, byKey, parentOf)
			if err != nil {
				return 0, err
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
