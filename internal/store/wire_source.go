package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"khabar/internal/news"
)

// Wire sources: the feeds of other agencies the wire desk polls.

const wireSourceColumns = `id, url, format, credit, every_s, enabled, created_us, etag, last_modified,
	next_us, failures, last_error, last_error_us, last_ok_us,
	(SELECT count(*) FROM wire_items i WHERE i.source_id = wire_sources.id)`

func scanWireSource(row interface{ Scan(...any) error }) (*news.WireSource, error) {
	var src news.WireSource
	var every int64
	var created, next int64
	var errAt, okAt sql.NullInt64
	err := row.Scan(&src.ID, &src.URL, &src.Format, &src.Credit, &every, &src.Enabled, &created, &src.ETag,
		&src.LastModified, &next, &src.Failures, &src.LastError, &errAt, &okAt, &src.Items)
	if err != nil {
		return nil, err
	}
	src.Every = time.Duration(every) * time.Second
	src.Created = time.UnixMicro(created).UTC()
	src.Next = time.UnixMicro(next).UTC()
	src.LastErrorAt, src.LastOK = fromMicros(errAt), fromMicros(okAt)
	return &src, nil
}

// AddWireSource stores a new source, enabled as src says, due at once,
// and sets its ID. It returns EINVALID for a source that fails
// news.WireSource.Check and ECONFLICT for a URL already on the desk.
func (s *Store) AddWireSource(ctx context.Context, actor news.Actor, src *news.WireSource) error {
	if err := src.Check(); err != nil {
		return err
	}
	now := s.now().UTC()
	err := s.writeTx(ctx, func(tx *txn) error {
		err := tx.queryRow(ctx, `INSERT INTO wire_sources (url, format, credit, every_s, enabled, created_us, next_us)
			VALUES (?, ?, ?, ?, ?, ?, 0) RETURNING id`,
			src.URL, src.Format, src.Credit, int64(src.Every/time.Second), src.Enabled, now.UnixMicro()).Scan(&src.ID)
		if err != nil && isUniqueViolation(err) {
			return news.FieldErrorf("url", news.ECONFLICT, "این خوراک پیش‌تر افزوده شده است")
		}
		if err != nil {
			return fmt.Errorf("store: add wire source: %w", err)
		}
		tx.audit(ctx, actor, "wire_source_add", "wire_source", src.ID, src.Credit, src.URL)
		return nil
	})
	if err != nil {
		return err
	}
	src.Created = now
	return nil
}

// WireSources lists every source, oldest first, with its last poll's
// outcome and the number of its items on the desk.
func (s *Store) WireSources(ctx context.Context) ([]*news.WireSource, error) {
	rows, err := s.query(ctx, `SELECT `+wireSourceColumns+` FROM wire_sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: list wire sources: %w", err)
	}
	defer rows.Close()
	var out []*news.WireSource
	for rows.Next() {
		src, err := scanWireSource(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list wire sources: %w", err)
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// WireSource returns one source, or ENOTFOUND.
func (s *Store) WireSource(ctx context.Context, id int64) (*news.WireSource, error) {
	src, err := scanWireSource(s.queryRow(ctx, `SELECT `+wireSourceColumns+` FROM wire_sources WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "خوراکی با شناسهٔ %d نیست", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: load wire source %d: %w", id, err)
	}
	return src, nil
}

// SetWireSourceEnabled turns a source's polling on or off; turned on,
// it is due at once. ENOTFOUND for no such source.
func (s *Store) SetWireSourceEnabled(ctx context.Context, actor news.Actor, id int64, enabled bool) error {
	return s.writeTx(ctx, func(tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE wire_sources SET enabled = ?, next_us = 0, failures = 0 WHERE id = ?`, enabled, id)
		if err != nil {
			return fmt.Errorf("store: enable wire source %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return news.Errorf(news.ENOTFOUND, "خوراکی با شناسهٔ %d نیست", id)
		}
		action := "wire_source_disable"
		if enabled {
			action = "wire_source_enable"
		}
		tx.audit(ctx, actor, action, "wire_source", id, "", "")
		return nil
	})
}

// RemoveWireSource deletes a source and the items it sent that were
// not republished; a republished item stays, with its credit, linked
// to its story.
// ENOTFOUND for no such source.
func (s *Store) RemoveWireSource(ctx context.Context, actor news.Actor, id int64) error {
	return s.writeTx(ctx, func(tx *txn) error {
		var credit, url string
		err := tx.queryRow(ctx, `SELECT credit, url FROM wire_sources WHERE id = ?`, id).Scan(&credit, &url)
		if errors.Is(err, sql.ErrNoRows) {
			return news.Errorf(news.ENOTFOUND, "خوراکی با شناسهٔ %d نیست", id)
		}
		if err != nil {
			return fmt.Errorf("store: remove wire source %d: %w", id, err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM wire_items WHERE source_id = ? AND story_id IS NULL`, id); err != nil {
			return fmt.Errorf("store: remove wire source %d: %w", id, err)
		}
		if _, err := tx.exec(ctx, `DELETE FROM wire_sources WHERE id = ?`, id); err != nil {
			return fmt.Errorf("store: remove wire source %d: %w", id, err)
		}
		tx.audit(ctx, actor, "wire_source_remove", "wire_source", id, credit, url)
		return nil
	})
}

// DueWireSources returns the enabled sources whose next poll is due at
// now, the longest waiting first.
func (s *Store) DueWireSources(ctx context.Context, now time.Time) ([]*news.WireSource, error) {
	rows, err := s.query(ctx, `SELECT `+wireSourceColumns+` FROM wire_sources WHERE enabled = ? AND next_us <= ?
		ORDER BY next_us, id LIMIT 1000`, true, now.UnixMicro())
	if err != nil {
		return nil, fmt.Errorf("store: due wire sources: %w", err)
	}
	defer rows.Close()
	var out []*news.WireSource
	for rows.Next() {
		src, err := scanWireSource(rows)
		if err != nil {
			return nil, fmt.Errorf("store: due wire sources: %w", err)
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

// WirePoll is the outcome of one poll of a source.
type WirePoll struct {
	// ETag and LastModified are the validators to send next time (kept
	// as they were when empty and the poll failed).
	ETag, LastModified string
	// Err is the failure in Persian; "" for a good poll (a 304 too).
	Err string
	// Next is when the source is due again.
	Next time.Time
}

// RecordWirePoll stores the outcome of a poll: validators and the next
// time after a good one, the error and one more failure in a row after
// a bad one.
func (s *Store) RecordWirePoll(ctx context.Context, id int64, p WirePoll) error {
	now := s.now().UnixMicro()
	var err error
	if p.Err == "" {
		_, err = s.db.ExecContext(ctx, s.q(`UPDATE wire_sources SET etag = ?, last_modified = ?, next_us = ?,
			failures = 0, last_error = '', last_ok_us = ? WHERE id = ?`), p.ETag, p.LastModified, p.Next.UnixMicro(), now, id)
	} else {
		_, err = s.db.ExecContext(ctx, s.q(`UPDATE wire_sources SET next_us = ?, failures = failures + 1,
			last_error = ?, last_error_us = ? WHERE id = ?`), p.Next.UnixMicro(), p.Err, now, id)
	}
	if err != nil {
		return fmt.Errorf("store: record wire poll of %d: %w", id, err)
	}
	return nil
}
