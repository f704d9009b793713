package store

import "io/fs"

// MigrationFS exposes the embedded migrations to tests.
func MigrationFS() fs.FS { return migrationFS }
