package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"khabar/internal/news"
)

// An import writes stories by uri. What it may change:
//
//   - a new uri becomes a new story in the state the import gives it
//     (published, or unpublished for a withdrawn item), keeping its own
//     news code if it has one; a published story without one gets the
//     next code;
//   - a known uri whose story nobody has touched in the newsroom gets
//     the import's content, and may be withdrawn (published →
//     unpublished) when the source withdraws it; an import never
//     publishes a story that is not published, nor changes its code;
//   - a story that anyone wrote or moved in the newsroom, or that was
//     killed, is left as it is: the import reports it skipped.
//
// Each story written gets a revision by news.ActorImport.

// ImportResult says what importing one story did.
type ImportResult struct {
	ID        int64  // the story's id, when it exists (0 in a plan for a new one)
	Created   bool   // a new story
	Unchanged bool   // the story already held exactly this
	Skipped   string // why the import left the story alone, if it did
	Note      string // what the import changed in the story, if anything (its section)
	Err       error  // why this story was not stored, if it was not
}

// bulkImport is the batch size from which an import logs one change for
// the whole batch rather than one per story: followers then reload the
// search statistics instead of applying each story.
const bulkImport = 20

// ImportExtra is what an import knows of a story beyond the story.
type ImportExtra struct {
	// OldPaths are the story's addresses on the site it came from
	// (news.OldPath keys), which the public site sends on to it.
	OldPaths []string
	// KeepPhoto keeps the lead photo the story has when the import
	// brings none: its photo comes later (ImportStoryPhoto).
	KeepPhoto bool
}

// ImportStories stores stories by uri (see above). The batch shares one
// transaction; if that fails, each story is retried alone so one bad
// story costs only itself.
func (s *Store) ImportStories(ctx context.Context, stories []*news.Story) []ImportResult {
	return s.ImportStoriesWith(ctx, stories, nil)
}

