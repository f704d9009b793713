package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The command line's papercuts: each gets a clear message, and nothing
// is replaced or created by mistake.
func TestCommandLinePapercuts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "khabar.db")
	if r := runCLI(t, nil, "import", "--db", db, "--quiet", writeManyStories(t, 3)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	empty := filepath.Join(dir, "empty.jsonl")
	os.WriteFile(empty, []byte("\n  \n"), 0o644)
	link := filepath.Join(dir, "link.jsonl")
	target := filepath.Join(dir, "target.txt")
	os.WriteFile(target, []byte("keep me"), 0o644)
	os.Symlink(target, link)
	tests := []struct {
		name string
		args []string
		code int
		says string
	}{
		{"export to a device", []string{"export", "--db", db, "-o", "/dev/null"}, 1, "not a regular file"},
		{"export to a symlink", []string{"export", "--db", db, "-o", link}, 1, "not a regular file"},
		{"export a mistyped database", []string{"export", "--db", filepath.Join(dir, "typo.db")}, 1, "no database at"},
		{"reindex a mistyped database", []string{"reindex", "--db", filepath.Join(dir, "typo.db")}, 1, "no database at"},
		{"mysql", []string{"import", "--db", "mysql://u@h/khabar", empty}, 1, "not mysql"},
		{"missing directory", []string{"import", "--db", filepath.Join(dir, "no", "such", "khabar.db"), empty}, 1, "does not exist"},
		{"empty file", []string{"import", "--db", db, empty}, 1, "holds no stories"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, nil, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.says) {
				t.Errorf("exit %d (want %d), stderr %q, want it to say %q", r.code, tt.code, r.stderr, tt.says)
			}
		})
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Error("export replaced the file a symlink points at")
	}
	if _, err := os.Stat(filepath.Join(dir, "typo.db")); err == nil {
		t.Error("a mistyped database was created")
	}
}
