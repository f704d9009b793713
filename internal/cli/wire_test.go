package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestWireCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "khabar.db")
	if r := runCLI(t, nil, "import", "--db", db, "--quiet", writeManyStories(t, 1)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := runCLI(t, nil, "wire", "add", "--db", db, "--format", "rss", "--credit", "ایسنا", "--every", "10m", "https://isna.example/rss")
	if r.code != 0 || strings.TrimSpace(r.stdout) != "1" {
		t.Fatalf("add: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, nil, "wire", "add", "--db", db, "https://mehr.example/feed"); r.code != 0 || strings.TrimSpace(r.stdout) != "2" {
		t.Fatalf("add without flags: %d %q %q", r.code, r.stdout, r.stderr)
	}
	for _, bad := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"https://isna.example/rss"}, 1, "پیش‌تر افزوده"},
		{[]string{"--format", "xml", "https://x.example/"}, 1, "قالب خوراک"},
		{[]string{"--every", "10s", "https://y.example/"}, 1, "یک دقیقه"},
		{[]string{"ftp://z.example/"}, 1, "http://"},
		{nil, 2, "name one feed"},
	} {
		args := append([]string{"wire", "add", "--db", db}, bad.args...)
		if r := runCLI(t, nil, args...); r.code != bad.code || !strings.Contains(r.stderr, bad.says) {
			t.Errorf("%v: %d %q, want %d and %q", bad.args, r.code, r.stderr, bad.code, bad.says)
		}
	}
	r = runCLI(t, nil, "wire", "list", "--db", db)
	for _, want := range []string{"ایسنا", "rss", "10m0s", "never read", "mehr.example", "auto", "https://isna.example/rss"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("list lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := runCLI(t, nil, "wire", "remove", "--db", db, "1"); r.code != 0 || !strings.Contains(r.stdout, "removed feed 1") {
		t.Errorf("remove: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, nil, "wire", "remove", "--db", db, "1"); r.code != 1 || !strings.Contains(r.stderr, "نیست") {
		t.Errorf("remove again: %d %q", r.code, r.stderr)
	}
	if r := runCLI(t, nil, "wire", "list", "--db", db); strings.Contains(r.stdout, "isna") {
		t.Errorf("removed feed still listed:\n%s", r.stdout)
	}
}
