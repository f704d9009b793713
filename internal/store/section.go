package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"khabar/internal/jalali"
	"khabar/internal/news"
	"khabar/internal/persian"
)

// Sections form a tree (parent_id) that admins arrange: order among
// siblings (position), which top-level sections the public navigation
// shows (in_nav), other names imports know a section by (aliases), and
// the slugs a section once had (redirects, after a rename or a merge).

const sectionColumns = `id, slug, name, coalesce(parent_id, 0), position, in_nav`

func scanSection(row interface{ Scan(...any) error }) (news.Section, error) {
	var sec news.Section
	err := row.Scan(&sec.ID, &sec.Slug, &sec.Name, &sec.ParentID, &sec.Position, &sec.InNav)
	return sec, err
}

// Sections returns every section, ordered by position.
func (s *Store) Sections(ctx context.Context) ([]news.Section, error) {
	return scanSections(s.query(ctx, allSections))
}

// allSections lists every section, ordered by position.
const allSections = `SELECT ` + sectionColumns + ` FROM sections ORDER BY position, id`

// scanSections reads the sections a query of sectionColumns returned.
func scanSections(rows *sql.Rows, err error) ([]news.Section, error) {
	if err != nil {
		return nil, fmt.Errorf("store: list sections: %w", err)
	}
	defer rows.Close()
	var out []news.Section
	for rows.Next() {
		sec, err := scanSection(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list sections: %w", err)
		}
		out = append(out, sec)
	}
	return out, rows.Err()
}

// SectionTree returns every section arranged as the admins filed them:
// a tree shared with every caller until a change, not to be changed.
func (s *Store) SectionTree(ctx context.Context) (*news.SectionTree, error) {
	return s.memos.tree.get(ctx, s, struct{}{}, func(ctx context.Context) (*news.SectionTree, error) {
		all, err := s.Sections(ctx)
		if err != nil {
			return nil, err
		}
		return news.NewSectionTree(all), nil
	})
}

