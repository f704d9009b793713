package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

// FrontPage returns the newest front-page layout; revision 0, with
// nothing chosen, when no editor has saved one.
func (s *Store) FrontPage(ctx context.Context) (news.FrontPage, error) {
	var f news.FrontPage
	var at int64
	var featured string
	err := s.queryRow(ctx, `SELECT revision, at_us, actor_name, lead_id, featured FROM front_pages
		ORDER BY revision DESC LIMIT 1`).Scan(&f.Revision, &at, &f.By, &f.LeadID, &featured)
	if errors.Is(err, sql.ErrNoRows) {
		return news.FrontPage{}, nil
	}
	if err != nil {
		return f, fmt.Errorf("store: load front page: %w", err)
	}
	f.At = time.UnixMicro(at).UTC()
	f.Featured = parseIDs(featured)
	return f, nil
}

// SetFrontPage saves f as the next revision of the front page, by actor,
// and returns it as stored. base is the revision the editor started
// from: another editor's save since is refused with ECONFLICT, so
// nobody's choice is overwritten unseen. A lead or featured story that
// is not published is refused with EINVALID naming it.
func (s *Store) SetFrontPage(ctx context.Context, actor news.Actor, base int64, f news.FrontPage) (news.FrontPage, error) {
	f = f.Clean()
	err := s.writeTx(ctx, func(tx *txn) error {
		var cur int64
		if err := tx.queryRow(ctx, `SELECT coalesce(max(revision), 0) FROM front_pages`).Scan(&cur); err != nil {
			return fmt.Errorf("store: load front page: %w", err)
		}
		if cur != base {
			return news.Errorf(news.ECONFLICT, "صفحهٔ نخست را همکار دیگری در این میان ذخیره کرده است (نسخهٔ %s)؛ صفحه را دوباره باز کنید و تغییرها را دوباره بدهید", jalali.PersianNumber(int(cur)))
		}
		var lead string
		ids := f.Featured
		if f.LeadID != 0 {
			ids = append([]int64{f.LeadID}, ids...)
		}
		for i, id := range ids {
			var status, headline string
			var code sql.NullInt64
			err := tx.queryRow(ctx, `SELECT status, code, headline FROM stories WHERE id = ?`, id).Scan(&status, &code, &headline)
			if errors.Is(err, sql.ErrNoRows) {
				return news.FieldErrorf("featured", news.EINVALID, "خبر %s پیدا نشد", jalali.PersianNumber(int(id)))
			}
			if err != nil {
				return fmt.Errorf("store: load story %d: %w", id, err)
			}
			if news.Status(status) != news.StatusPublished || !code.Valid {
				return news.FieldErrorf("featured", news.EINVALID, "«%s» منتشرشده نیست و در صفحهٔ نخست نمی‌آید", headline)
			}
			if i == 0 && f.LeadID != 0 {
				lead = headline
			}
		}
		f.Revision, f.By, f.At = cur+1, actor.Name, s.now().UTC()
		if _, err := tx.exec(ctx, `INSERT INTO front_pages (revision, at_us, actor_id, actor_name, lead_id, featured)
			VALUES (?, ?, ?, ?, ?, ?)`, f.Revision, f.At.UnixMicro(), nullID(actor.ID), actor.Name, f.LeadID, formatIDs(f.Featured)); err != nil {
			return fmt.Errorf("store: save front page: %w", err)
		}
		detail := "بدون خبر اصلی"
		if lead != "" {
			detail = "خبر اصلی: «" + lead + "»"
		}
		detail += "؛ " + jalali.PersianNumber(len(f.Featured)) + " خبر برگزیده"
		tx.audit(ctx, actor, "front.save", "front", f.Revision, "صفحهٔ نخست، نسخهٔ "+jalali.PersianNumber(int(f.Revision)), detail)
		tx.logChange(Change{Kind: ChangeFront})
		return nil
	})
	if err != nil {
		return news.FrontPage{}, err
	}
	return f, nil
}

func formatIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

func parseIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// StoriesByID returns the stories with the given ids, in that order;
// ids with no story are left out. Whatever their state: the caller
// decides what may be shown.
func (s *Store) StoriesByID(ctx context.Context, ids []int64) ([]*news.Story, error) {
	return s.storiesByID(ctx, ids)
}
