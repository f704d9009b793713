// Package storetest opens real, throwaway khabar stores for tests: a
// SQLite file in the test's temp dir, and a fresh schema in the
// PostgreSQL server named by KHABAR_TEST_POSTGRES.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"khabar/internal/store"
)

// Each runs fn once per database this machine offers, as a subtest
// named after it. PostgreSQL is skipped when KHABAR_TEST_POSTGRES is
// unset, unless KHABAR_REQUIRE_POSTGRES=1 says it must be there.
func Each(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// EachDSN runs fn once per database this machine offers with the name
// of a fresh, empty one, for tests that open it more than once (several
// nodes, an older schema).
func EachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "khabar.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, PostgresURL(t)) })
}

// Open opens a store on dsn, closed when the test ends.
func Open(t testing.TB, dsn string) *store.Store {
	t.Helper()
	return open(t, dsn)
}

// SQL opens the database behind dsn directly, for tests that write
// what the store would not.
func SQL(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	driver, name := "sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)"
	if strings.HasPrefix(dsn, "postgres") {
		driver, name = "pgx", dsn
	}
	db, err := sql.Open(driver, name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// SQLite opens a new store in a file under t.TempDir.
func SQLite(t testing.TB) *store.Store {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "khabar.db"))
}

// PostgresURL returns the URL of a fresh, empty schema on the test
// server, dropped when the test ends; it skips (or fails, when required)
// if no server is configured.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("KHABAR_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("KHABAR_REQUIRE_POSTGRES") == "1" {
			t.Fatal("KHABAR_TEST_POSTGRES is not set but KHABAR_REQUIRE_POSTGRES=1")
		}
		t.Skip("KHABAR_TEST_POSTGRES not set: PostgreSQL tests skipped")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	v := u.Query()
	v.Set("search_path", schema)
	u.RawQuery = v.Encode()
	return u.String()
}

// Postgres opens a new store in a fresh schema of the test server.
func Postgres(t testing.TB) *store.Store {
	t.Helper()
	return open(t, PostgresURL(t))
}

func open(t testing.TB, dsn string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
