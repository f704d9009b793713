package store

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"khabar/internal/news"
)

// SQLite's primary result codes for a write it cannot make (the
// extended codes carry them in their low byte).
const (
	sqliteReadOnly = 8  // SQLITE_READONLY
	sqliteFull     = 13 // SQLITE_FULL: the disk, or max_page_count
)

// unwritable turns err, when it says the database refused a write for
// want of room or for being read-only, into an EUNAVAILABLE error that
// says so in Persian (the cause stays in the chain); the transaction was
// rolled back, so nothing of the write is stored. Other errors are
// returned as they are.
func unwritable(err error) error {
	if err == nil {
		return nil
	}
	full, readOnly := false, false
	var se *sqlite.Error
	var pe *pgconn.PgError
	switch {
	case errors.As(err, &se):
		full, readOnly = se.Code()&0xff == sqliteFull, se.Code()&0xff == sqliteReadOnly
	case errors.As(err, &pe):
		// 53100 disk_full; 25006 read_only_sql_transaction (a standby,
		// or default_transaction_read_only).
		full, readOnly = pe.Code == "53100", pe.Code == "25006"
	}
	switch {
	case full:
		return fmt.Errorf("%w: %w", news.Errorf(news.EUNAVAILABLE,
			"پایگاه داده جای خالی ندارد و چیزی ذخیره نشد؛ مدیر سامانه باید فضای دیسک را آزاد کند"), err)
	case readOnly:
		return fmt.Errorf("%w: %w", news.Errorf(news.EUNAVAILABLE,
			"پایگاه داده فقط‌خواندنی است و چیزی ذخیره نشد؛ مدیر سامانه باید آن را نوشتنی کند"), err)
	}
	return err
}
