package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"khabar/internal/news"
)

const storyColumns = `s.id, s.code, s.uri, s.kicker, s.headline, s.lead, s.source, s.provider, s.byline, s.body,
	s.language, s.status, s.published_us, s.updated_us, s.changed_us, s.demo, s.author_id, s.revision,
	c.id, c.slug, c.name, s.photo_id, s.photo_caption, p.width, p.height, p.widths, p.webp, p.caption, p.credit`

const storyFrom = ` FROM stories s JOIN sections c ON c.id = s.section_id LEFT JOIN photos p ON p.id = s.photo_id`

// tagSep joins a story's tags in the one column that carries them all;
// news.Story.Validate keeps control characters out of tags.
const tagSep = "\x1f"

// selectStories is the start of every query that loads whole stories:
// their columns, and their tags in order in one more, so one round trip
// loads a page of stories.
func (s *Store) selectStories() string {
	return `SELECT ` + storyColumns + `, ` + s.dialect.tagList() + storyFrom
}

func scanStory(row interface{ Scan(...any) error }) (*news.Story, error) {
	var st news.Story
	var status string
	var code, pub, upd, author sql.NullInt64
	var changed int64
	var tags sql.NullString
	var photo, widths, caption, credit sql.NullString
	var pw, ph sql.NullInt64
	var webp sql.NullBool
	err := row.Scan(&st.ID, &code, &st.URI, &st.Kicker, &st.Headline, &st.Lead, &st.Source, &st.Provider,
		&st.Byline, &st.Body, &st.Language, &status, &pub, &upd, &changed, &st.Demo, &author, &st.Revision,
		&st.Section.ID, &st.Section.Slug, &st.Section.Name, &photo, &st.PhotoCaption, &pw, &ph, &widths, &webp,
		&caption, &credit, &tags)
	if err != nil {
		return nil, err
	}
	if photo.Valid {
		st.Photo = &news.Photo{ID: photo.String, Width: int(pw.Int64), Height: int(ph.Int64),
			Widths: news.ParseWidths(widths.String), WebP: webp.Bool, Caption: caption.String, Credit: credit.String}
	}
	if tags.String != "" {
		st.Tags = strings.Split(tags.String, tagSep)
	}
	st.Code = code.Int64
	st.AuthorID = author.Int64
	st.Status = news.Status(status)
	st.Published = fromMicros(pub)
	st.Updated = fromMicros(upd)
	st.Changed = fromMicros(sql.NullInt64{Int64: changed, Valid: changed != 0})
	return &st, nil
}

// StoryByCode returns the story with that news code, whatever its
// status, with its corrections, or an ENOTFOUND error.
//
// A story read is kept until the change log moves (every write to a
// story moves it), and handed out as a copy.
func (s *Store) StoryByCode(ctx context.Context, code int64) (*news.Story, error) {
	at, err := s.knownChange(ctx)
	if err != nil {
		return nil, err
	}
	if st := s.memos.stories.get(at, code); st != nil {
		return cloneStory(st), nil
	}
	st, err := scanStory(s.queryRow(ctx, s.selectStories()+` WHERE s.code = ?`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "خبری با کد %d نیست", code)
	}
	if err != nil {
		return nil, fmt.Errorf("store: load story %d: %w", code, err)
	}
	if err := s.loadDetails(ctx, st); err != nil {
		return st, err
	}
	s.memos.stories.put(at, code, cloneStory(st))
	return st, nil
}

// StoryByID returns the story with that id, whatever its status, with
// its corrections, or an ENOTFOUND error.
func (s *Store) StoryByID(ctx context.Context, id int64) (*news.Story, error) {
	st, err := scanStory(s.queryRow(ctx, s.selectStories()+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "خبر %d پیدا نشد", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: load story id %d: %w", id, err)
	}
	return st, s.loadDetails(ctx, st)
}

// StoryByURI returns the story with that uri, or an ENOTFOUND error.
func (s *Store) StoryByURI(ctx context.Context, uri string) (*news.Story, error) {
	st, err := scanStory(s.queryRow(ctx, s.selectStories()+` WHERE s.uri = ?`, uri))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "no story with uri %q", uri)
	}
	if err != nil {
		return nil, fmt.Errorf("store: load story %q: %w", uri, err)
	}
	return st, nil
}

