package store

import (
	"context"
	"io/fs"
)

// MigrationFS exposes the embedded migrations to tests.
func MigrationFS() fs.FS { return migrationFS }

// SetLongList lowers the posting-list length past which search scores
// a term from forward entries, so small tests take that path.
func (s *Store) SetLongList(n int) { s.longList = n }

// SearchReloads counts the times the search cache reloaded everything.
func (s *Store) SearchReloads() int {
	s.search.rw.RLock()
	defer s.search.rw.RUnlock()
	return s.search.reloads
}

// OpenMigratedTo opens a database migrated up to version only, as an
// older khabar left it.
func OpenMigratedTo(ctx context.Context, dsn string, version int) (*Store, error) {
	return open(ctx, dsn, version)
}
