package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"khabar/internal/news"
)

// CreateStory stores a new story and its search entry in one
// transaction. It assigns st.ID and, when st.Code is zero, a fresh news
// code; a story arriving with its own code keeps it. Returns EINVALID for
// a story that fails validation and ECONFLICT when the uri or the code
// is taken.
func (s *Store) CreateStory(ctx context.Context, st *news.Story) error {
	if err := s.prepare(st, true); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *txn) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM stories WHERE uri = ?`, st.URI).Scan(&n); err != nil {
			return fmt.Errorf("store: check uri: %w", err)
		}
		if n > 0 {
			return news.Errorf(news.ECONFLICT, "a story with uri %q exists", st.URI)
		}
		return s.insertStory(ctx, tx, st)
	})
}

// UpdateStory saves st, found by st.ID, and its search entry. The news
// code and uri never change: values in st for them are ignored and
// overwritten with the stored ones. Returns ENOTFOUND for an unknown id.
func (s *Store) UpdateStory(ctx context.Context, st *news.Story) error {
	if err := s.prepare(st, true); err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *txn) error {
		err := tx.queryRow(ctx, `SELECT code, uri FROM stories WHERE id = ?`, st.ID).Scan(&st.Code, &st.URI)
		if errors.Is(err, sql.ErrNoRows) {
			return news.Errorf(news.ENOTFOUND, "no story %d", st.ID)
		}
		if err != nil {
			return fmt.Errorf("store: load story %d: %w", st.ID, err)
		}
		return s.updateStory(ctx, tx, st)
	})
}

// ImportResult says what importing one story did.
type ImportResult struct {
	Created bool  // a new story; false when an existing uri was updated
	Err     error // why this story was not stored, if it was not
}

// ImportStories stores stories by uri: a new uri is created (keeping its
// own news code if it has one), a known uri is updated in place and keeps
// the code it already has. The batch shares one transaction; if that
// fails, each story is retried alone so one bad story costs only itself.
func (s *Store) ImportStories(ctx context.Context, stories []*news.Story) []ImportResult {
	res := make([]ImportResult, len(stories))
	var ok []int
	for i, st := range stories {
		if err := s.prepare(st, false); err != nil {
			res[i].Err = err
			continue
		}
		ok = append(ok, i)
	}
	valid := make([]*news.Story, len(ok))
	for j, i := range ok {
		valid[j] = stories[i]
	}
	analyzed := analyzeAll(valid)
	err := s.writeTxAnalyzed(ctx, analyzed, func(tx *txn) error {
		for _, i := range ok {
			created, err := s.upsert(ctx, tx, stories[i])
			if err != nil {
				return err
			}
			res[i].Created = created
		}
		return nil
	})
	if err == nil || len(ok) == 1 {
		if err != nil {
			res[ok[0]].Err = err
		}
		return res
	}
	for _, i := range ok {
		err := s.writeTx(ctx, func(tx *txn) error {
			created, err := s.upsert(ctx, tx, stories[i])
			res[i].Created = created
			return err
		})
		res[i].Err = err
	}
	return res
}

func (s *Store) upsert(ctx context.Context, tx *txn, st *news.Story) (created bool, err error) {
	var id, code int64
	err = tx.queryRow(ctx, `SELECT id, code FROM stories WHERE uri = ?`, st.URI).Scan(&id, &code)
	if errors.Is(err, sql.ErrNoRows) {
		return true, s.insertStory(ctx, tx, st)
	}
	if err != nil {
		return false, fmt.Errorf("store: find uri %q: %w", st.URI, err)
	}
	st.ID, st.Code = id, code
	return false, s.updateStory(ctx, tx, st)
}

// prepare validates st and fills the defaults every stored story has.
// touch stamps it as changed now; an imported story keeps the version
// time it came with, or none.
func (s *Store) prepare(st *news.Story, touch bool) error {
	if st.Status == "" {
		st.Status = news.StatusDraft
	}
	if st.Language == "" {
		st.Language = "fa"
	}
	if err := st.Validate(); err != nil {
		return err
	}
	if touch {
		st.Updated = s.now()
	}
	st.Updated = st.Updated.UTC()
	st.Published = st.Published.UTC()
	return nil
}

func (s *Store) insertStory(ctx context.Context, tx *txn, st *news.Story) error {
	secID, err := s.ensureSection(ctx, tx, st.Section)
	if err != nil {
		return err
	}
	st.Section.ID = secID
	if st.Code == 0 {
		if st.Code, err = s.nextCode(ctx, tx); err != nil {
			return err
		}
	} else if err := s.keepCode(ctx, tx, st.Code); err != nil {
		return err
	}
	if st.URI == "" {
		st.URI = fmt.Sprintf("urn:khabar:story:%d", st.Code)
	}
	err = tx.queryRow(ctx, `INSERT INTO stories
		(code, uri, section_id, kicker, headline, lead, source, provider, body, language, status, published_us, updated_us, demo)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		st.Code, st.URI, secID, st.Kicker, st.Headline, st.Lead, st.Source, st.Provider, st.Body,
		st.Language, string(st.Status), micros(st.Published), micros(st.Updated), st.Demo).Scan(&st.ID)
	if err != nil {
		return fmt.Errorf("store: insert story %q: %w", st.URI, err)
	}
	if err := s.writeTags(ctx, tx, st); err != nil {
		return err
	}
	return s.indexStory(ctx, tx, st)
}

func (s *Store) updateStory(ctx context.Context, tx *txn, st *news.Story) error {
	secID, err := s.ensureSection(ctx, tx, st.Section)
	if err != nil {
		return err
	}
	st.Section.ID = secID
	_, err = tx.exec(ctx, `UPDATE stories SET section_id = ?, kicker = ?, headline = ?, lead = ?,
		source = ?, provider = ?, body = ?, language = ?, status = ?, published_us = ?, updated_us = ?, demo = ?
		WHERE id = ?`,
		secID, st.Kicker, st.Headline, st.Lead, st.Source, st.Provider, st.Body, st.Language,
		string(st.Status), micros(st.Published), micros(st.Updated), st.Demo, st.ID)
	if err != nil {
		return fmt.Errorf("store: update story %d: %w", st.ID, err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM story_tags WHERE story_id = ?`, st.ID); err != nil {
		return fmt.Errorf("store: update tags of story %d: %w", st.ID, err)
	}
	if err := s.writeTags(ctx, tx, st); err != nil {
		return err
	}
	return s.indexStory(ctx, tx, st)
}

// writeTags stores st's tags in one statement (news.MaxTags bounds it).
func (s *Store) writeTags(ctx context.Context, tx *txn, st *news.Story) error {
	if len(st.Tags) == 0 {
		return nil
	}
	args := make([]any, 0, 3*len(st.Tags))
	for i, tag := range st.Tags {
		args = append(args, st.ID, i, tag)
	}
	query := `INSERT INTO story_tags (story_id, position, tag) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(st.Tags)), ", ")
	if _, err := tx.exec(ctx, query, args...); err != nil {
		return fmt.Errorf("store: tag story %d: %w", st.ID, err)
	}
	return nil
}
