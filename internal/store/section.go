package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"khabar/internal/news"
)

// Sections returns every section in display order.
func (s *Store) Sections(ctx context.Context) ([]news.Section, error) {
	rows, err := s.query(ctx, `SELECT id, slug, name FROM sections ORDER BY position, id`)
	if err != nil {
		return nil, fmt.Errorf("store: list sections: %w", err)
	}
	defer rows.Close()
	var out []news.Section
	for rows.Next() {
		var sec news.Section
		if err := rows.Scan(&sec.ID, &sec.Slug, &sec.Name); err != nil {
			return nil, fmt.Errorf("store: list sections: %w", err)
		}
		out = append(out, sec)
	}
	return out, rows.Err()
}

// SectionBySlug returns the section with that slug, or an ENOTFOUND error.
func (s *Store) SectionBySlug(ctx context.Context, slug string) (news.Section, error) {
	sec := news.Section{Slug: slug}
	err := s.queryRow(ctx, `SELECT id, name FROM sections WHERE slug = ?`, slug).Scan(&sec.ID, &sec.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return sec, news.Errorf(news.ENOTFOUND, "no section %q", slug)
	}
	if err != nil {
		return sec, fmt.Errorf("store: load section %q: %w", slug, err)
	}
	return sec, nil
}

// ensureSection returns the id of the section with sec.Slug, creating it
// with sec.Name when missing. An existing section keeps its name.
func (s *Store) ensureSection(ctx context.Context, tx *txn, sec news.Section) (int64, error) {
	if sec.Slug == "" {
		sec = news.Section{Slug: "news", Name: "خبر"}
	}
	if sec.Name == "" {
		sec.Name = sec.Slug
	}
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM sections WHERE slug = ?`, sec.Slug).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: load section %q: %w", sec.Slug, err)
	}
	// ON CONFLICT: a concurrent writer may create the same section first;
	// then its row is read back below.
	err = tx.queryRow(ctx, `INSERT INTO sections (slug, name, position)
		VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM sections))
		ON CONFLICT (slug) DO NOTHING RETURNING id`, sec.Slug, sec.Name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.queryRow(ctx, `SELECT id FROM sections WHERE slug = ?`, sec.Slug).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("store: create section %q: %w", sec.Slug, err)
	}
	return id, nil
}

// AddSection creates a section, by actor, at the end of the order. It
// returns EINVALID for a blank slug or name and ECONFLICT for a slug
// that is taken.
func (s *Store) AddSection(ctx context.Context, actor news.Actor, sec *news.Section) error {
	sec.Slug, sec.Name = strings.TrimSpace(sec.Slug), strings.TrimSpace(sec.Name)
	if sec.Slug == "" || strings.ContainsAny(sec.Slug, "/?#% ") || strings.ContainsFunc(sec.Slug+sec.Name, unicode.IsControl) {
		return news.FieldErrorf("slug", news.EINVALID, "نشانی سرویس خالی است یا نویسهٔ نادرست دارد")
	}
	if sec.Name == "" {
		return news.FieldErrorf("name", news.EINVALID, "نام سرویس لازم است")
	}
	return s.writeTx(ctx, func(tx *txn) error {
		err := tx.queryRow(ctx, `INSERT INTO sections (slug, name, position)
			VALUES (?, ?, (SELECT coalesce(max(position), 0) + 1 FROM sections))
			ON CONFLICT (slug) DO NOTHING RETURNING id`, sec.Slug, sec.Name).Scan(&sec.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return news.FieldErrorf("slug", news.ECONFLICT, "سرویسی با نشانی «%s» هست", sec.Slug)
		}
		if err != nil {
			return fmt.Errorf("store: create section %q: %w", sec.Slug, err)
		}
		tx.audit(ctx, actor, "section.create", "section", sec.ID, sec.Name, sec.Slug)
		tx.logChange(Change{Kind: "section", SectionID: sec.ID})
		return nil
	})
}
