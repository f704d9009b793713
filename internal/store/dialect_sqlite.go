package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

type sqliteDialect struct{ sqliteSearch }

func (sqliteDialect) name() string         { return "sqlite" }
func (sqliteDialect) numberedParams() bool { return false }
func (sqliteDialect) greatest() string     { return "max" }

// sqliteConns bounds a process's connections to one SQLite file.
const sqliteConns = 16

// open opens a SQLite file in WAL mode, with a page cache sized for
// the indexes written at random. _txlock=immediate makes every
// transaction take the write lock at BEGIN: writers queue on the busy
// timeout instead of failing with SQLITE_BUSY when they upgrade a read
// lock, which is what keeps concurrent code assignment safe.
func (sqliteDialect) open(ctx context.Context, path string) (*sql.DB, error) {
	path = strings.TrimPrefix(path, "sqlite://")
	v := url.Values{}
	v.Add("_pragma", "journal_mode(WAL)")
	v.Add("_pragma", "busy_timeout(10000)")
	v.Add("_pragma", "foreign_keys(1)")
	v.Add("_pragma", "synchronous(NORMAL)")
	// A page cache of up to 32 MB a connection (the default is 2 MB):
	// the indexes a write touches at random — the wire desk's LSH bands,
	// the search index — stay in memory on a desk of 100,000 items.
	v.Add("_pragma", "cache_size(-32768)")
	v.Set("_txlock", "immediate")
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	db, err := sql.Open("sqlite", "file:"+path+sep+v.Encode())
	if err != nil {
		return nil, err
	}
	// Connections are kept, not closed after each use (database/sql
	// keeps two idle by default): opening one runs the pragmas above and
	// forgets every prepared statement, which cost more than the page a
	// request reads. Readers run side by side in WAL mode; a connection
	// idle for minutes gives its page cache back.
	db.SetMaxOpenConns(sqliteConns)
	db.SetMaxIdleConns(sqliteConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w%s", path, err, whyNotOpen(path))
	}
	return db, nil
}

// whyNotOpen says, where it can, why SQLite could not open path: its
// own message («unable to open database file») names neither.
func whyNotOpen(path string) string {
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return " (the directory " + dir + " does not exist)"
	case err == nil && !info.IsDir():
		return " (" + dir + " is not a directory)"
	case err != nil:
		return " (" + err.Error() + ")"
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return " (it is a directory)"
	}
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644); err != nil {
		return " (" + err.Error() + ")"
	} else {
		f.Close()
	}
	return ""
}

// tagList is a story's tags in order, joined with tagSep.
func (sqliteDialect) tagList() string {
	return `(SELECT group_concat(tag, char(31)) FROM
		(SELECT tag FROM story_tags WHERE story_id = s.id ORDER BY position))`
}

// optimize merges the FTS5 index into one segment (a bulk import leaves
// one per batch, and every term lookup seeks in each) and refreshes the
// planner's statistics.
func (sqliteDialect) optimize() []string {
	return []string{`INSERT INTO search_fts (search_fts) VALUES ('optimize')`, `PRAGMA optimize`}
}

// lockMigrations needs no lock: every migration's transaction takes the
// write lock at BEGIN, and the next one sees what the last one did.
func (sqliteDialect) lockMigrations(ctx context.Context, conn *sql.Conn) (func(), error) {
	return func() {}, nil
}

// notify does nothing: other processes on a SQLite file poll the
// change log.
func (sqliteDialect) notify(ctx context.Context, tx *txn, last int64) error { return nil }

// tryLock always succeeds: a SQLite database is served by one process.
func (sqliteDialect) tryLock(ctx context.Context, conn *sql.Conn, key int64) (bool, error) {
	return true, nil
}

func (sqliteDialect) unlock(ctx context.Context, conn *sql.Conn, key int64) {}

// lockInTx does nothing: SQLite runs one write transaction at a time.
func (sqliteDialect) lockInTx(ctx context.Context, tx *txn, key int64) error { return nil }
