package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"khabar/internal/news"
)

// RepublishWire makes a draft of the wire item with that id, with the
// content build gives, in one transaction with the item's link to it
// and the story's origin (credit, original link, the source's time). It
// returns ENOTFOUND for no such item, ECONFLICT when the item was
// republished already (the error names the story), and CreateDraft's
// errors.
func (s *Store) RepublishWire(ctx context.Context, actor news.Actor, id int64, build func(*news.WireItem) news.Content) (*news.Story, error) {
	if !news.MayCreate(actor) {
		return nil, news.Errorf(news.EFORBIDDEN, "شما اجازهٔ نوشتن خبر ندارید")
	}
	var st *news.Story
	err := s.writeTx(ctx, func(tx *txn) error {
		it, err := scanWireItem(tx.queryRow(ctx, `SELECT `+wireItemColumns+` FROM wire_items i WHERE i.id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return news.Errorf(news.ENOTFOUND, "خبر رسیده‌ای با شناسهٔ %d نیست", id)
		}
		if err != nil {
			return fmt.Errorf("store: load wire item %d: %w", id, err)
		}
		if it.Story != 0 {
			return &news.Error{Code: news.ECONFLICT, Field: "story",
				Message: fmt.Sprintf("این خبر پیش‌تر بازنشر شده است (خبر %d)", it.Story)}
		}
		if st, err = s.createDraft(ctx, tx, actor, build(it)); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE wire_items SET story_id = ? WHERE id = ? AND story_id IS NULL`, st.ID, id)
		if err != nil {
			return fmt.Errorf("store: republish wire item %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return news.Errorf(news.ECONFLICT, "این خبر هم‌اکنون بازنشر شد")
		}
		st.Origin = &news.Origin{Credit: it.Credit, Link: it.Link, Published: it.Published}
		if err := tx.writeOrigin(ctx, st); err != nil {
			return err
		}
		tx.audit(ctx, actor, "wire_republish", "story", st.ID, st.Headline, it.Link)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// loadOrigin reads where a republished story came from.
func (s *Store) loadOrigin(ctx context.Context, st *news.Story) error {
	var o news.Origin
	var pub sql.NullInt64
	err := s.queryRow(ctx, `SELECT credit, link, published_us FROM story_origins WHERE story_id = ?`, st.ID).
		Scan(&o.Credit, &o.Link, &pub)
	if errors.Is(err, sql.ErrNoRows) {
		st.Origin = nil
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: load origin of story %d: %w", st.ID, err)
	}
	o.Published = fromMicros(pub)
	st.Origin = &o
	return nil
}

// writeOrigin stores where a story came from, when it says.
func (t *txn) writeOrigin(ctx context.Context, st *news.Story) error {
	if st.Origin == nil {
		return nil
	}
	_, err := t.exec(ctx, `INSERT INTO story_origins (story_id, credit, link, published_us) VALUES (?, ?, ?, ?)`,
		st.ID, st.Origin.Credit, st.Origin.Link, micros(st.Origin.Published))
	if err != nil {
		return fmt.Errorf("store: write origin of story %d: %w", st.ID, err)
	}
	return nil
}

// loadOrigins reads the origins of a batch of stories.
func (s *Store) loadOrigins(ctx context.Context, batch []*news.Story) error {
	if len(batch) == 0 {
		return nil
	}
	byID := make(map[int64]*news.Story, len(batch))
	args := make([]any, len(batch))
	for i, st := range batch {
		byID[st.ID] = st
		args[i] = st.ID
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT story_id, credit, link, published_us FROM story_origins
		WHERE story_id IN (`+placeholders(len(batch))+`)`), args...)
	if err != nil {
		return fmt.Errorf("store: load origins: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var o news.Origin
		var pub sql.NullInt64
		if err := rows.Scan(&id, &o.Credit, &o.Link, &pub); err != nil {
			return fmt.Errorf("store: load origins: %w", err)
		}
		o.Published = fromMicros(pub)
		if st := byID[id]; st != nil {
			st.Origin = &o
		}
	}
	return rows.Err()
}
