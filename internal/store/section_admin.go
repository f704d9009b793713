package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

// UpdateSection writes what an admin changed of a section: its name,
// slug (the old one then redirects), parent, whether it is in the
// navigation, and its aliases (the other names imports file under it).
// It returns ENOTFOUND for no such section, EINVALID or ECONFLICT, naming
// the field, for a change it refuses (see AddSection).
func (s *Store) UpdateSection(ctx context.Context, actor news.Actor, sec news.Section, aliases []string) error {
	if err := cleanSection(&sec); err != nil {
		return err
	}
	if sec.ParentID != 0 {
		sec.InNav = false // the navigation holds top-level sections only
	}
	aliases, err := cleanAliases(aliases)
	if err != nil {
		return err
	}
	return s.writeTx(ctx, func(tx *txn) error {
		old, err := scanSection(tx.queryRow(ctx, `SELECT `+sectionColumns+` FROM sections WHERE id = ?`, sec.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return news.Errorf(news.ENOTFOUND, "سرویس پیدا نشد")
		}
		if err != nil {
			return fmt.Errorf("store: load section %d: %w", sec.ID, err)
		}
		if err := tx.checkSectionPlace(ctx, sec); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE sections SET slug = ?, name = ?, name_key = ?, parent_id = ?, in_nav = ? WHERE id = ?`,
			sec.Slug, sec.Name, nameKey(sec.Name), nullID(sec.ParentID), sec.InNav, sec.ID); err != nil {
			return fmt.Errorf("store: update section %d: %w", sec.ID, err)
		}
		if old.Slug != sec.Slug {
			if err := tx.redirectSlug(ctx, old.Slug, sec.ID); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `DELETE FROM section_redirects WHERE slug = ?`, sec.Slug); err != nil {
			return fmt.Errorf("store: update section %d: %w", sec.ID, err)
		}
		if err := tx.setAliases(ctx, sec, aliases); err != nil {
			return err
		}
		tx.audit(ctx, actor, "section.update", "section", sec.ID, sec.Name, sectionDetail(old, sec, aliases))
		tx.logChange(Change{Kind: ChangeSection, SectionID: sec.ID})
		return nil
	})
}

// cleanAliases trims aliases and drops blanks and repeats (by nameKey).
func cleanAliases(in []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, a := range in {
		a = strings.Join(strings.Fields(a), " ")
		k := nameKey(a)
		if k == "" || seen[k] {
			continue
		}
		if err := news.CheckSectionName(a); err != nil {
			return nil, news.FieldErrorf("aliases", news.EINVALID, "نام دیگر «%s» نادرست است: %s", a, news.ErrorMessage(err))
		}
		seen[k] = true
		out = append(out, a)
	}
	if len(out) > news.MaxAliases {
		return nil, news.FieldErrorf("aliases", news.EINVALID, "بیش از %s نام دیگر", jalali.PersianNumber(news.MaxAliases))
	}
	return out, nil
}

// setAliases replaces the aliases of sec. An alias that is another
// section's name or alias is refused; one that is sec's own name is
// dropped.
func (t *txn) setAliases(ctx context.Context, sec news.Section, aliases []string) error {
	if _, err := t.exec(ctx, `DELETE FROM section_aliases WHERE section_id = ?`, sec.ID); err != nil {
		return fmt.Errorf("store: set aliases of section %d: %w", sec.ID, err)
	}
	own := nameKey(sec.Name)
	for _, a := range aliases {
		k := nameKey(a)
		if k == own {
			continue
		}
		var other string
		err := t.queryRow(ctx, `SELECT name FROM sections WHERE name_key = ? AND id <> ?
			UNION ALL SELECT c.name FROM section_aliases a JOIN sections c ON c.id = a.section_id WHERE a.alias_key = ?`,
			k, sec.ID, k).Scan(&other)
		if err == nil {
			return news.FieldErrorf("aliases", news.ECONFLICT, "«%s» نام سرویس «%s» یا نام دیگر آن است", a, other)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: set aliases of section %d: %w", sec.ID, err)
		}
		if _, err := t.exec(ctx, `INSERT INTO section_aliases (alias_key, section_id, alias) VALUES (?, ?, ?)`, k, sec.ID, a); err != nil {
			return fmt.Errorf("store: set aliases of section %d: %w", sec.ID, err)
		}
	}
	return nil
}

// redirectSlug makes slug, which no section holds now, lead to section id.
func (t *txn) redirectSlug(ctx context.Context, slug string, id int64) error {
	if _, err := t.exec(ctx, `INSERT INTO section_redirects (slug, section_id) VALUES (?, ?)
		ON CONFLICT (slug) DO UPDATE SET section_id = excluded.section_id`, slug, id); err != nil {
		return fmt.Errorf("store: redirect section %q: %w", slug, err)
	}
	return nil
}

func sectionDetail(old, sec news.Section, aliases []string) string {
	var parts []string
	if old.Name != sec.Name {
		parts = append(parts, "نام: «"+old.Name+"» به «"+sec.Name+"»")
	}
	if old.Slug != sec.Slug {
		parts = append(parts, "نشانی: "+old.Slug+" به "+sec.Slug)
	}
	if old.ParentID != sec.ParentID {
		parts = append(parts, "جای سرویس")
	}
	if old.InNav != sec.InNav {
		if sec.InNav {
			parts = append(parts, "به فهرست سایت افزوده شد")
		} else {
			parts = append(parts, "از فهرست سایت برداشته شد")
		}
	}
	if len(aliases) > 0 {
		parts = append(parts, "نام‌های دیگر: "+strings.Join(aliases, "، "))
	}
	return strings.Join(parts, "؛ ")
}

// MoveSection moves a section one place earlier (by -1) or later (by
// +1) among its siblings. It returns ENOTFOUND for no such section;
// moving the first one earlier, or the last later, changes nothing.
func (s *Store) MoveSection(ctx context.Context, actor news.Actor, id int64, by int) error {
	return s.writeTx(ctx, func(tx *txn) error {
		all, err := tx.sections(ctx)
		if err != nil {
			return err
		}
		tree := news.NewSectionTree(all)
		sec, ok := tree.ByID(id)
		if !ok {
			return news.Errorf(news.ENOTFOUND, "سرویس پیدا نشد")
		}
		siblings := tree.Children(sec.ParentID)
		if sec.ParentID != 0 {
			if _, ok := tree.ByID(sec.ParentID); !ok {
				siblings = tree.Top()
			}
		}
		i := 0
		for j, sib := range siblings {
			if sib.ID == id {
				i = j
			}
		}
		j := i + by
		if by == 0 || j < 0 || j >= len(siblings) {
			return nil
		}
		siblings[i], siblings[j] = siblings[j], siblings[i]
		// Positions are global; siblings take the ones they hold, in
		// their new order, so no other section moves.
		pos := make([]int, len(siblings))
		for k, sib := range siblings {
			pos[k] = sib.Position
		}
		sortInts(pos)
		for k := 1; k < len(pos); k++ {
			if pos[k] <= pos[k-1] {
				pos[k] = pos[k-1] + 1
			}
		}
		for k, sib := range siblings {
			if _, err := tx.exec(ctx, `UPDATE sections SET position = ? WHERE id = ?`, pos[k], sib.ID); err != nil {
				return fmt.Errorf("store: move section %d: %w", id, err)
			}
		}
		way := "جلوتر"
		if by > 0 {
			way = "عقب‌تر"
		}
		tx.audit(ctx, actor, "section.move", "section", id, sec.Name, way)
		tx.logChange(Change{Kind: ChangeSection, SectionID: id})
		return nil
	})
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// MergeSection merges section from into section into: from's stories
// move (each with a revision), its sub-sections, aliases and old slugs
// go with them, its name becomes an alias and its slug a redirect of
// into, and from is gone. It returns ENOTFOUND for either missing and
// EINVALID for merging a section into itself or into one under it.
// It returns how many stories moved.
func (s *Store) MergeSection(ctx context.Context, actor news.Actor, from, into int64) (int, error) {
	moved := 0
	err := s.writeTx(ctx, func(tx *txn) error {
		all, err := tx.sections(ctx)
		if err != nil {
			return err
		}
		tree := news.NewSectionTree(all)
		src, ok1 := tree.ByID(from)
		dst, ok2 := tree.ByID(into)
		switch {
		case !ok1 || !ok2:
			return news.Errorf(news.ENOTFOUND, "سرویس پیدا نشد")
		case from == into:
			return news.FieldErrorf("into", news.EINVALID, "سرویس را نمی‌توان در خودش ادغام کرد")
		case tree.Under(into, from):
			return news.FieldErrorf("into", news.EINVALID, "سرویس را نمی‌توان در زیرسرویس خودش ادغام کرد")
		}
		if moved, err = tx.moveStories(ctx, actor, src, dst); err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE sections SET parent_id = ? WHERE parent_id = ?`,
			`UPDATE section_redirects SET section_id = ? WHERE section_id = ?`,
			`UPDATE search_docs SET section_id = ? WHERE section_id = ?`,
		} {
			if _, err := tx.exec(ctx, q, into, from); err != nil {
				return fmt.Errorf("store: merge section %d: %w", from, err)
			}
		}
		// Aliases: from's, and its name, unless into answers to it already.
		if _, err := tx.exec(ctx, `UPDATE section_aliases SET section_id = ? WHERE section_id = ? AND alias_key <> ?`,
			into, from, nameKey(dst.Name)); err != nil {
			return fmt.Errorf("store: merge section %d: %w", from, err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM section_aliases WHERE section_id = ?`, from); err != nil {
			return fmt.Errorf("store: merge section %d: %w", from, err)
		}
		if k := nameKey(src.Name); k != nameKey(dst.Name) {
			if _, err := tx.exec(ctx, `INSERT INTO section_aliases (alias_key, section_id, alias) VALUES (?, ?, ?)
				ON CONFLICT (alias_key) DO NOTHING`, k, into, src.Name); err != nil {
				return fmt.Errorf("store: merge section %d: %w", from, err)
			}
		}
		if _, err := tx.exec(ctx, `DELETE FROM sections WHERE id = ?`, from); err != nil {
			return fmt.Errorf("store: merge section %d: %w", from, err)
		}
		if err := tx.redirectSlug(ctx, src.Slug, into); err != nil {
			return err
		}
		tx.audit(ctx, actor, "section.merge", "section", into, dst.Name,
			fmt.Sprintf("«%s» (%s) در «%s» ادغام شد؛ %s خبر جابه‌جا شد", src.Name, src.Slug, dst.Name, jalali.PersianNumber(moved)))
		// The stories' search entries moved section: searches reload.
		tx.logChange(Change{Kind: ChangeSection, SectionID: into, Search: searchAll})
		return nil
	})
	return moved, err
}

// moveStories files every story of src under dst, each write a revision
// by actor that keeps the content it replaced; a few hundred stories at
// a time, so a large section costs no more memory than a small one.
func (t *txn) moveStories(ctx context.Context, actor news.Actor, src, dst news.Section) (int, error) {
	now := t.s.now().UnixMicro()
	note := "ادغام سرویس «" + src.Name + "» در «" + dst.Name + "»"
	moved := 0
	for {
		rows, err := t.tx.QueryContext(ctx, t.s.q(t.s.selectStories()+` WHERE s.section_id = ? ORDER BY s.id LIMIT 500`), src.ID)
		if err != nil {
			return 0, fmt.Errorf("store: merge section %d: %w", src.ID, err)
		}
		var stories []*news.Story
		for rows.Next() {
			st, err := scanStory(rows)
			if err != nil {
				rows.Close()
				return 0, fmt.Errorf("store: merge section %d: %w", src.ID, err)
			}
			stories = append(stories, st)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("store: merge section %d: %w", src.ID, err)
		}
		if len(stories) == 0 {
			return moved, nil
		}
		for _, st := range stories {
			if err := t.keepContent(ctx, st.ID, st.Revision, news.ContentOf(st)); err != nil {
				return 0, err
			}
			if _, err := t.exec(ctx, `UPDATE stories SET section_id = ?, revision = revision + 1, changed_us = ? WHERE id = ?`,
				dst.ID, now, st.ID); err != nil {
				return 0, fmt.Errorf("store: move story %d: %w", st.ID, err)
			}
			st.Revision++
			st.Section = dst
			if err := t.revision(ctx, st, actor, news.ActionSave, note); err != nil {
				return 0, err
			}
		}
		moved += len(stories)
	}
}
