package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"
)

// engine is one search system under evaluation.
type engine interface {
	name() string
	search(q string, k int) ([]string /* uris, best first */, error)
}

// queryWords splits a query at spaces and drops pieces without a letter
// or digit (they would be empty FTS phrases).
func queryWords(q string) []string {
	var out []string
	for _, w := range strings.Fields(q) {
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			out = append(out, w)
		}
	}
	return out
}

// fts5Engine is raw SQLite FTS5 with the unicode61 tokenizer over
// headline, lead and body, ranked by bm25(): what a Go newsroom gets
// without a Persian analyzer.
type fts5Engine struct {
	db   *sql.DB
	or   bool
	stmt *sql.Stmt
}

// openFTS5 builds the index once; both variants share it.
func openFTS5(ctx context.Context, dir string, docs []*doc) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "fts5.db")+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE VIRTUAL TABLE docs USING fts5(uri UNINDEXED, headline, lead, body, tokenize='unicode61')`); err != nil {
		db.Close()
		return nil, err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		db.Close()
		return nil, err
	}
	for _, d := range docs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO docs(uri, headline, lead, body) VALUES (?, ?, ?, ?)`, d.URI, d.Headline, d.Lead, d.Body()); err != nil {
			tx.Rollback()
			db.Close()
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func newFTS5(db *sql.DB, or bool) (*fts5Engine, error) {
	st, err := db.Prepare(`SELECT uri FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?`)
	if err != nil {
		return nil, err
	}
	return &fts5Engine{db: db, or: or, stmt: st}, nil
}

func (e *fts5Engine) name() string {
	if e.or {
		return "fts5-or"
	}
	return "fts5-and"
}

func (e *fts5Engine) search(q string, k int) ([]string, error) {
	ws := queryWords(q)
	if len(ws) == 0 {
		return nil, nil
	}
	for i, w := range ws {
		ws[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	sep := " "
	if e.or {
		sep = " OR "
	}
	rows, err := e.stmt.Query(strings.Join(ws, sep), k)
	if err != nil {
		return nil, err
	}
	return collect(rows)
}

func collect(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// pgSimpleEngine is PostgreSQL full-text search with the 'simple'
// configuration (no stemming, no stop words, no Persian folding), GIN
// indexed, ranked by ts_rank.
type pgSimpleEngine struct {
	db *sql.DB
	or bool
}

// openPGSimple loads the corpus with COPY on one connection and returns
// a connection pool for the searches (safe for concurrent use).
func openPGSimple(ctx context.Context, url string, docs []*doc) (*sql.DB, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	fail := func(err error) (*sql.DB, error) { return nil, err }
	if _, err := conn.Exec(ctx, `CREATE TABLE docs (uri text PRIMARY KEY, doc text NOT NULL, tsv tsvector)`); err != nil {
		return fail(err)
	}
	rows := make([][]any, len(docs))
	for i, d := range docs {
		rows[i] = []any{d.URI, d.Headline + " " + d.Lead + " " + d.Body()}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"docs"}, []string{"uri", "doc"}, pgx.CopyFromRows(rows)); err != nil {
		return fail(err)
	}
	for _, s := range []string{
		`UPDATE docs SET tsv = to_tsvector('simple', doc)`,
		`CREATE INDEX docs_tsv ON docs USING gin (tsv)`,
		`ANALYZE docs`,
	} {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fail(err)
		}
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (e *pgSimpleEngine) name() string {
	if e.or {
		return "pg-simple-or"
	}
	return "pg-simple-and"
}

func (e *pgSimpleEngine) search(q string, k int) ([]string, error) {
	tsq := `plainto_tsquery('simple', $1)`
	if e.or {
		// plainto_tsquery joins every word with &; make them alternatives.
		tsq = `nullif(replace(plainto_tsquery('simple', $1)::text, ' & ', ' | '), '')::tsquery`
	}
	rows, err := e.db.Query(fmt.Sprintf(
		`SELECT uri FROM docs, (SELECT %s AS q) AS x WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, uri LIMIT $2`, tsq), q, k)
	if err != nil {
		return nil, err
	}
	return collect(rows)
}
