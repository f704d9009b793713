package store

import (
	"context"
	"database/sql"
	"strconv"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

type postgresDialect struct{ postgresSearch }

func (postgresDialect) name() string         { return "postgres" }
func (postgresDialect) numberedParams() bool { return true }
func (postgresDialect) greatest() string     { return "greatest" }

func (postgresDialect) open(ctx context.Context, dsn string) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// tagList is a story's tags in order, joined with tagSep.
func (postgresDialect) tagList() string {
	return `(SELECT string_agg(tag, chr(31) ORDER BY position) FROM story_tags WHERE story_id = s.id)`
}

// optimize refreshes the planner's statistics; GIN and B-tree indexes
// need nothing more after a bulk load.
func (postgresDialect) optimize() []string {
	return []string{`ANALYZE`}
}

// migrationLock is the advisory lock key nodes take to migrate.
const migrationLock = 0x6b686162 // "khab"

func (postgresDialect) lockMigrations(ctx context.Context, conn *sql.Conn) (func(), error) {
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return nil, err
	}
	return func() {
		conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)
	}, nil
}

// notify announces the change on the store's channel; PostgreSQL
// delivers it to the listeners when tx commits, and not at all if it
// rolls back.
func (postgresDialect) notify(ctx context.Context, tx *txn, last int64) error {
	_, err := tx.exec(ctx, `SELECT pg_notify(?, ?)`, tx.s.channel, strconv.FormatInt(last, 10))
	return err
}

// tryLock takes the session-level advisory lock key on conn if no other
// session holds it.
func (postgresDialect) tryLock(ctx context.Context, conn *sql.Conn, key int64) (bool, error) {
	var ok bool
	err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&ok)
	return ok, err
}

func (postgresDialect) unlock(ctx context.Context, conn *sql.Conn, key int64) {
	conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, key)
}

// lockInTx takes the transaction-level advisory lock key: writers that
// must see each other's rows (wire items grouping) run one at a time.
func (postgresDialect) lockInTx(ctx context.Context, tx *txn, key int64) error {
	_, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(?)`, key)
	return err
}
