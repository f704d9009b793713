package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"khabar/internal/news"
)

const userColumns = `id, name, display_name, roles, disabled, must_change_password, created_us, password_changed_us`

func scanUser(row interface{ Scan(...any) error }, extra ...any) (*news.User, error) {
	var u news.User
	var roles string
	var created, changed int64
	dest := append([]any{&u.ID, &u.Name, &u.DisplayName, &roles, &u.Disabled, &u.MustChangePassword, &created, &changed}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	for _, r := range strings.Split(roles, ",") {
		if news.Role(r).Valid() {
			u.Roles = u.Roles.With(news.Role(r))
		}
	}
	u.Created = fromMicros(sql.NullInt64{Int64: created, Valid: true})
	u.PasswordChanged = fromMicros(sql.NullInt64{Int64: changed, Valid: true})
	return &u, nil
}

// CreateUser stores a new user with a password hash, by actor. It
// assigns u.ID and returns EINVALID for a bad name or no roles and
// ECONFLICT when the name is taken.
func (s *Store) CreateUser(ctx context.Context, actor news.Actor, u *news.User, passwordHash string) error {
	u.Name = news.NormalizeUserName(u.Name)
	if err := news.ValidUserName(u.Name); err != nil {
		return err
	}
	if err := news.ValidDisplayName(u.DisplayName); err != nil {
		return err
	}
	if len(u.Roles) == 0 {
		return news.FieldErrorf("roles", news.EINVALID, "دست‌کم یک نقش لازم است")
	}
	now := s.now().UTC()
	u.Created, u.PasswordChanged = now, now
	return s.writeTx(ctx, func(tx *txn) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM users WHERE name = ?`, u.Name).Scan(&n); err != nil {
			return fmt.Errorf("store: check user name: %w", err)
		}
		if n > 0 {
			return news.FieldErrorf("name", news.ECONFLICT, "نام کاربری «%s» گرفته شده است", u.Name)
		}
		err := tx.queryRow(ctx, `INSERT INTO users (name, display_name, password_hash, roles, disabled,
			must_change_password, created_us, password_changed_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Name, u.DisplayName, passwordHash, u.Roles.String(), u.Disabled, u.MustChangePassword,
			now.UnixMicro(), now.UnixMicro()).Scan(&u.ID)
		if err != nil {
			return fmt.Errorf("store: create user %q: %w", u.Name, err)
		}
		tx.audit(ctx, actor, "user.create", "user", u.ID, u.Name, "نقش‌ها: "+u.Roles.Names())
		tx.logChange(Change{Kind: ChangeUser})
		return nil
	})
}

// UserByName returns the user with that login name and their password
// hash, or ENOTFOUND.
func (s *Store) UserByName(ctx context.Context, name string) (*news.User, string, error) {
	var hash string
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE name = ?`,
		news.NormalizeUserName(name)), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", news.Errorf(news.ENOTFOUND, "کاربر «%s» نیست", name)
	}
	if err != nil {
		return nil, "", fmt.Errorf("store: load user %q: %w", name, err)
	}
	return u, hash, nil
}

// UserByID returns the user with that id, or ENOTFOUND.
func (s *Store) UserByID(ctx context.Context, id int64) (*news.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, news.Errorf(news.ENOTFOUND, "کاربر %d نیست", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: load user %d: %w", id, err)
	}
	return u, nil
}

// Users returns every user, by name.
func (s *Store) Users(ctx context.Context) ([]*news.User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	var out []*news.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UserCount returns how many users there are.
func (s *Store) UserCount(ctx context.Context) (int, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// SetPassword replaces a user's password hash, by actor, and ends every
// session of the user but keep (the session that made the change, if
// any). mustChange asks for a new password at the next login, as after
// a reset.
func (s *Store) SetPassword(ctx context.Context, actor news.Actor, userID int64, hash string, mustChange bool, keep string) error {
	return s.writeTx(ctx, func(tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_us = ?
			WHERE id = ?`, hash, mustChange, s.now().UnixMicro(), userID)
		if err != nil {
			return fmt.Errorf("store: set password of user %d: %w", userID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return news.Errorf(news.ENOTFOUND, "کاربر %d نیست", userID)
		}
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?`, userID, keep); err != nil {
			return fmt.Errorf("store: end sessions of user %d: %w", userID, err)
		}
		tx.audit(ctx, actor, "user.password", "user", userID, "", "")
		return nil
	})
}

// UpdateUser writes a user's display name, roles and disabled flag, by
// actor. Disabling a user ends their sessions and revokes their tokens.
func (s *Store) UpdateUser(ctx context.Context, actor news.Actor, u *news.User) error {
	if err := news.ValidDisplayName(u.DisplayName); err != nil {
		return err
	}
	if len(u.Roles) == 0 {
		return news.FieldErrorf("roles", news.EINVALID, "دست‌کم یک نقش لازم است")
	}
	return s.writeTx(ctx, func(tx *txn) error {
		res, err := tx.exec(ctx, `UPDATE users SET display_name = ?, roles = ?, disabled = ? WHERE id = ?`,
			u.DisplayName, u.Roles.String(), u.Disabled, u.ID)
		if err != nil {
			return fmt.Errorf("store: update user %d: %w", u.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return news.Errorf(news.ENOTFOUND, "کاربر %d نیست", u.ID)
		}
		detail := "نقش‌ها: " + u.Roles.Names()
		if u.Disabled {
			detail += "؛ غیرفعال"
			if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
				return fmt.Errorf("store: end sessions of user %d: %w", u.ID, err)
			}
			if _, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_us = ? WHERE user_id = ? AND revoked_us IS NULL`,
				s.now().UnixMicro(), u.ID); err != nil {
				return fmt.Errorf("store: revoke tokens of user %d: %w", u.ID, err)
			}
		}
		tx.audit(ctx, actor, "user.update", "user", u.ID, u.Name, detail)
		tx.logChange(Change{Kind: ChangeUser})
		return nil
	})
}
