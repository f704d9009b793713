package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"khabar/internal/news"
)

// Photos are stored by the hash of the file as it came, once: a second
// upload of the same file finds the first. The rows say what the
// renditions are; the files themselves live in the media storage
// (internal/media), written before the row, so a row never names a
// file that is not there.

const photoColumns = `id, width, height, widths, webp, caption, credit, uploader_id, uploader_name, uploaded_us, bytes, format`

func scanPhoto(row interface{ Scan(...any) error }) (*news.Photo, error) {
	var p news.Photo
	var widths string
	var uploader sql.NullInt64
	var at int64
	if err := row.Scan(&p.ID, &p.Width, &p.Height, &widths, &p.WebP, &p.Caption, &p.Credit, &uploader,
		&p.Uploader, &at, &p.Bytes, &p.Format); err != nil {
		return nil, err
	}
	p.Widths = news.ParseWidths(widths)
	p.UploaderID = uploader.Int64
	p.Uploaded = fromMicros(sql.NullInt64{Int64: at, Valid: true})
	return &p, nil
}

// AddPhoto records a photo whose renditions are stored, uploaded by
// actor, and returns it with created set; when a photo with its id is
// there already it returns that one, unchanged, and created false. It
// returns EINVALID for a caption or credit that is not plain text of
// the allowed length, or a photo without an id or renditions.
func (s *Store) AddPhoto(ctx context.Context, actor news.Actor, p *news.Photo) (out *news.Photo, created bool, err error) {
	line := func(v string) string { return strings.Join(strings.Fields(v), " ") }
	np := *p
	np.Caption, np.Credit = line(p.Caption), line(p.Credit)
	switch {
	case !news.ValidPhotoID(np.ID):
		return nil, false, news.Errorf(news.EINVALID, "شناسهٔ عکس درست نیست")
	case np.Width <= 0 || np.Height <= 0 || len(np.Widths) == 0:
		return nil, false, news.Errorf(news.EINVALID, "عکس اندازه یا نسخه‌ای ندارد")
	}
	if err := news.ValidatePhotoText("caption", np.Caption, "credit", np.Credit); err != nil {
		return nil, false, err
	}
	np.UploaderID, np.Uploader = actor.ID, actor.Name
	np.Uploaded = s.now().UTC()
	err = s.writeTx(ctx, func(tx *txn) error {
		res, err := tx.exec(ctx, `INSERT INTO photos (`+photoColumns+`, caption_terms)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			np.ID, np.Width, np.Height, news.FormatWidths(np.Widths), np.WebP, np.Caption, np.Credit,
			nullID(actor.ID), actor.Name, np.Uploaded.UnixMicro(), np.Bytes, np.Format, headlineTerms(np.Caption))
		if err != nil {
			return fmt.Errorf("store: add photo %s: %w", np.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // there already
		}
		created = true
		tx.audit(ctx, actor, "upload", "photo", 0, np.Caption, np.ID)
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	if !created {
		old, err := s.Photo(ctx, np.ID)
		return old, false, err
	}
	return &np, true, nil
}

// Photo returns the photo with that id, or ENOTFOUND.
func (s *Store) Photo(ctx context.Context, id string) (*news.Photo, error) {
	p, err := scanPhoto(s.queryRow(ctx, `SELECT `+photoColumns+` FROM photos WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "عکس %s در کتابخانه نیست", shortID(id))
	}
	if err != nil {
		return nil, fmt.Errorf("store: load photo %s: %w", shortID(id), err)
	}
	return p, nil
}

// PhotosByID returns the photos with the given ids that exist, by id.
func (s *Store) PhotosByID(ctx context.Context, ids []string) (map[string]*news.Photo, error) {
	out := make(map[string]*news.Photo, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT `+photoColumns+` FROM photos WHERE id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: load photos: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPhoto(rows)
		if err != nil {
			return nil, fmt.Errorf("store: load photos: %w", err)
		}
		out[p.ID] = p
	}
	return out, rows.Err()
}

// Photos returns the library's photos matching f, the latest uploaded
// first. The query matches captions as the newsroom's headline search
// matches headlines: through Arabic letter forms, a missing ZWNJ and
// suffixes.
func (s *Store) Photos(ctx context.Context, f news.PhotoFilter) ([]*news.Photo, error) {
	where, args := termsMatch("caption_terms", f.Query)
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 30
	}
	args = append(args, limit)
	rows, err := s.query(ctx, `SELECT `+photoColumns+` FROM photos`+cond+` ORDER BY uploaded_us DESC, id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list photos: %w", err)
	}
	defer rows.Close()
	var out []*news.Photo
	for rows.Next() {
		p, err := scanPhoto(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list photos: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// bodyPhoto finds the photos a stored body places: the sanitizer writes
// each as <img src="/media/{id}.jpg" …>.
var bodyPhoto = regexp.MustCompile(`<img src="/media/([0-9a-f]{64})\.jpg"`)

// BodyPhotoIDs returns the ids of the photos a sanitized body places,
// each once, in order.
func BodyPhotoIDs(body string) []string {
	if !strings.Contains(body, "<img") {
		return nil
	}
	var ids []string
	for _, m := range bodyPhoto.FindAllStringSubmatch(body, -1) {
		if !containsString(ids, m[1]) {
			ids = append(ids, m[1])
		}
	}
	return ids
}

// checkPhotos fills in the lead photo of st from the library and makes
// sure every photo its body places is there, returning EINVALID naming
// the field otherwise.
func (t *txn) checkPhotos(ctx context.Context, st *news.Story) error {
	if st.Photo != nil {
		p, err := scanPhoto(t.queryRow(ctx, `SELECT `+photoColumns+` FROM photos WHERE id = ?`, st.Photo.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return news.FieldErrorf("photo", news.EINVALID, "عکس %s در کتابخانهٔ عکس‌ها نیست", shortID(st.Photo.ID))
		}
		if err != nil {
			return fmt.Errorf("store: load photo %s: %w", shortID(st.Photo.ID), err)
		}
		st.Photo = p
	}
	for _, id := range BodyPhotoIDs(st.Body) {
		var n int
		if err := t.queryRow(ctx, `SELECT count(*) FROM photos WHERE id = ?`, id).Scan(&n); err != nil {
			return fmt.Errorf("store: find photo %s: %w", shortID(id), err)
		}
		if n == 0 {
			return news.FieldErrorf("body", news.EINVALID, "عکس %s که در متن آمده در کتابخانهٔ عکس‌ها نیست", shortID(id))
		}
	}
	return nil
}

// shortID is the start of a photo id, enough to tell photos apart in a
// message.
func shortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// nullText stores "" as NULL: a story without a photo.
func nullText(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// photoID is the id of a story's lead photo, "" for none.
func photoID(st *news.Story) string {
	if st.Photo == nil {
		return ""
	}
	return st.Photo.ID
}
