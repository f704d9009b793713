package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"khabar/internal/news"
)

// Backup writes a consistent copy of a SQLite database to path: VACUUM
// INTO reads the database in one read transaction, so the copy is the
// database as it was at one moment however busy the site and the
// newsroom are, and nobody waits for it. The copy is written beside path
// and renamed over it once whole, so a failed or killed backup never
// leaves a half-written file under path. It returns EINVALID on
// PostgreSQL, whose copies pg_dump makes (see the README).
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.dialect.name() != "sqlite" {
		return news.Errorf(news.EINVALID, "store: backup: khabar backs up SQLite only; use pg_dump for PostgreSQL")
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".khabar-backup-*")
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	name := tmp.Name()
	tmp.Close()
	os.Remove(name) // VACUUM INTO writes only a file that does not exist
	defer os.Remove(name)
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, name); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	if err := syncFile(name); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// Check returns an error unless the database passes SQLite's integrity
// check (a no-op on PostgreSQL, which checks its pages itself).
func (s *Store) Check(ctx context.Context) error {
	if s.dialect.name() != "sqlite" {
		return nil
	}
	var res string
	if err := s.db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("store: integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("store: integrity check: %s", res)
	}
	return nil
}

func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
