package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"khabar/internal/news"
)

// audit records who did what to which object, in tx. A failure fails
// the transaction at commit, never silently: the entry is queued as a
// statement like any other.
func (t *txn) audit(ctx context.Context, actor news.Actor, action, kind string, id int64, label, detail string) {
	if t.auditErr != nil {
		return
	}
	_, err := t.exec(ctx, `INSERT INTO audit_log (at_us, actor_id, actor_name, action, kind, object_id, label, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t.s.now().UnixMicro(), nullID(actor.ID), actor.Name, action, kind, id, label, detail)
	if err != nil {
		t.auditErr = fmt.Errorf("store: audit %s of %s %d: %w", action, kind, id, err)
	}
}

// Audit returns audit entries matching f, newest first.
func (s *Store) Audit(ctx context.Context, f news.AuditFilter) ([]news.AuditEntry, error) {
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if f.ActorID != 0 {
		add("actor_id = ?", f.ActorID)
	}
	if f.Kind != "" {
		add("kind = ?", f.Kind)
	}
	if f.ObjectID != 0 {
		add("object_id = ?", f.ObjectID)
	}
	if f.Action != "" {
		add("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		add("at_us >= ?", f.From.UnixMicro())
	}
	if !f.To.IsZero() {
		add("at_us < ?", f.To.UnixMicro())
	}
	if f.Before > 0 {
		add("id < ?", f.Before)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	args = append(args, limit)
	rows, err := s.query(ctx, `SELECT id, at_us, actor_id, actor_name, action, kind, object_id, label, detail
		FROM audit_log`+cond+` ORDER BY id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: read audit log: %w", err)
	}
	defer rows.Close()
	var out []news.AuditEntry
	for rows.Next() {
		var e news.AuditEntry
		var at int64
		var actor sql.NullInt64
		if err := rows.Scan(&e.ID, &at, &actor, &e.Actor.Name, &e.Action, &e.Kind, &e.Object, &e.Label, &e.Detail); err != nil {
			return nil, fmt.Errorf("store: read audit log: %w", err)
		}
		e.Actor.ID = actor.Int64
		e.At = fromMicros(sql.NullInt64{Int64: at, Valid: true})
		out = append(out, e)
	}
	return out, rows.Err()
}

// RecordAudit writes one audit entry on its own, for what is not a
// stored change of its own (a login, a logout). A failure is returned,
// and is the caller's to log: the action itself has happened.
func (s *Store) RecordAudit(ctx context.Context, actor news.Actor, action, kind string, id int64, label, detail string) error {
	return s.writeTx(ctx, func(tx *txn) error {
		tx.audit(ctx, actor, action, kind, id, label, detail)
		return nil
	})
}
