package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFS embed.FS

// migration is one numbered schema change, e.g. 0002_search.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded migrations of a dialect in order.
func migrations(dialectName string) ([]migration, error) {
	dir := path.Join("migrations", dialectName)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("store: read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: migration %s/%s is not named NNNN_name.sql", dir, e.Name())
		}
		body, err := migrationFS.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// noForeignKeys marks a SQLite migration that rebuilds a table other
// tables refer to: SQLite's procedure for that turns foreign key
// enforcement off around the transaction (it cannot be changed inside
// one) and checks every key before committing.
const noForeignKeys = "-- khabar: foreign_keys off"

// afterMigration holds the work of a migration that SQL alone cannot
// do, run in the migration's transaction after its SQL.
var afterMigration = map[int]func(ctx context.Context, s *Store, tx *sql.Tx) error{
	3: backfillHeadlineTerms,
	5: backfillKeys,
}

// migrate applies the migrations the database has not seen, each in its
// own transaction together with its row in schema_migrations. On
// PostgreSQL it holds an advisory lock meanwhile, so nodes starting
// together migrate one after the other.
func (s *Store) migrate(ctx context.Context, upTo int) error {
	ms, err := migrations(s.dialect.name())
	if err != nil {
		return err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	unlock, err := s.dialect.lockMigrations(ctx, conn)
	if err != nil {
		return fmt.Errorf("store: migrate: lock: %w", err)
	}
	defer unlock()
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	for _, m := range ms {
		if upTo > 0 && m.version > upTo {
			break
		}
		if err := s.apply(ctx, conn, m); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.name, err)
		}
	}
	return nil
}

// apply runs one migration on conn unless it ran before.
func (s *Store) apply(ctx context.Context, conn *sql.Conn, m migration) error {
	var n int
	if err := conn.QueryRowContext(ctx, s.q(`SELECT count(*) FROM schema_migrations WHERE version = ?`), m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	fkOff := s.dialect.name() == "sqlite" && strings.HasPrefix(m.sql, noForeignKeys)
	if fkOff {
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return err
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if after := afterMigration[m.version]; after != nil {
		if err := after(ctx, s, tx); err != nil {
			return err
		}
	}
	if fkOff {
		rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
		if err != nil {
			return err
		}
		bad := rows.Next()
		rows.Close()
		if bad {
			return fmt.Errorf("a foreign key no longer holds after the migration")
		}
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`), m.version, m.name); err != nil {
		return err
	}
	return tx.Commit()
}
