// Package store keeps khabar's stories in SQLite (the embedded default)
// or PostgreSQL. It is the only package that speaks SQL. One Store type
// serves both databases; what differs between them lives in the
// dialect_*.go and search_*.go files.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"khabar/internal/news"
)

// Store is a handle on a khabar database. It is safe for concurrent use.
type Store struct {
	db      *sql.DB
	dialect dialect
	now     func() time.Time

	search searchCache
	feed   changeFeed
	// comments keeps the comment form's secret and blocked words.
	comments commentCache
	// memos keep what every public page reads, until the log moves.
	memos struct {
		tree     memo[struct{}, *news.SectionTree]
		settings memo[struct{}, news.CommentSettings]
		breaking memo[int64, []news.Breaking] // by the second asked for
		stories  storyMemo                    // by code, with their details
		listed   storyMemo                    // by id, as listings read them
	}
	// writers, on SQLite, lets one of this process's write transactions
	// run at a time (see writeTxAnalyzed); nil on PostgreSQL.
	writers chan struct{}
	// channel is the PostgreSQL notification channel of this schema's
	// change log.
	channel string
	dsn     string
	// longList is the posting-list length past which a term is scored
	// from forward entries (see rank); tests lower it.
	longList int

	mu    sync.Mutex
	rebnd map[string]string    // query text → dialect form
	stmts map[string]*sql.Stmt // prepared read queries, by query text
}

// Open opens the database named by dsn, creating it if needed, and
// brings its schema up to date. A dsn starting with postgres:// or
// postgresql:// is a PostgreSQL URL; anything else is a SQLite file path.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return open(ctx, dsn, 0)
}

// open is Open, migrating up to version upTo only when it is not 0.
func open(ctx context.Context, dsn string, upTo int) (*Store, error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, errors.New("store: empty database name")
	}
	if i := strings.Index(dsn, "://"); i > 0 && !strings.HasPrefix(dsn, "postgres://") &&
		!strings.HasPrefix(dsn, "postgresql://") && !strings.HasPrefix(dsn, "sqlite://") {
		return nil, fmt.Errorf("store: %s: khabar speaks SQLite (a file path) and PostgreSQL (postgres://…), not %s", dsn, dsn[:i])
	}
	d := dialectFor(dsn)
	db, err := d.open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s database: %w", d.name(), err)
	}
	s := &Store{db: db, dialect: d, now: time.Now, longList: defaultLongList, dsn: dsn,
		rebnd: map[string]string{}, stmts: map[string]*sql.Stmt{}}
	if d.name() == "sqlite" {
		s.writers = make(chan struct{}, 1)
	}
	if err := s.migrate(ctx, upTo); err != nil {
		db.Close()
		return nil, err
	}
	if d.name() == "postgres" {
		var schema string
		if err := db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			db.Close()
			return nil, fmt.Errorf("store: read schema: %w", err)
		}
		s.channel = "khabar_changes"
		if schema != "public" {
			s.channel += "_" + schema
		}
	}
	return s, nil
}

// SetClock replaces the store's clock, which stamps every write and
// decides what is due; tests step it instead of waiting. Set it before
// the store is used.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Close releases the database.
func (s *Store) Close() error {
	s.mu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = map[string]*sql.Stmt{}
	s.mu.Unlock()
	return s.db.Close()
}

// maxPrepared bounds the read statements kept prepared; queries built
// with a varying number of placeholders are many.
const maxPrepared = 256

// query runs a read query, written with '?' placeholders, through a
// statement prepared once: parsing and planning are a good part of a
// small query's cost on SQLite.
func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return s.db.QueryContext(ctx, s.q(query), args...)
	}
	return st.QueryContext(ctx, args...)
}

// queryRow is query for one row.
func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := s.prepared(ctx, query)
	if err != nil || st == nil {
		return s.db.QueryRowContext(ctx, s.q(query), args...) // reports err from Scan
	}
	return st.QueryRowContext(ctx, args...)
}

// prepared returns the cached statement for query, preparing it if
// there is room, or nil when the cache is full: the query then runs
// unprepared rather than leaving a statement behind.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	s.mu.Lock()
	st, ok := s.stmts[query]
	full := len(s.stmts) >= maxPrepared
	s.mu.Unlock()
	if ok || full {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, s.q(query))
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.stmts[query]; ok {
		st.Close()
		return old, nil
	}
	s.stmts[query] = st
	return st, nil
}

// Dialect names the database behind the store: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.dialect.name() }

// q returns query in the store's placeholder style: '?' for SQLite,
// '$1, $2, …' for PostgreSQL. Queries are written once, with '?'.
func (s *Store) q(query string) string {
	if !s.dialect.numberedParams() {
		return query
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.rebnd[query]; ok {
		return r
	}
	var b strings.Builder
	n := 0
	inStr := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inStr = !inStr
		case c == '?' && !inStr:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	r := b.String()
	s.rebnd[query] = r
	return r
}

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// inTx runs fn in a transaction, committing if it returns nil. Writers
// on SQLite take the write lock at BEGIN (see dialect_sqlite.go), so two
// writers never deadlock upgrading read locks.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return unwritable(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return unwritable(err)
	}
	return unwritable(tx.Commit())
}

// micros stores times as microseconds since 1970 (UTC) on both
// databases; NULL stands for an unknown time.
func micros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

func fromMicros(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMicro(v.Int64).UTC()
}
