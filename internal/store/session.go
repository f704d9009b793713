package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"khabar/internal/news"
)

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, sess *news.Session) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO sessions (id_hash, user_id, csrf, created_us, seen_us, expires_us, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), sess.Hash, sess.UserID, sess.CSRF, sess.Created.UnixMicro(),
		sess.Seen.UnixMicro(), sess.Expires.UnixMicro(), sess.IP, sess.Agent)
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// Session returns the session with that hash and its user, or
// ENOTFOUND when there is none or it has expired at now.
func (s *Store) Session(ctx context.Context, hash string, now time.Time) (*news.Session, *news.User, error) {
	sess := &news.Session{Hash: hash}
	var created, seen, expires int64
	u, err := scanUser(s.queryRow(ctx, `SELECT u.id, u.name, u.display_name, u.roles, u.disabled, u.must_change_password,
		u.created_us, u.password_changed_us, x.csrf, x.created_us, x.seen_us, x.expires_us, x.ip, x.user_agent
		FROM sessions x JOIN users u ON u.id = x.user_id WHERE x.id_hash = ?`, hash),
		&sess.CSRF, &created, &seen, &expires, &sess.IP, &sess.Agent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, news.Errorf(news.ENOTFOUND, "نشست پیدا نشد")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: load session: %w", err)
	}
	sess.UserID = u.ID
	sess.Created = time.UnixMicro(created).UTC()
	sess.Seen = time.UnixMicro(seen).UTC()
	sess.Expires = time.UnixMicro(expires).UTC()
	if !now.Before(sess.Expires) || u.Disabled {
		return nil, nil, news.Errorf(news.ENOTFOUND, "نشست پایان یافته است")
	}
	return sess, u, nil
}

// TouchSession records that the session was used at seen and moves its
// expiry to expires.
func (s *Store) TouchSession(ctx context.Context, hash string, seen, expires time.Time) error {
	_, err := s.db.ExecContext(ctx, s.q(`UPDATE sessions SET seen_us = ?, expires_us = ? WHERE id_hash = ?`),
		seen.UnixMicro(), expires.UnixMicro(), hash)
	if err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	if _, err := s.db.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE id_hash = ?`), hash); err != nil {
		return fmt.Errorf("store: end session: %w", err)
	}
	return nil
}

// PruneSessions deletes the sessions expired at now.
func (s *Store) PruneSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE expires_us <= ?`), now.UnixMicro())
	if err != nil {
		return 0, fmt.Errorf("store: prune sessions: %w", err)
	}
	return res.RowsAffected()
}

// CreateToken stores the hash of a new API token for a user, by actor.
func (s *Store) CreateToken(ctx context.Context, actor news.Actor, userID int64, hash string) error {
	return s.writeTx(ctx, func(tx *txn) error {
		if _, err := tx.exec(ctx, `INSERT INTO api_tokens (user_id, hash, created_us) VALUES (?, ?, ?)`,
			userID, hash, s.now().UnixMicro()); err != nil {
			return fmt.Errorf("store: create token: %w", err)
		}
		tx.audit(ctx, actor, "user.token", "user", userID, "", "")
		return nil
	})
}

// UserByToken returns the user a token's hash belongs to, or ENOTFOUND
// for an unknown or revoked token, or a disabled user.
func (s *Store) UserByToken(ctx context.Context, hash string) (*news.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT u.id, u.name, u.display_name, u.roles, u.disabled, u.must_change_password,
		u.created_us, u.password_changed_us FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.revoked_us IS NULL`, hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "کلید دسترسی معتبر نیست")
	}
	if err != nil {
		return nil, fmt.Errorf("store: load token: %w", err)
	}
	if u.Disabled {
		return nil, news.Errorf(news.ENOTFOUND, "کلید دسترسی معتبر نیست")
	}
	return u, nil
}

// RevokeTokens revokes every token of a user, by actor, and returns how
// many there were.
func (s *Store) RevokeTokens(ctx context.Context, actor news.Actor, userID int64) (int64, error) {
	var n int64
	err := s.writeTx(ctx, func(tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_us = ? WHERE user_id = ? AND revoked_us IS NULL`,
			s.now().UnixMicro(), userID)
		if err != nil {
			return fmt.Errorf("store: revoke tokens: %w", err)
		}
		n, _ = res.RowsAffected()
		tx.audit(ctx, actor, "user.revoke", "user", userID, "", fmt.Sprint(n))
		return nil
	})
	return n, err
}

// CountLoginFailure counts one more failed login for key at now, in a
// window that starts again once the last began more than window ago,
// and returns the failures in the window and until when logins for key
// are refused.
func (s *Store) CountLoginFailure(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error) {
	var n int
	var locked int64
	start := now.Add(-window).UnixMicro()
	err := s.queryRow(ctx, `INSERT INTO login_failures (key, failures, first_us, locked_until_us) VALUES (?, 1, ?, 0)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN login_failures.first_us < ? THEN 1 ELSE login_failures.failures + 1 END,
			first_us = CASE WHEN login_failures.first_us < ? THEN excluded.first_us ELSE login_failures.first_us END
		RETURNING failures, locked_until_us`, key, now.UnixMicro(), start, start).Scan(&n, &locked)
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: count login failure: %w", err)
	}
	return n, time.UnixMicro(locked).UTC(), nil
}

// LockLogin refuses logins for key until then.
func (s *Store) LockLogin(ctx context.Context, key string, until time.Time) error {
	if _, err := s.db.ExecContext(ctx, s.q(`UPDATE login_failures SET locked_until_us = ? WHERE key = ?`),
		until.UnixMicro(), key); err != nil {
		return fmt.Errorf("store: lock login: %w", err)
	}
	return nil
}

// LoginLockedUntil returns until when logins for key are refused; the
// zero time when they are not.
func (s *Store) LoginLockedUntil(ctx context.Context, key string) (time.Time, error) {
	var locked int64
	err := s.queryRow(ctx, `SELECT locked_until_us FROM login_failures WHERE key = ?`, key).Scan(&locked)
	if errors.Is(err, sql.ErrNoRows) || err == nil && locked == 0 {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("store: read login lock: %w", err)
	}
	return time.UnixMicro(locked).UTC(), nil
}

// ForgetLoginFailures clears the failures counted for key.
func (s *Store) ForgetLoginFailures(ctx context.Context, key string) error {
	if _, err := s.db.ExecContext(ctx, s.q(`DELETE FROM login_failures WHERE key = ?`), key); err != nil {
		return fmt.Errorf("store: forget login failures: %w", err)
	}
	return nil
}
