package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"khabar/internal/news"
	"khabar/internal/persian"
	"khabar/internal/richtext"
)

// Stories are written by intent: a newsroom write names who acts, what
// they do (news.Action) and the revision they started from, and one
// transaction writes the story, its revision, its audit entry and its
// row of the change log. The workflow itself (who may do what from
// which state) is news.Decide's.

// Command is one write to a story in the newsroom.
type Command struct {
	Action news.Action
	// Base is the revision the writer started from. A write from any
	// other revision is refused with a *news.Stale error; 0 skips the
	// check (a transition asked for without a revision).
	Base int64
	// Content, when set, replaces the story's content in the same
	// write (save, or save and submit, …).
	Content *news.Content
	// At is when a scheduled story is due.
	At time.Time
	// Note is a correction's text, or the reason for a kill.
	Note string
}

// CreateDraft stores a new draft by actor and returns it, revision 1.
// It returns EFORBIDDEN for an actor who may not write stories and
// EINVALID, naming the field, for content that is not valid.
func (s *Store) CreateDraft(ctx context.Context, actor news.Actor, c news.Content) (*news.Story, error) {
	if !news.MayCreate(actor) {
		return nil, news.Errorf(news.EFORBIDDEN, "شما اجازهٔ نوشتن خبر ندارید")
	}
	st := &news.Story{Status: news.StatusDraft, Language: "fa", AuthorID: actor.ID, Revision: 1}
	err := s.writeTx(ctx, func(tx *txn) error {
		if err := s.setContent(ctx, tx, st, c); err != nil {
			return err
		}
		now := s.now().UTC()
		st.Updated, st.Changed = now, now
		st.URI = newURI()
		err := tx.queryRow(ctx, `INSERT INTO stories
			(uri, section_id, kicker, headline, lead, source, byline, body, language, status,
			 updated_us, changed_us, author_id, revision, origin, headline_terms, photo_id, photo_caption)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'newsroom', ?, ?, ?) RETURNING id`,
			st.URI, st.Section.ID, st.Kicker, st.Headline, st.Lead, st.Source, st.Byline, st.Body, st.Language,
			string(st.Status), micros(st.Updated), now.UnixMicro(), nullID(actor.ID), headlineTerms(st.Headline),
			nullText(photoID(st)), st.PhotoCaption).Scan(&st.ID)
		if err != nil {
			return fmt.Errorf("store: create draft: %w", err)
		}
		if err := s.writeTags(ctx, tx, st); err != nil {
			return err
		}
		if err := tx.revision(ctx, st, actor, news.ActionCreate, ""); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM autosaves WHERE user_id = ? AND story_id = 0`, actor.ID); err != nil {
			return fmt.Errorf("store: drop autosave: %w", err)
		}
		tx.audit(ctx, actor, string(news.ActionCreate), "story", st.ID, st.Headline, "")
		tx.logChange(Change{Kind: ChangeStory, StoryID: st.ID, SectionID: st.Section.ID})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// Write applies one command to the story with that id and returns the
// story as it stands after. Errors: ENOTFOUND for no such story,
// *news.Stale when cmd.Base is not the current revision, EFORBIDDEN or
// ECONFLICT from the workflow (news.Decide), EINVALID for bad content,
// a schedule time not in the future or a correction without its text.
// A save that changes nothing writes nothing and returns the story.
func (s *Store) Write(ctx context.Context, actor news.Actor, id int64, cmd Command) (*news.Story, error) {
	for attempt := 1; ; attempt++ {
		var out *news.Story
		err := s.writeTx(ctx, func(tx *txn) error {
			st, err := s.write(ctx, tx, actor, id, cmd)
			out = st
			return err
		})
		// A writer who named no revision asked for the action on the
		// story as it is: when another write slipped in between the read
		// and the write, take it again on the newer one.
		if cmd.Base == 0 && news.ErrorCode(err) == news.ESTALE && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, err
		}
		return out, nil
	}
}

// The intents, each a Write.

// SaveStory replaces a story's content, keeping its state.
func (s *Store) SaveStory(ctx context.Context, actor news.Actor, id, base int64, c news.Content) (*news.Story, error) {
	return s.Write(ctx, actor, id, Command{Action: news.ActionSave, Base: base, Content: &c})
}

// Submit sends a draft to the editors.
func (s *Store) Submit(ctx context.Context, actor news.Actor, id, base int64) (*news.Story, error) {
	return s.Write(ctx, actor, id, Command{Action: news.ActionSubmit, Base: base})
}

// Publish makes a story public now, giving it a news code the first time.
func (s *Store) Publish(ctx context.Context, actor news.Actor, id, base int64) (*news.Story, error) {
	return s.Write(ctx, actor, id, Command{Action: news.ActionPublish, Base: base})
}

// Schedule makes a story public at a time to come (see PublishDue).
func (s *Store) Schedule(ctx context.Context, actor news.Actor, id, base int64, at time.Time) (*news.Story, error) {
	return s.Write(ctx, actor, id, Command{Action: news.ActionSchedule, Base: base, At: at})
}

// Correct publishes a correction notice on a published story.
func (s *Store) Correct(ctx context.Context, actor news.Actor, id, base int64, note string) (*news.Story, error) {
	return s.Write(ctx, actor, id, Command{Action: news.ActionCorrect, Base: base, Note: note})
}

// Unpublish withdraws a story from readers (404 for them).
func (s *Store) Unpublish(ctx context.Context, actor news.Actor, id, base int64) (*news.Story, error) {
	return s.Write(ctx, actor, id, Command{Action: news.ActionUnpublish, Base: base})
}

// Kill takes a story away for good (410 for readers).
func (s *Store) Kill(ctx context.Context, actor news.Actor, id, base int64, reason string) (*news.Story, error) {
	return s.Write(ctx, actor, id, Command{Action: news.ActionKill, Base: base, Note: reason})
}

// Restore brings a killed story back into the newsroom, unpublished.
func (s *Store) Restore(ctx context.Context, actor news.Actor, id, base int64) (*news.Story, error) {
	return s.Write(ctx, actor, id, Command{Action: news.ActionRestore, Base: base})
}

// Limits on the notes written with a command.
const maxNote = 2000

func (s *Store) write(ctx context.Context, tx *txn, actor news.Actor, id int64, cmd Command) (*news.Story, error) {
	st, err := tx.loadStory(ctx, id)
	if err != nil {
		return nil, err
	}
	if cmd.Base != 0 && cmd.Base != st.Revision {
		return nil, s.stale(ctx, tx, st, cmd.Base)
	}
	to, err := news.Decide(actor, cmd.Action, st.Status, st.AuthorID)
	if err != nil {
		return nil, err
	}
	if cmd.Content != nil && cmd.Action != news.ActionSave {
		if _, err := news.Decide(actor, news.ActionSave, st.Status, st.AuthorID); err != nil {
			return nil, err
		}
	}
	note := strings.TrimSpace(cmd.Note)
	if err := checkNote(cmd.Action, note); err != nil {
		return nil, err
	}
	before := news.ContentOf(st)
	from := st.Status
	wasPublished := from == news.StatusPublished
	if cmd.Content != nil {
		if err := s.setContent(ctx, tx, st, *cmd.Content); err != nil {
			return nil, err
		}
	}
	changed := !before.Equal(news.ContentOf(st))
	if cmd.Action == news.ActionSave && !changed {
		return st, nil
	}
	now := s.now().UTC()
	switch cmd.Action {
	case news.ActionPublish:
		if st.Code == 0 {
			if st.Code, err = s.nextCode(ctx, tx); err != nil {
				return nil, err
			}
		}
		switch {
		case from == news.StatusScheduled && !st.Published.After(now):
			// Due: it goes out at the time the editor set.
		case from != news.StatusUnpublished || st.Published.IsZero():
			st.Published = now
		}
	case news.ActionSchedule:
		if !cmd.At.After(now) {
			return nil, news.FieldErrorf("at", news.EINVALID, "زمان انتشار باید در آینده باشد")
		}
		st.Published = cmd.At.UTC()
	case news.ActionReturn, news.ActionUnpublish:
		if from == news.StatusScheduled && st.Code == 0 {
			st.Published = time.Time{}
		}
	case news.ActionRestore:
		if st.Code == 0 {
			to = news.StatusDraft
		}
	}
	st.Status = to
	if changed {
		st.Updated = now
	}
	st.Changed = now
	res, err := tx.exec(ctx, `UPDATE stories SET section_id = ?, kicker = ?, headline = ?, lead = ?, source = ?,
		byline = ?, body = ?, status = ?, code = ?, published_us = ?, updated_us = ?, changed_us = ?,
		revision = ?, origin = 'newsroom', headline_terms = ?, photo_id = ?, photo_caption = ?
		WHERE id = ? AND revision = ?`,
		st.Section.ID, st.Kicker, st.Headline, st.Lead, st.Source, st.Byline, st.Body, string(st.Status),
		nullID(st.Code), micros(st.Published), micros(st.Updated), now.UnixMicro(), st.Revision+1,
		headlineTerms(st.Headline), nullText(photoID(st)), st.PhotoCaption, st.ID, st.Revision)
	if err != nil {
		return nil, fmt.Errorf("store: write story %d: %w", st.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// Another writer committed since the story was read.
		return nil, s.stale(ctx, tx, st, st.Revision)
	}
	if changed {
		if err := tx.keepContent(ctx, st.ID, st.Revision, before); err != nil {
			return nil, err
		}
		if !equalTags(before.Tags, st.Tags) {
			if _, err := tx.exec(ctx, `DELETE FROM story_tags WHERE story_id = ?`, st.ID); err != nil {
				return nil, fmt.Errorf("store: tag story %d: %w", st.ID, err)
			}
			if err := s.writeTags(ctx, tx, st); err != nil {
				return nil, err
			}
		}
	}
	st.Revision++
	if cmd.Content != nil && actor.ID != 0 {
		if _, err := tx.exec(ctx, `DELETE FROM autosaves WHERE user_id = ? AND story_id = ?`, actor.ID, st.ID); err != nil {
			return nil, fmt.Errorf("store: drop autosave: %w", err)
		}
	}
	if cmd.Action == news.ActionCorrect {
		if _, err := tx.exec(ctx, `INSERT INTO corrections (story_id, at_us, note) VALUES (?, ?, ?)`,
			st.ID, now.UnixMicro(), note); err != nil {
			return nil, fmt.Errorf("store: correct story %d: %w", st.ID, err)
		}
		st.Corrections = append(st.Corrections, news.Correction{At: now, Note: note})
	}
	if err := tx.revision(ctx, st, actor, cmd.Action, note); err != nil {
		return nil, err
	}
	tx.audit(ctx, actor, string(cmd.Action), "story", st.ID, st.Headline, auditDetail(cmd, before, st, from))
	c := Change{Kind: ChangeStory, StoryID: st.ID, SectionID: st.Section.ID}
	isPublished := st.Status == news.StatusPublished
	if wasPublished != isPublished || isPublished && changed {
		if c.Terms, err = s.reindexStory(ctx, tx, st); err != nil {
			return nil, err
		}
		c.Search = searchOne
	}
	if cmd.Action == news.ActionCorrect && c.Search == searchNone {
		c.Search, c.Terms = searchOne, "" // the page changed though the index did not
	}
	tx.logChange(c)
	return st, nil
}

// checkNote checks the note an action carries.
func checkNote(a news.Action, note string) error {
	switch {
	case a == news.ActionCorrect && note == "":
		return news.FieldErrorf("note", news.EINVALID, "متن اصلاحیه لازم است")
	case len([]rune(note)) > maxNote:
		return news.FieldErrorf("note", news.EINVALID, "یادداشت بیش از %d نویسه است", maxNote)
	case strings.ContainsRune(note, 0):
		return news.FieldErrorf("note", news.EINVALID, "یادداشت نویسهٔ NUL دارد")
	}
	return nil
}

// stale builds the error for a write from revision base of st.
func (s *Store) stale(ctx context.Context, tx *txn, st *news.Story, base int64) error {
	cur, err := tx.loadStory(ctx, st.ID)
	if err != nil {
		return err
	}
	rev, err := s.revisionIn(ctx, tx, st.ID, base)
	if err != nil && news.ErrorCode(err) != news.ENOTFOUND {
		return err
	}
	return &news.Stale{Base: rev, Current: cur}
}

// cleanContent is c as a save stores it: text trimmed, line breaks
// only where they may be, the body sanitized, tags cleaned.
func cleanContent(c news.Content) (news.Content, error) {
	line := func(v string) string { return strings.Join(strings.Fields(v), " ") }
	c.Headline, c.Kicker = line(c.Headline), line(c.Kicker)
	c.Source, c.Byline = line(c.Source), line(c.Byline)
	c.Lead = strings.TrimSpace(strings.ReplaceAll(c.Lead, "\r\n", "\n"))
	if len(c.Body) > news.MaxBody {
		return c, news.FieldErrorf("body", news.EINVALID, "متن خبر بیش از %d بایت است", news.MaxBody)
	}
	c.Body = richtext.Sanitize(c.Body)
	c.Photo = strings.TrimSpace(c.Photo)
	c.PhotoCaption = line(c.PhotoCaption)
	if c.Photo == "" {
		c.PhotoCaption = ""
	}
	var tags []string
	for _, t := range c.Tags {
		if t = line(t); t != "" && !containsString(tags, t) {
			tags = append(tags, t)
		}
	}
	c.Tags = tags
	c.Section = strings.TrimSpace(c.Section)
	return c, nil
}

// setContent checks c and writes it into st, cleaned (cleanContent),
// with its section looked up by slug.
func (s *Store) setContent(ctx context.Context, tx *txn, st *news.Story, c news.Content) error {
	c, err := cleanContent(c)
	if err != nil {
		return err
	}
	if c.Section == "" {
		return news.FieldErrorf("section", news.EINVALID, "سرویس خبر را انتخاب کنید")
	}
	var sec news.Section
	err = tx.queryRow(ctx, `SELECT id, slug, name FROM sections WHERE slug = ?`, c.Section).Scan(&sec.ID, &sec.Slug, &sec.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return news.FieldErrorf("section", news.EINVALID, "سرویس «%s» وجود ندارد", c.Section)
	}
	if err != nil {
		return fmt.Errorf("store: load section %q: %w", c.Section, err)
	}
	probe := *st
	c.Apply(&probe)
	probe.Section = sec
	if err := probe.Validate(); err != nil {
		return err
	}
	if err := tx.checkPhotos(ctx, &probe); err != nil {
		return err
	}
	*st = probe
	return nil
}

// PreviewStory returns a copy of st as a save of c would leave it,
// cleaned the same way, without storing anything or checking more than
// the cleaning does: a preview of a half-written story is still useful.
func (s *Store) PreviewStory(ctx context.Context, st *news.Story, c news.Content) (*news.Story, error) {
	c, err := cleanContent(c)
	if err != nil {
		return nil, err
	}
	out := *st
	c.Apply(&out)
	out.Section = news.Section{Slug: c.Section, Name: c.Section}
	if sec, err := s.SectionBySlug(ctx, c.Section); err == nil {
		out.Section = sec
	} else if news.ErrorCode(err) != news.ENOTFOUND {
		return nil, err
	}
	if out.Photo != nil {
		switch p, err := s.Photo(ctx, out.Photo.ID); news.ErrorCode(err) {
		case "":
			out.Photo = p
		case news.ENOTFOUND:
			out.Photo, out.PhotoCaption = nil, ""
		default:
			return nil, err
		}
	}
	return &out, nil
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func equalTags(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// loadStory reads a story inside tx, or returns ENOTFOUND.
func (t *txn) loadStory(ctx context.Context, id int64) (*news.Story, error) {
	st, err := scanStory(t.queryRow(ctx, t.s.selectStories()+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "خبر %d پیدا نشد", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: load story id %d: %w", id, err)
	}
	return st, nil
}

// newURI returns a fresh uri for a story written in the newsroom.
func newURI() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	h := hex.EncodeToString(b[:])
	return "urn:uuid:" + h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// nullID stores 0 as NULL: no code yet, no user.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// headlineTerms is what the newsroom's headline search matches: the
// analyzer's terms of the headline, each between spaces.
func headlineTerms(headline string) string {
	terms := persian.AppendTerms(nil, headline)
	if len(terms) == 0 {
		return ""
	}
	return " " + strings.Join(terms, " ") + " "
}

// contentJSON is a revision's content as stored.
func contentJSON(c news.Content) string {
	if c.Tags == nil {
		c.Tags = []string{}
	}
	b, _ := json.Marshal(c) // strings and a slice of them: cannot fail
	return string(b)
}

// auditDetail says in a few words what a command changed.
func auditDetail(cmd Command, before news.Content, st *news.Story, from news.Status) string {
	var parts []string
	if from != st.Status {
		parts = append(parts, "از «"+from.Name()+"» به «"+st.Status.Name()+"»")
	}
	after := news.ContentOf(st)
	for _, f := range []struct {
		name string
		a, b string
	}{
		{"سرویس", before.Section, after.Section}, {"روتیتر", before.Kicker, after.Kicker},
		{"تیتر", before.Headline, after.Headline}, {"لید", before.Lead, after.Lead},
		{"منبع", before.Source, after.Source}, {"نویسنده", before.Byline, after.Byline},
		{"متن", before.Body, after.Body}, {"برچسب‌ها", strings.Join(before.Tags, ","), strings.Join(after.Tags, ",")},
		{"عکس", before.Photo, after.Photo}, {"زیرنویس عکس", before.PhotoCaption, after.PhotoCaption},
	} {
		if f.a != f.b {
			parts = append(parts, f.name)
		}
	}
	if cmd.Action == news.ActionSchedule {
		parts = append(parts, "برای "+st.Published.Format(time.RFC3339))
	}
	if n := strings.TrimSpace(cmd.Note); n != "" {
		parts = append(parts, n)
	}
	return strings.Join(parts, "؛ ")
}
