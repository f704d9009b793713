package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"khabar/internal/news"
)

// The site's comment settings live in the settings table, one row each.
const (
	settingModeration = "comment_moderation" // "pre" or "post"
	settingCloseDays  = "comment_close_days"
	settingBlocked    = "comment_blocked_words" // a word or phrase a line
	settingSecret     = "comment_secret"
)

// CommentSettings returns the site's comment settings (their blocked
// words shared with every caller until a change).
func (s *Store) CommentSettings(ctx context.Context) (news.CommentSettings, error) {
	return s.memos.settings.get(ctx, s, struct{}{}, func(ctx context.Context) (news.CommentSettings, error) {
		return s.commentSettings(ctx, s.db)
	})
}

func (s *Store) commentSettings(ctx context.Context, q queryer) (news.CommentSettings, error) {
	var out news.CommentSettings
	rows, err := q.QueryContext(ctx, s.q(`SELECT key, value FROM settings WHERE key IN (?, ?, ?)`),
		settingModeration, settingCloseDays, settingBlocked)
	if err != nil {
		return out, fmt.Errorf("store: read comment settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return out, fmt.Errorf("store: read comment settings: %w", err)
		}
		switch k {
		case settingModeration:
			out.PostModeration = v == "post"
		case settingCloseDays:
			out.CloseAfterDays, _ = strconv.Atoi(v)
		case settingBlocked:
			out.Blocked = splitWords(v)
		}
	}
	return out, rows.Err()
}

// splitWords reads a list of words, one a line, without blank lines or
// repeats.
func splitWords(v string) []string {
	var out []string
	for line := range strings.SplitSeq(v, "\n") {
		if w := strings.Join(strings.Fields(line), " "); w != "" && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// SetCommentSettings replaces the site's comment settings, for an
// admin. It returns EFORBIDDEN for anyone else and EINVALID, naming the
// field, for settings that cannot be kept. The audit entry says what
// changed; the change it logs concerns every story's page.
func (s *Store) SetCommentSettings(ctx context.Context, actor news.Actor, c news.CommentSettings) error {
	if !actor.Roles.Has(news.RoleAdmin) {
		return news.Errorf(news.EFORBIDDEN, "فقط مدیر تنظیمات نظرها را تغییر می‌دهد")
	}
	c.Blocked = splitWords(strings.Join(c.Blocked, "\n"))
	if err := c.Validate(); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *txn) error {
		old, err := s.commentSettings(ctx, tx.tx)
		if err != nil {
			return err
		}
		mode := "pre"
		if c.PostModeration {
			mode = "post"
		}
		for k, v := range map[string]string{settingModeration: mode, settingCloseDays: strconv.Itoa(c.CloseAfterDays),
			settingBlocked: strings.Join(c.Blocked, "\n")} {
			if _, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return fmt.Errorf("store: write comment settings: %w", err)
			}
		}
		tx.audit(ctx, actor, "comment_settings", "settings", 0, "تنظیمات نظرها", settingsDiff(old, c))
		tx.logChange(Change{Kind: ChangeComments})
		return nil
	})
}

// settingsDiff says in Persian what changed between two settings.
func settingsDiff(a, b news.CommentSettings) string {
	var parts []string
	if a.PostModeration != b.PostModeration {
		if b.PostModeration {
			parts = append(parts, "بازبینی پس از انتشار")
		} else {
			parts = append(parts, "بازبینی پیش از انتشار")
		}
	}
	if a.CloseAfterDays != b.CloseAfterDays {
		parts = append(parts, "بسته شدن نظرها پس از "+strconv.Itoa(b.CloseAfterDays)+" روز")
	}
	var added, removed []string
	for _, w := range b.Blocked {
		if !slices.Contains(a.Blocked, w) {
			added = append(added, w)
		}
	}
	for _, w := range a.Blocked {
		if !slices.Contains(b.Blocked, w) {
			removed = append(removed, w)
		}
	}
	if len(added) > 0 {
		parts = append(parts, "واژه‌های ممنوع تازه: "+strings.Join(added, "، "))
	}
	if len(removed) > 0 {
		parts = append(parts, "واژه‌های برداشته: "+strings.Join(removed, "، "))
	}
	if len(parts) == 0 {
		return "بدون تغییر"
	}
	return strings.Join(parts, "؛ ")
}

