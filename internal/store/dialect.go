package store

import (
	"context"
	"database/sql"
	"strings"
)

// dialect is what differs between the databases khabar runs on.
type dialect interface {
	name() string
	open(ctx context.Context, dsn string) (*sql.DB, error)
	numberedParams() bool
	// greatest is the SQL function taking the larger of two values.
	greatest() string
	// optimize lists the statements that compact the database after a
	// bulk load.
	optimize() []string
	// tagList is an expression for the tags of story s, in order,
	// joined with tagSep; NULL when it has none.
	tagList() string
	// lockMigrations keeps other processes from migrating the database
	// until unlock is called.
	lockMigrations(ctx context.Context, conn *sql.Conn) (unlock func(), err error)
	// tryLock takes the cluster-wide lock key on conn, held until
	// unlock or until conn closes, reporting false when another node
	// holds it.
	tryLock(ctx context.Context, conn *sql.Conn, key int64) (bool, error)
	unlock(ctx context.Context, conn *sql.Conn, key int64)
	// lockInTx holds the lock key until tx ends, so that transactions
	// taking it run one after another.
	lockInTx(ctx context.Context, tx *txn, key int64) error
	// notify announces, inside tx, that the change log grew to last.
	notify(ctx context.Context, tx *txn, last int64) error
	searchIndex
}

func dialectFor(dsn string) dialect {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return postgresDialect{}
	}
	return sqliteDialect{}
}
