package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"khabar/internal/news"
)

// ImportPlan tells what a run of ImportStories would do, writing
// nothing: `khabar import --dry-run`. It remembers the uris, codes and
// sections the run has planned so far, so that a story planned twice, or
// two stories claiming one code, are told as the real run would tell them.
type ImportPlan struct {
	s        *Store
	uris     map[string]bool
	codes    map[int64]string // code → uri planned for it
	sections map[string]bool  // slugs of sections the run would create
}

// NewImportPlan starts a plan.
func (s *Store) NewImportPlan() *ImportPlan {
	return &ImportPlan{s: s, uris: map[string]bool{}, codes: map[int64]string{}, sections: map[string]bool{}}
}

// Sections returns how many sections the stories planned so far would
// create.
func (p *ImportPlan) Sections() int { return len(p.sections) }

// Stories returns for each story what ImportStories would report, with ID
// set for a story that exists.
func (p *ImportPlan) Stories(ctx context.Context, stories []*news.Story) []ImportResult {
	res := make([]ImportResult, len(stories))
	for i, st := range stories {
		if err := p.s.prepare(st); err != nil {
			res[i].Err = err
			continue
		}
		res[i] = p.story(ctx, st)
	}
	return res
}

func (p *ImportPlan) story(ctx context.Context, st *news.Story) ImportResult {
	if err := p.section(ctx, st.Section); err != nil {
		return ImportResult{Err: err}
	}
	var id int64
	var status, origin string
	err := p.s.queryRow(ctx, `SELECT id, status, origin FROM stories WHERE uri = ?`, st.URI).Scan(&id, &status, &origin)
	if errors.Is(err, sql.ErrNoRows) {
		if p.uris[st.URI] && st.URI != "" {
			return ImportResult{} // the run's first copy creates it; this one updates it
		}
		if st.Code != 0 {
			taken, err := p.codeTaken(ctx, st.Code, st.URI)
			if err != nil {
				return ImportResult{Err: err}
			}
			if taken {
				return ImportResult{Err: news.Errorf(news.ECONFLICT, "news code %d belongs to another story", st.Code)}
			}
			p.codes[st.Code] = st.URI
		}
		p.uris[st.URI] = true
		return ImportResult{Created: true}
	}
	if err != nil {
		return ImportResult{Err: fmt.Errorf("store: find uri %q: %w", st.URI, err)}
	}
	switch {
	case news.Status(status) == news.StatusKilled:
		return ImportResult{ID: id, Skipped: SkippedKilled}
	case origin != "import":
		return ImportResult{ID: id, Skipped: SkippedEdited}
	}
	cur, err := p.s.StoryByID(ctx, id)
	if err != nil {
		return ImportResult{Err: err}
	}
	if cur.Status != news.StatusPublished || st.Status != news.StatusUnpublished {
		st.Status = cur.Status
	}
	if !importChanges(cur, st) {
		return ImportResult{ID: id, Unchanged: true}
	}
	return ImportResult{ID: id}
}

func (p *ImportPlan) codeTaken(ctx context.Context, code int64, uri string) (bool, error) {
	if other, ok := p.codes[code]; ok {
		return other != uri, nil
	}
	var one int
	err := p.s.queryRow(ctx, `SELECT 1 FROM news_codes WHERE code = ?`, code).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: look up news code %d: %w", code, err)
	}
	return true, nil
}

func (p *ImportPlan) section(ctx context.Context, sec news.Section) error {
	if sec.Slug == "" || p.sections[sec.Slug] {
		return nil
	}
	var id int64
	err := p.s.queryRow(ctx, `SELECT id FROM sections WHERE slug = ?`, sec.Slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		p.sections[sec.Slug] = true
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: load section %q: %w", sec.Slug, err)
	}
	return nil
}