// commentCache is what the store keeps of the comment settings: the
// secret, which never changes, and the blocked-words list built for the
// settings last read, since building it analyzes every word.
type commentCache struct {
	secret atomic.Pointer[[]byte]
	mu     sync.Mutex
	raw    string
	list   *news.BlockList
}

func (s *Store) blockList(words []string) *news.BlockList {
	raw := strings.Join(words, "\n")
	c := &s.comments
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.list == nil || c.raw != raw {
		c.raw, c.list = raw, news.NewBlockList(words)
	}
	return c.list
}

// CommentSecret returns this installation's secret for signing comment
// forms, made at first use and kept in the database, so every node
// signs alike.
func (s *Store) CommentSecret(ctx context.Context) ([]byte, error) {
	if v := s.comments.secret.Load(); v != nil {
		return *v, nil
	}
	read := func() (string, error) {
		var v string
		err := s.db.QueryRowContext(ctx, s.q(`SELECT value FROM settings WHERE key = ?`), settingSecret).Scan(&v)
		return v, err
	}
	v, err := read()
	if errors.Is(err, sql.ErrNoRows) {
		b := make([]byte, 32)
		rand.Read(b)
		if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`),
			settingSecret, hex.EncodeToString(b)); err != nil {
			return nil, fmt.Errorf("store: make comment secret: %w", err)
		}
		v, err = read() // another node's, if it was first
	}
	if err != nil {
		return nil, fmt.Errorf("store: read comment secret: %w", err)
	}
	secret, err := hex.DecodeString(v)
	if err != nil || len(secret) < 16 {
		return nil, fmt.Errorf("store: comment secret is damaged")
	}
	s.comments.secret.Store(&secret)
	return secret, nil
}

// CommentsClosedByModerator reports whether a moderator closed the
// story's comments.
func (s *Store) CommentsClosedByModerator(ctx context.Context, storyID int64) (bool, error) {
	return s.closedByModerator(ctx, s.db, storyID)
}

// closedByModerator reports whether a moderator closed the story's
// comments.
func (s *Store) closedByModerator(ctx context.Context, q queryer, storyID int64) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, s.q(`SELECT 1 FROM comment_closures WHERE story_id = ?`), storyID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: read comment closure of story %d: %w", storyID, err)
	}
	return true, nil
}

// SetCommentsClosed closes a story's comments, or opens them again, for
// a moderator (EFORBIDDEN for anyone else; ENOTFOUND for no story). The
// comments already approved stay.
func (s *Store) SetCommentsClosed(ctx context.Context, actor news.Actor, storyID int64, closed bool) error {
	if !news.MayModerate(actor) {
		return news.Errorf(news.EFORBIDDEN, "فقط ناظر نظرها ثبت نظر را می‌بندد یا باز می‌کند")
	}
	return s.writeTx(ctx, func(tx *txn) error {
		var headline string
		var section int64
		err := tx.queryRow(ctx, `SELECT headline, section_id FROM stories WHERE id = ?`, storyID).Scan(&headline, &section)
		if errors.Is(err, sql.ErrNoRows) {
			return news.Errorf(news.ENOTFOUND, "خبر %d پیدا نشد", storyID)
		}
		if err != nil {
			return fmt.Errorf("store: load story %d: %w", storyID, err)
		}
		was, err := s.closedByModerator(ctx, tx.tx, storyID)
		if err != nil || was == closed {
			return err
		}
		action := "open_comments"
		if closed {
			action = "close_comments"
			_, err = tx.exec(ctx, `INSERT INTO comment_closures (story_id, at_us) VALUES (?, ?)`, storyID, s.now().UnixMicro())
		} else {
			_, err = tx.exec(ctx, `DELETE FROM comment_closures WHERE story_id = ?`, storyID)
		}
		if err != nil {
			return fmt.Errorf("store: %s of story %d: %w", action, storyID, err)
		}
		tx.audit(ctx, actor, action, "story", storyID, headline, "")
		tx.logChange(Change{Kind: ChangeComments, StoryID: storyID, SectionID: section})
		return nil
	})
}