// loadDetails loads what only a single story carries: its corrections
// and, for a story republished from the wire, its origin.
func (s *Store) loadDetails(ctx context.Context, st *news.Story) error {
	if err := s.loadCorrections(ctx, st); err != nil {
		return err
	}
	return s.loadOrigin(ctx, st)
}

func (s *Store) loadCorrections(ctx context.Context, st *news.Story) error {
	rows, err := s.query(ctx, `SELECT at_us, note FROM corrections WHERE story_id = ? ORDER BY at_us, id`, st.ID)
	if err != nil {
		return fmt.Errorf("store: load corrections of story %d: %w", st.ID, err)
	}
	defer rows.Close()
	st.Corrections = nil
	for rows.Next() {
		var c news.Correction
		var at sql.NullInt64
		if err := rows.Scan(&at, &c.Note); err != nil {
			return fmt.Errorf("store: load corrections of story %d: %w", st.ID, err)
		}
		c.At = fromMicros(at)
		st.Corrections = append(st.Corrections, c)
	}
	return rows.Err()
}

// Stories returns one page of stories matching f, newest first (stories
// without a date last), and how many match in all.
func (s *Store) Stories(ctx context.Context, f news.StoryFilter) (news.Page, error) {
	var where []string
	var args []any
	if f.SectionSlug != "" {
		where = append(where, "c.slug = ?")
		args = append(args, f.SectionSlug)
	}
	if f.Tag != "" {
		where = append(where, "s.id IN (SELECT story_id FROM story_tags WHERE tag_key = ?)")
		args = append(args, nameKey(f.Tag))
	}
	var countWhere []string // where the count differs from the page
	var countArgs []any
	if len(f.SectionIDs) > 0 {
		in := "s.section_id IN (" + placeholders(len(f.SectionIDs)) + ")"
		var inArgs []any
		for _, id := range f.SectionIDs {
			inArgs = append(inArgs, id)
		}
		if top := f.Limit + max(f.Offset, 0); len(f.SectionIDs) > 1 && !f.PublicAt.IsZero() && f.Tag == "" &&
			f.From.IsZero() && f.To.IsZero() && top <= 1000 {
			// The newest of several sections: each section's newest
			// from its index, merged, rather than every story of them
			// all sorted.
			countWhere = append(append([]string(nil), where...), in)
			countArgs = append(append([]any(nil), args...), inArgs...)
			in, inArgs = newestOfEach(f.SectionIDs, f.PublicAt, top)
		}
		where = append(where, in)
		args = append(args, inArgs...)
	}
	if !f.From.IsZero() {
		where = append(where, "s.published_us >= ?")
		args = append(args, f.From.UnixMicro())
	}
	if !f.To.IsZero() {
		where = append(where, "s.published_us < ?")
		args = append(args, f.To.UnixMicro())
	}
	if !f.PublicAt.IsZero() {
		where = append(where, "s.status = ? AND s.published_us <= ? AND s.code IS NOT NULL")
		args = append(args, string(news.StatusPublished), f.PublicAt.UnixMicro())
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var page news.Page
	if !f.NoTotal {
		countCond, cargs := cond, args
		if countWhere != nil {
			countCond, cargs = " WHERE "+strings.Join(countWhere, " AND "), countArgs
		}
		if err := s.queryRow(ctx, `SELECT count(*)`+storyFrom+countCond, cargs...).Scan(&page.Total); err != nil {
			return page, fmt.Errorf("store: count stories: %w", err)
		}
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 20
	}
	args = append(args, limit, max(f.Offset, 0))
	order := ` ORDER BY s.published_us IS NULL, s.published_us DESC, s.code DESC`
	if !f.PublicAt.IsZero() {
		// Public stories all have a date: the index gives the order.
		order = ` ORDER BY s.published_us DESC, s.code DESC`
	}
	rows, err := s.query(ctx, s.selectStories()+cond+order+` LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return page, fmt.Errorf("store: list stories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return page, fmt.Errorf("store: list stories: %w", err)
		}
		page.Stories = append(page.Stories, st)
	}
	if err := rows.Err(); err != nil {
		return page, fmt.Errorf("store: list stories: %w", err)
	}
	return page, nil
}

// EachStory calls fn for every story that has a news code, in code
// order, stopping at the first error fn returns. Stories are read in
// batches, so fn may write to the store. Stories without a code (drafts
// never published) are left out.
func (s *Store) EachStory(ctx context.Context, fn func(*news.Story) error) error {
	return s.eachStory(ctx, `s.code IS NOT NULL`, "code", fn)
}

// eachStory calls fn for the stories matching cond, in the order of
// column key ("code" or "id").
func (s *Store) eachStory(ctx context.Context, cond, key string, fn func(*news.Story) error) error {
	var after int64 = -1
	for {
		rows, err := s.query(ctx, s.selectStories()+` WHERE `+cond+` AND s.`+key+` > ? ORDER BY s.`+key+` LIMIT 500`, after)
		if err != nil {
			return fmt.Errorf("store: read stories: %w", err)
		}
		var batch []*news.Story
		for rows.Next() {
			st, err := scanStory(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("store: read stories: %w", err)
			}
			batch = append(batch, st)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: read stories: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		if err := s.loadOrigins(ctx, batch); err != nil {
			return err
		}
		for _, st := range batch {
			if err := fn(st); err != nil {
				return err
			}
		}
		if last := batch[len(batch)-1]; key == "code" {
			after = last.Code
		} else {
			after = last.ID
		}
	}
}

// storiesByID loads the stories with the given ids, in that order;
// ids with no story are left out.
//
// The stories read are kept until the change log moves, and handed out
// as copies: listings, search results and the ticker ask for the same
// few stories again and again.
func (s *Store) storiesByID(ctx context.Context, ids []int64) ([]*news.Story, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	at, err := s.knownChange(ctx)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*news.Story, len(ids))
	var args []any
	asked := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if asked[id] {
			continue
		}
		asked[id] = true
		if st := s.memos.listed.get(at, id); st != nil {
			byID[id] = cloneStory(st)
		} else {
			args = append(args, id)
		}
	}
	if len(args) > 0 {
		if err := s.readStoriesByID(ctx, at, args, byID); err != nil {
			return nil, err
		}
	}
	out := make([]*news.Story, 0, len(ids))
	for _, id := range ids {
		if st, ok := byID[id]; ok {
			out = append(out, st)
		}
	}
	return out, nil
}

// readStoriesByID reads the stories with the ids in args into byID,
// and keeps them as read after change at.
func (s *Store) readStoriesByID(ctx context.Context, at int64, args []any, byID map[int64]*news.Story) error {
	rows, err := s.query(ctx, s.selectStories()+` WHERE s.id IN (`+placeholders(len(args))+`)`, args...)
	if err != nil {
		return fmt.Errorf("store: load stories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return fmt.Errorf("store: load stories: %w", err)
		}
		byID[st.ID] = st
		s.memos.listed.put(at, st.ID, cloneStory(st))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: load stories: %w", err)
	}
	return nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// StoryCount returns how many stories the database holds.
func (s *Store) StoryCount(ctx context.Context) (int, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT count(*) FROM stories`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count stories: %w", err)
	}
	return n, nil
}

// newestOfEach is the condition "s.id is among the top newest stories
// public at of one of the sections", with its arguments: one index
// range per section, each cut at top.
func newestOfEach(sections []int64, at time.Time, top int) (string, []any) {
	var parts []string
	var args []any
	for i, id := range sections {
		parts = append(parts, fmt.Sprintf(`SELECT id FROM (SELECT id FROM stories WHERE section_id = ? AND status = ?
			AND published_us <= ? AND code IS NOT NULL ORDER BY published_us DESC, code DESC LIMIT ?) AS n%d`, i))
		args = append(args, id, string(news.StatusPublished), at.UnixMicro(), top)
	}
	return "s.id IN (" + strings.Join(parts, " UNION ALL ") + ")", args
}
