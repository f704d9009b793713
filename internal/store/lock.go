package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Lock is a cluster-wide lock for work that must run on one node at a
// time (feed polling): a PostgreSQL advisory lock held by a connection
// of its own; on SQLite, whose database one process serves, it is
// always granted.
type Lock struct {
	s    *Store
	conn *sql.Conn
	key  int64
}

// Lock keys.
const (
	// LockWirePoller is held by the node polling wire sources.
	LockWirePoller int64 = 0x6b686177 // "khaw"
	// lockWireGroups is held by each transaction adding wire items, so
	// that an item polled from one feed sees the near-duplicate another
	// feed's poll added a moment before.
	lockWireGroups int64 = 0x6b686167 // "khag"
)

// TryLock takes the lock key, returning nil and no error when another
// node holds it.
func (s *Store) TryLock(ctx context.Context, key int64) (*Lock, error) {
	if s.dialect.name() == "sqlite" {
		return &Lock{s: s, key: key}, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: lock %x: %w", key, err)
	}
	ok, err := s.dialect.tryLock(ctx, conn, key)
	if err != nil || !ok {
		conn.Close()
		if err != nil {
			return nil, fmt.Errorf("store: lock %x: %w", key, err)
		}
		return nil, nil
	}
	return &Lock{s: s, conn: conn, key: key}, nil
}

// Held reports an error when the lock's connection is gone, and with
// it the lock.
func (l *Lock) Held(ctx context.Context) error {
	if l.conn == nil {
		return nil
	}
	return l.conn.PingContext(ctx)
}

// Release gives the lock up.
func (l *Lock) Release() {
	if l.conn == nil {
		return
	}
	l.s.dialect.unlock(context.Background(), l.conn, l.key)
	l.conn.Close()
}