// SectionBySlug returns the section with that slug, or an ENOTFOUND error.
func (s *Store) SectionBySlug(ctx context.Context, slug string) (news.Section, error) {
	sec, err := scanSection(s.queryRow(ctx, `SELECT `+sectionColumns+` FROM sections WHERE slug = ?`, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return news.Section{Slug: slug}, news.Errorf(news.ENOTFOUND, "سرویس «%s» نیست", slug)
	}
	if err != nil {
		return sec, fmt.Errorf("store: load section %q: %w", slug, err)
	}
	return sec, nil
}

// SectionByID returns the section with that id, or an ENOTFOUND error.
func (s *Store) SectionByID(ctx context.Context, id int64) (news.Section, error) {
	sec, err := scanSection(s.queryRow(ctx, `SELECT `+sectionColumns+` FROM sections WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return sec, news.Errorf(news.ENOTFOUND, "سرویس %d نیست", id)
	}
	if err != nil {
		return sec, fmt.Errorf("store: load section %d: %w", id, err)
	}
	return sec, nil
}

// SectionRedirect returns the section an old slug (renamed, or merged
// into another section) now stands for, or an ENOTFOUND error.
func (s *Store) SectionRedirect(ctx context.Context, slug string) (news.Section, error) {
	sec, err := scanSection(s.queryRow(ctx, `SELECT `+sectionColumns+` FROM sections
		WHERE id = (SELECT section_id FROM section_redirects WHERE slug = ?)`, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return sec, news.Errorf(news.ENOTFOUND, "سرویس «%s» نیست", slug)
	}
	if err != nil {
		return sec, fmt.Errorf("store: load redirect of section %q: %w", slug, err)
	}
	return sec, nil
}

// SectionAliases returns the other names of every section that has any,
// by section id, in alphabetical order.
func (s *Store) SectionAliases(ctx context.Context) (map[int64][]string, error) {
	rows, err := s.query(ctx, `SELECT section_id, alias FROM section_aliases ORDER BY section_id, alias`)
	if err != nil {
		return nil, fmt.Errorf("store: list section aliases: %w", err)
	}
	defer rows.Close()
	out := map[int64][]string{}
	for rows.Next() {
		var id int64
		var alias string
		if err := rows.Scan(&id, &alias); err != nil {
			return nil, fmt.Errorf("store: list section aliases: %w", err)
		}
		out[id] = append(out[id], alias)
	}
	return out, rows.Err()
}

// nameKey is how section names, aliases and tags are compared: folded
// (ي/ك, hamza and heh forms, digits, case), without ZWNJ or spaces, so
// «استان‌ها», «استان ها» and «استانها» are one name.
func nameKey(name string) string {
	f := persian.Fold(strings.TrimSpace(name))
	return strings.Map(func(r rune) rune {
		if r == '\u200c' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, f)
}

// ensureSection returns the id of the section an imported story names,
// creating the section only when none answers to it: first by slug,
// then by a slug it once had, then by name or alias (compared with
// nameKey), so a feed's «اجتماعی» or "social" files into the section
// the admins call so. A new section goes under sec.Parent when given
// (ensured the same way), and into the navigation when it is top level
// and the navigation has room. An existing section keeps its name and
// place.
func (s *Store) ensureSection(ctx context.Context, tx *txn, sec news.Section) (int64, error) {
	return s.ensureSectionDepth(ctx, tx, sec, 0)
}

func (s *Store) ensureSectionDepth(ctx context.Context, tx *txn, sec news.Section, depth int) (int64, error) {
	if sec.Slug == "" {
		sec = news.Section{Slug: "news", Name: "خبر"}
	}
	if sec.Name == "" {
		sec.Name = sec.Slug
	}
	if id, ok, err := tx.findSection(ctx, sec); err != nil || ok {
		return id, err
	}
	var parent sql.NullInt64
	if sec.Parent != nil && depth < 4 {
		pid, err := s.ensureSectionDepth(ctx, tx, *sec.Parent, depth+1)
		if err != nil {
			return 0, err
		}
		parent = sql.NullInt64{Int64: pid, Valid: true}
	}
	// ON CONFLICT: a concurrent writer may create the same section first;
	// then its row is read back below.
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO sections (slug, name, name_key, parent_id, position, in_nav)
		VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM sections),
		? AND (SELECT count(*) FROM sections WHERE in_nav AND parent_id IS NULL) < ?)
		ON CONFLICT (slug) DO NOTHING RETURNING id`,
		sec.Slug, sec.Name, nameKey(sec.Name), parent, !parent.Valid, news.MaxNav).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.queryRow(ctx, `SELECT id FROM sections WHERE slug = ?`, sec.Slug).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("store: create section %q: %w", sec.Slug, err)
	}
	tx.logChange(Change{Kind: ChangeSection, SectionID: id})
	return id, nil
}

// findSection looks for the section an import's sec stands for (see
// ensureSection).
func (t *txn) findSection(ctx context.Context, sec news.Section) (int64, bool, error) {
	var id int64
	err := t.queryRow(ctx, `SELECT id FROM sections WHERE slug = ?`, sec.Slug).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("store: load section %q: %w", sec.Slug, err)
	}
	err = t.queryRow(ctx, `SELECT section_id FROM section_redirects WHERE slug = ?`, sec.Slug).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, fmt.Errorf("store: load section %q: %w", sec.Slug, err)
	}
	for _, key := range []string{nameKey(sec.Name), nameKey(sec.Slug)} {
		if key == "" {
			continue
		}
		err = t.queryRow(ctx, `SELECT id FROM sections WHERE name_key = ?
			UNION ALL SELECT section_id FROM section_aliases WHERE alias_key = ? LIMIT 1`, key, key).Scan(&id)
		if err == nil {
			return id, true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, false, fmt.Errorf("store: find section %q: %w", sec.Name, err)
		}
	}
	return 0, false, nil
}

// cleanSection trims a section's name and slug and checks them.
func cleanSection(sec *news.Section) error {
	sec.Slug, sec.Name = strings.TrimSpace(sec.Slug), strings.Join(strings.Fields(sec.Name), " ")
	if err := news.CheckSectionSlug(sec.Slug); err != nil {
		return err
	}
	return news.CheckSectionName(sec.Name)
}

