package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

func runBackup(e *env, args []string) int {
	fs := flagSet(e, "backup", "")
	db := fs.String("db", "khabar.db", "SQLite file path (for PostgreSQL use pg_dump)")
	out := fs.String("o", "", "the backup file to write (replaced only when the copy is whole)")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if *out == "" {
		fmt.Fprintln(e.stderr, "khabar backup: say where to write the copy: -o FILE")
		return 2
	}
	if strings.HasPrefix(*db, "postgres://") || strings.HasPrefix(*db, "postgresql://") {
		fmt.Fprintln(e.stderr, "khabar backup: on PostgreSQL use pg_dump (see the README): pg_dump --format=custom -f FILE URL")
		return 1
	}
	if info, err := os.Lstat(*out); err == nil && !info.Mode().IsRegular() {
		fmt.Fprintf(e.stderr, "khabar backup: %s is not a regular file (%s)\n", *out, info.Mode().Type())
		return 1
	}
	ctx, st, stop, ok := e.openExisting(*db)
	if !ok {
		return 1
	}
	defer stop()
	defer st.Close()
	if err := st.Backup(ctx, *out); err != nil {
		fmt.Fprintln(e.stderr, "khabar backup:", err)
		return 1
	}
	n, err := st.StoryCount(ctx)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar backup:", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "backed up %s to %s (%d stories)\n", *db, *out, n)
	return 0
}

// runRestore puts a backup in place of a SQLite database: the backup is
// copied beside the target, checked (integrity, schema brought up to
// date) and only then renamed over it, so a bad backup never replaces a
// good database.
func runRestore(e *env, args []string) int {
	fs := flagSet(e, "restore", "BACKUP")
	db := fs.String("db", "khabar.db", "the SQLite file to restore into")
	force := fs.Bool("force", false, "replace the database if it exists (stop khabar serve first)")
	if code, ok := parse(e, fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "khabar restore: give one backup file: khabar restore --db khabar.db BACKUP")
		return 2
	}
	from := fs.Arg(0)
	if strings.Contains(*db, "://") && !strings.HasPrefix(*db, "sqlite://") {
		fmt.Fprintln(e.stderr, "khabar restore: on PostgreSQL use pg_restore (see the README)")
		return 1
	}
	target := strings.TrimPrefix(*db, "sqlite://")
	if info, err := os.Stat(from); err != nil || !info.Mode().IsRegular() {
		fmt.Fprintf(e.stderr, "khabar restore: no backup file at %s\n", from)
		return 1
	}
	if _, err := os.Lstat(target); err == nil && !*force {
		fmt.Fprintf(e.stderr, "khabar restore: %s exists; stop khabar serve and pass --force to replace it\n", target)
		return 1
	}
	tmp, err := copyBeside(from, target)
	if err != nil {
		fmt.Fprintln(e.stderr, "khabar restore:", err)
		return 1
	}
	defer os.Remove(tmp)
	ctx, st, stop, ok := e.open(tmp)
	if !ok {
		return 1
	}
	err = st.Check(ctx)
	n, cerr := st.StoryCount(ctx)
	st.Close()
	stop()
	if err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "khabar restore: %s is not a whole khabar database: %v\n", from, err)
		return 1
	}
	for _, side := range []string{"-wal", "-shm"} {
		os.Remove(target + side) // the old database's log must not be replayed into the new one
	}
	if err := os.Rename(tmp, target); err != nil {
		fmt.Fprintln(e.stderr, "khabar restore:", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "restored %s from %s (%d stories)\n", target, from, n)
	return 0
}

// copyBeside copies from into a new temporary file in target's folder
// and returns its name.
func copyBeside(from, target string) (string, error) {
	src, err := os.Open(from)
	if err != nil {
		return "", err
	}
	defer src.Close()
	dst, err := os.CreateTemp(filepath.Dir(target), ".khabar-restore-*")
	if err != nil {
		return "", err
	}
	_, err = io.Copy(dst, src)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst.Name())
		return "", err
	}
	return dst.Name(), nil
}
