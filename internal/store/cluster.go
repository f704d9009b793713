package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"hash/fnv"
	"strings"
	"time"
)

// What several nodes on one database share: a lock so that a job runs
// on one node at a time, and read replicas.

// Exclusive runs fn unless another node is running a job of the same
// name, and reports whether it ran. On PostgreSQL it holds a session
// advisory lock (named by a hash of name and the schema's channel) on a
// connection of its own while fn runs; on SQLite, which one machine
// serves, it just runs fn.
func (s *Store) Exclusive(ctx context.Context, name string, fn func(ctx context.Context) error) (bool, error) {
	if s.dialect.name() != "postgres" {
		return true, fn(ctx)
	}
	h := fnv.New64a()
	h.Write([]byte(s.channel + "/" + name))
	key := int64(h.Sum64())
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("store: lock %s: %w", name, err)
	}
	defer conn.Close()
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err != nil {
		return false, fmt.Errorf("store: lock %s: %w", name, err)
	}
	if !got {
		return false, nil
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key); err != nil {
			// The lock goes with the session: drop the connection.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return true, fn(ctx)
}

// PoolStats returns the connection pool's statistics.
func (s *Store) PoolStats() sql.DBStats { return s.db.Stats() }

// OpenReplica opens a PostgreSQL read replica of the database for
// reads: it neither migrates nor writes, and refuses a replica whose
// schema is not the one this build speaks. What it answers lags the
// primary by the replication delay.
func OpenReplica(ctx context.Context, dsn string) (*Store, error) {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return nil, fmt.Errorf("store: a read replica is a PostgreSQL server (postgres://), not %s", dsn)
	}
	d := dialectFor(dsn)
	db, err := d.open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open replica: %w", err)
	}
	s := &Store{db: db, dialect: d, now: time.Now, longList: defaultLongList, dsn: dsn,
		rebnd: map[string]string{}, stmts: map[string]*sql.Stmt{}}
	var have int
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: read replica schema: %w", err)
	}
	ms, err := migrations(d.name())
	if err != nil {
		db.Close()
		return nil, err
	}
	if want := ms[len(ms)-1].version; have != want {
		db.Close()
		return nil, fmt.Errorf("store: the replica's schema is at version %d, this khabar needs %d: let it catch up with the primary", have, want)
	}
	return s, nil
}

// WaitFor waits, up to limit, until the store has seen change id: on a
// replica, until replication has brought it that far. It reports
// whether it got there.
func (s *Store) WaitFor(ctx context.Context, id int64, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for {
		last, err := s.LatestChange(ctx)
		if err == nil && last >= id {
			return true
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}
