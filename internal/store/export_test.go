package store

import "io/fs"

// MigrationFS exposes the embedded migrations to tests.
func MigrationFS() fs.FS { return migrationFS }

// SetLongList lowers the posting-list length past which search scores
// a term from forward entries, so small tests take that path.
func (s *Store) SetLongList(n int) { s.longList = n }
