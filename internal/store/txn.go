package store

import (
	"context"
	"database/sql"

	"khabar/internal/news"
)

// txn is a write transaction. It prepares each statement once for the
// transaction's life (a batch import runs the same few statements
// thousands of times) and holds work its dialect does once, just before
// commit.
type txn struct {
	tx    *sql.Tx
	s     *Store
	stmts map[string]*sql.Stmt
	// pending are search entries whose term rows the dialect writes in
	// one statement at commit (see flush in search_*.go).
	pending []*searchDoc
	// analyzed holds search entries computed before the transaction
	// began, by story (see analyzeAll).
	analyzed map[*news.Story]*searchDoc
	// changes are the change log rows written at commit (logChange);
	// last is the id of the newest once written.
	changes []Change
	last    int64
	// auditErr is the first failure to write an audit entry; it fails
	// the transaction.
	auditErr error
	// bulk marks a transaction writing many stories: one change row
	// stands for all of them, instead of one per story.
	bulk bool
}

// dropPending forgets the pending entry of a story, reporting whether
// there was one.
func (t *txn) dropPending(storyID int64) bool {
	for i, d := range t.pending {
		if d.storyID == storyID {
			t.pending = append(t.pending[:i], t.pending[i+1:]...)
			return true
		}
	}
	return false
}

func (t *txn) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.tx.PrepareContext(ctx, t.s.q(query))
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

// exec runs query, written with '?' placeholders, in the transaction.
func (t *txn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// queryRow runs query, written with '?' placeholders, in the transaction.
func (t *txn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, query)
	if err != nil {
		// A failed prepare surfaces from Scan, through an unprepared query.
		return t.tx.QueryRowContext(ctx, t.s.q(query), args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// writeTx runs fn in a write transaction, lets the dialect finish its
// deferred index work and writes the change log rows fn queued, all in
// the same transaction.
func (s *Store) writeTx(ctx context.Context, fn func(tx *txn) error) error {
	return s.writeTxAnalyzed(ctx, nil, false, fn)
}

// writeTxAnalyzed is writeTx with search entries analyzed beforehand,
// for a bulk write when bulk is set.
//
// On SQLite, which writes one transaction at a time, this process's
// writers queue here, in turn, rather than on the busy timeout, which
// polls with growing sleeps: with sixteen comments posted at once that
// doubled the posts per second and cut the slowest from over a second
// to a tenth of one. Other processes on the file still meet the timeout.
func (s *Store) writeTxAnalyzed(ctx context.Context, analyzed map[*news.Story]*searchDoc, bulk bool, fn func(tx *txn) error) error {
	if s.writers != nil {
		select {
		case s.writers <- struct{}{}:
			defer func() { <-s.writers }()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	var last int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		t := &txn{tx: tx, s: s, stmts: map[string]*sql.Stmt{}, analyzed: analyzed, bulk: bulk}
		defer func() {
			for _, st := range t.stmts {
				st.Close()
			}
		}()
		if err := fn(t); err != nil {
			return err
		}
		if t.auditErr != nil {
			return t.auditErr
		}
		if err := s.dialect.flush(ctx, t); err != nil {
			return err
		}
		if err := t.writeChanges(ctx); err != nil {
			return err
		}
		last = t.last
		return nil
	})
	if err == nil && last > 0 {
		s.feed.seen(last)
	}
	return err
}