// AddSection creates a section, by actor, at the end of the order,
// under sec.ParentID when set. It returns EINVALID for a bad slug or
// name, ECONFLICT for a slug or name that is taken and EINVALID for a
// navigation that is full. A sub-section is never in the navigation.
func (s *Store) AddSection(ctx context.Context, actor news.Actor, sec *news.Section) error {
	if err := cleanSection(sec); err != nil {
		return err
	}
	if sec.ParentID != 0 {
		sec.InNav = false // the navigation holds top-level sections only
	}
	return s.writeTx(ctx, func(tx *txn) error {
		err := tx.queryRow(ctx, `INSERT INTO sections (slug, name, name_key, parent_id, position, in_nav)
			VALUES (?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM sections), ?)
			ON CONFLICT (slug) DO NOTHING RETURNING id`,
			sec.Slug, sec.Name, nameKey(sec.Name), nullID(sec.ParentID), sec.InNav).Scan(&sec.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return news.FieldErrorf("slug", news.ECONFLICT, "سرویسی با نشانی «%s» هست", sec.Slug)
		}
		if err != nil {
			return fmt.Errorf("store: create section %q: %w", sec.Slug, err)
		}
		// Checked once it is there, against the others: a refusal rolls
		// the insert back.
		if err := tx.checkSectionPlace(ctx, *sec); err != nil {
			sec.ID = 0
			return err
		}
		tx.audit(ctx, actor, "section.create", "section", sec.ID, sec.Name, sec.Slug)
		tx.logChange(Change{Kind: ChangeSection, SectionID: sec.ID})
		return nil
	})
}

// checkSectionPlace refuses a section whose name another section or
// alias has, whose parent is missing or under it, or that asks for the
// navigation when it may not be there.
func (t *txn) checkSectionPlace(ctx context.Context, sec news.Section) error {
	var n int
	if err := t.queryRow(ctx, `SELECT count(*) FROM sections WHERE id <> ? AND slug = ?`, sec.ID, sec.Slug).Scan(&n); err != nil {
		return fmt.Errorf("store: check section: %w", err)
	}
	if n > 0 {
		return news.FieldErrorf("slug", news.ECONFLICT, "سرویسی با نشانی «%s» هست", sec.Slug)
	}
	key := nameKey(sec.Name)
	if err := t.queryRow(ctx, `SELECT count(*) FROM sections WHERE id <> ? AND name_key = ?`, sec.ID, key).Scan(&n); err != nil {
		return fmt.Errorf("store: check section: %w", err)
	}
	if n > 0 {
		return news.FieldErrorf("name", news.ECONFLICT, "سرویسی به نام «%s» هست", sec.Name)
	}
	if err := t.queryRow(ctx, `SELECT count(*) FROM section_aliases WHERE section_id <> ? AND alias_key = ?`, sec.ID, key).Scan(&n); err != nil {
		return fmt.Errorf("store: check section: %w", err)
	}
	if n > 0 {
		return news.FieldErrorf("name", news.ECONFLICT, "«%s» نام دیگر سرویس دیگری است", sec.Name)
	}
	if sec.ParentID != 0 {
		all, err := t.sections(ctx)
		if err != nil {
			return err
		}
		tree := news.NewSectionTree(all)
		if _, ok := tree.ByID(sec.ParentID); !ok {
			return news.FieldErrorf("parent", news.EINVALID, "سرویس بالادست پیدا نشد")
		}
		if sec.ID != 0 && tree.Under(sec.ParentID, sec.ID) {
			return news.FieldErrorf("parent", news.EINVALID, "سرویس را نمی‌توان زیر خودش یا زیرسرویس‌هایش گذاشت")
		}
	}
	if sec.InNav {
		if err := t.queryRow(ctx, `SELECT count(*) FROM sections WHERE id <> ? AND in_nav AND parent_id IS NULL`, sec.ID).Scan(&n); err != nil {
			return fmt.Errorf("store: check section: %w", err)
		}
		if n >= news.MaxNav {
			return news.FieldErrorf("nav", news.EINVALID, "فهرست سایت پر است: بیش از %s سرویس در آن جا نمی‌گیرد", jalali.PersianNumber(news.MaxNav))
		}
	}
	return nil
}

// sections reads every section inside the transaction.
func (t *txn) sections(ctx context.Context) ([]news.Section, error) {
	return scanSections(t.tx.QueryContext(ctx, t.s.q(allSections)))
}