// ImportStoriesWith is ImportStories with extras[i] for stories[i];
// extras may be nil or shorter.
func (s *Store) ImportStoriesWith(ctx context.Context, stories []*news.Story, extras []ImportExtra) []ImportResult {
	extra := func(i int) ImportExtra {
		if i < len(extras) {
			return extras[i]
		}
		return ImportExtra{}
	}
	res := make([]ImportResult, len(stories))
	var ok []int
	for i, st := range stories {
		if err := s.prepare(st); err != nil {
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
	bulk := len(ok) >= bulkImport
	batch := make([]ImportResult, len(stories))
	err := s.writeTxAnalyzed(ctx, analyzed, bulk, func(tx *txn) error {
		for _, i := range ok {
			r, err := s.upsert(ctx, tx, stories[i], extra(i))
			if err != nil {
				return err
			}
			batch[i] = r
		}
		if bulk {
			tx.logChange(Change{Kind: ChangeStories, Search: searchAll})
		}
		return nil
	})
	if err == nil {
		for _, i := range ok {
			res[i] = batch[i]
		}
		return res
	}
	if len(ok) == 1 {
		res[ok[0]].Err = err
		return res
	}
	for _, i := range ok {
		err := s.writeTxAnalyzed(ctx, analyzed, false, func(tx *txn) error {
			r, err := s.upsert(ctx, tx, stories[i], extra(i))
			res[i] = r
			return err
		})
		if err != nil {
			res[i] = ImportResult{Err: err}
		}
	}
	return res
}

// prepare validates st and fills the defaults every stored story has.
func (s *Store) prepare(st *news.Story) error {
	if st.Status == "" {
		st.Status = news.StatusPublished
	}
	if st.Language == "" {
		st.Language = "fa"
	}
	if err := st.Validate(); err != nil {
		return err
	}
	st.Updated = st.Updated.UTC()
	st.Published = st.Published.UTC()
	return nil
}

func (s *Store) upsert(ctx context.Context, tx *txn, st *news.Story, extra ImportExtra) (ImportResult, error) {
	note, err := s.capSection(ctx, tx, st)
	if err != nil {
		return ImportResult{}, err
	}
	res, err := s.upsertIn(ctx, tx, st, extra)
	res.Note = note
	if err != nil || res.ID == 0 {
		return res, err
	}
	for _, p := range extra.OldPaths {
		if p == "" {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO old_paths (path, story_id) VALUES (?, ?)
			ON CONFLICT (path) DO UPDATE SET story_id = excluded.story_id`, p, res.ID); err != nil {
			return ImportResult{}, fmt.Errorf("store: keep old path %q: %w", p, err)
		}
	}
	return res, nil
}

// capSection moves st to the default section when its section does not
// exist and the site already has news.MaxImportedSections, and says so.
func (s *Store) capSection(ctx context.Context, tx *txn, st *news.Story) (string, error) {
	if st.Section.Slug == "" {
		return "", nil
	}
	var n, exists int
	err := tx.queryRow(ctx, `SELECT count(*), (SELECT count(*) FROM sections WHERE slug = ?) FROM sections`,
		st.Section.Slug).Scan(&n, &exists)
	if err != nil {
		return "", fmt.Errorf("store: count sections: %w", err)
	}
	if exists > 0 || n < news.MaxImportedSections {
		return "", nil
	}
	note := fmt.Sprintf("سرویس «%s» ساخته نشد (سایت %d سرویس دارد)؛ خبر در سرویس «خبر» است", st.Section.Name, n)
	st.Section = news.Section{Slug: "news", Name: "خبر"}
	return note, nil
}

func (s *Store) upsertIn(ctx context.Context, tx *txn, st *news.Story, extra ImportExtra) (ImportResult, error) {
	var id, rev int64
	var code sql.NullInt64
	var status, origin string
	err := tx.queryRow(ctx, `SELECT id, code, status, origin, revision FROM stories WHERE uri = ?`, st.URI).
		Scan(&id, &code, &status, &origin, &rev)
	if errors.Is(err, sql.ErrNoRows) {
		err := s.insertStory(ctx, tx, st)
		return ImportResult{ID: st.ID, Created: true}, err
	}
	if err != nil {
		return ImportResult{}, fmt.Errorf("store: find uri %q: %w", st.URI, err)
	}
	switch {
	case news.Status(status) == news.StatusKilled:
		return ImportResult{ID: id, Skipped: SkippedKilled}, nil
	case origin != "import":
		return ImportResult{ID: id, Skipped: SkippedEdited}, nil
	}
	cur, err := tx.loadStory(ctx, id)
	if err != nil {
		return ImportResult{}, err
	}
	// An import may withdraw a published story, never publish one.
	if cur.Status != news.StatusPublished || st.Status != news.StatusUnpublished {
		st.Status = cur.Status
	}
	st.ID, st.Code, st.Revision, st.AuthorID = id, code.Int64, rev, cur.AuthorID
	if extra.KeepPhoto && st.Photo == nil && cur.Photo != nil {
		st.Photo, st.PhotoCaption = cur.Photo, cur.PhotoCaption
	}
	secID, err := s.ensureSection(ctx, tx, st.Section)
	if err != nil {
		return ImportResult{}, err
	}
	st.Section.ID = secID
	if err := tx.checkPhotos(ctx, st); err != nil {
		return ImportResult{}, err
	}
	before := news.ContentOf(cur)
	if !importChanges(cur, st) {
		st.Section = cur.Section
		return ImportResult{ID: id, Unchanged: true}, nil
	}
	now := s.now().UTC()
	st.Revision = rev + 1
	_, err = tx.exec(ctx, `UPDATE stories SET section_id = ?, kicker = ?, headline = ?, lead = ?,
		source = ?, provider = ?, byline = ?, body = ?, language = ?, status = ?, published_us = ?, updated_us = ?,
		demo = ?, revision = ?, changed_us = ?, headline_terms = ?, photo_id = ?, photo_caption = ?
		WHERE id = ?`,
		secID, st.Kicker, st.Headline, st.Lead, st.Source, st.Provider, st.Byline, st.Body, st.Language,
		string(st.Status), micros(st.Published), micros(st.Updated), st.Demo, st.Revision, now.UnixMicro(),
		headlineTerms(st.Headline), nullText(photoID(st)), st.PhotoCaption, st.ID)
	if err != nil {
		return ImportResult{}, fmt.Errorf("store: update story %d: %w", st.ID, err)
	}
	if err := tx.keepContent(ctx, st.ID, rev, before); err != nil {
		return ImportResult{}, err
	}
	if _, err := tx.exec(ctx, `DELETE FROM story_tags WHERE story_id = ?`, st.ID); err != nil {
		return ImportResult{}, fmt.Errorf("store: update tags of story %d: %w", st.ID, err)
	}
	if err := s.writeTags(ctx, tx, st); err != nil {
		return ImportResult{}, err
	}
	if err := tx.revision(ctx, st, news.ActorImport, news.ActionImport, ""); err != nil {
		return ImportResult{}, err
	}
	return ImportResult{ID: id}, s.indexImported(ctx, tx, st)
}

// Why an import leaves a story alone.
const (
	SkippedKilled = "باطل‌شده در تحریریه"
	SkippedEdited = "ویرایش‌شده در تحریریه"
)

// importChanges reports whether importing st over cur, the story as
// stored, would change it. st.Status is already what the import may set.
func importChanges(cur, st *news.Story) bool {
	return !news.ContentOf(cur).Equal(news.ContentOf(st)) || cur.Kicker != st.Kicker || cur.Provider != st.Provider ||
		!cur.Published.Equal(st.Published) || !cur.Updated.Equal(st.Updated) || cur.Demo != st.Demo ||
		cur.Language != st.Language || cur.Section.Name != st.Section.Name && st.Section.Name != "" ||
		cur.Status != st.Status
}

// insertStory stores a new imported story.
func (s *Store) insertStory(ctx context.Context, tx *txn, st *news.Story) error {
	secID, err := s.ensureSection(ctx, tx, st.Section)
	if err != nil {
		return err
	}
	st.Section.ID = secID
	if err := tx.checkPhotos(ctx, st); err != nil {
		return err
	}
	switch {
	case st.Code != 0:
		if err := s.keepCode(ctx, tx, st.Code); err != nil {
			return err
		}
	case st.Status == news.StatusPublished:
		if st.Code, err = s.nextCode(ctx, tx); err != nil {
			return err
		}
	}
	if st.URI == "" {
		if st.Code != 0 {
			st.URI = fmt.Sprintf("urn:khabar:story:%d", st.Code)
		} else {
			st.URI = newURI()
		}
	}
	now := s.now().UTC()
	st.Revision, st.Changed = 1, now
	err = tx.queryRow(ctx, `INSERT INTO stories
		(code, uri, section_id, kicker, headline, lead, source, provider, byline, body, language, status,
		 published_us, updated_us, demo, revision, origin, changed_us, headline_terms, photo_id, photo_caption)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'import', ?, ?, ?, ?) RETURNING id`,
		nullID(st.Code), st.URI, secID, st.Kicker, st.Headline, st.Lead, st.Source, st.Provider, st.Byline, st.Body,
		st.Language, string(st.Status), micros(st.Published), micros(st.Updated), st.Demo, now.UnixMicro(),
		headlineTerms(st.Headline), nullText(photoID(st)), st.PhotoCaption).Scan(&st.ID)
	if err != nil {
		return fmt.Errorf("store: insert story %q: %w", st.URI, err)
	}
	if err := s.writeTags(ctx, tx, st); err != nil {
		return err
	}
	if err := tx.writeOrigin(ctx, st); err != nil {
		return err
	}
	if err := tx.revision(ctx, st, news.ActorImport, news.ActionImport, ""); err != nil {
		return err
	}
	return s.indexImported(ctx, tx, st)
}

// indexImported indexes an imported story: in a bulk import, silently
// (one change row stands for the batch); otherwise with its own change.
func (s *Store) indexImported(ctx context.Context, tx *txn, st *news.Story) error {
	if tx.bulk {
		return s.indexStory(ctx, tx, st)
	}
	terms, err := s.reindexStory(ctx, tx, st)
	if err != nil {
		return err
	}
	tx.logChange(Change{Kind: ChangeStory, StoryID: st.ID, SectionID: st.Section.ID, Search: searchOne, Terms: terms})
	return nil
}

// ImportStoryPhoto makes photo the lead photo of the imported story
// with that uri, by the rules of an import: a story edited or killed in
// the newsroom is left alone, and setting the photo it has changes
// nothing. It is for a photo found after its story was stored (a
// WordPress export's attachment listed after its post).
func (s *Store) ImportStoryPhoto(ctx context.Context, uri string, photo *news.Photo, caption string) ImportResult {
	cur, err := s.StoryByURI(ctx, uri)
	if err != nil {
		return ImportResult{Err: err}
	}
	st := *cur
	st.Tags = append([]string(nil), cur.Tags...)
	st.Photo, st.PhotoCaption = &news.Photo{ID: photo.ID}, caption
	var res ImportResult
	err = s.writeTx(ctx, func(tx *txn) error {
		r, err := s.upsert(ctx, tx, &st, ImportExtra{})
		res = r
		return err
	})
	if err != nil {
		return ImportResult{Err: err}
	}
	return res
}

// StoryByOldPath returns the story an imported address (a news.OldPath
// key) leads to, whatever its state, or ENOTFOUND.
func (s *Store) StoryByOldPath(ctx context.Context, path string) (*news.Story, error) {
	var id int64
	err := s.queryRow(ctx, `SELECT story_id FROM old_paths WHERE path = ?`, path).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "نشانی %s پیدا نشد", path)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find old path %q: %w", path, err)
	}
	return s.StoryByID(ctx, id)
}
