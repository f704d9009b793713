package cli

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The demo edition goes with `khabar demo remove`, which says what it
// took, and never comes back into that database.
func TestDemoRemove(t *testing.T) {
	db := filepath.Join(t.TempDir(), "khabar.db")
	s := startServe(t, nil, "--db", db)
	if code := s.shutdown(t); code != 0 {
		t.Fatalf("serve exit %d", code)
	}
	loaded := storyCount(t, db)
	// An import of real stories says the demo is still there.
	file := filepath.Join(t.TempDir(), "one.json")
	if err := os.WriteFile(file, []byte(`{"uri":"urn:test:1","headlines":[{"role":"main","value":"نخستین خبر واقعی"}],"firstcreated":"2024-01-01T10:00:00Z"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, nil, "import", "--quiet", "--db", db, file); r.code != 0 || !strings.Contains(r.stdout, "khabar demo remove") {
		t.Errorf("import into a demo database: %d\n%s", r.code, r.stdout)
	}
	r := runCLI(t, nil, "demo", "remove", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "removed "+strconv.Itoa(loaded)+" demo stories") ||
		!strings.Contains(r.stdout, "sections no other story uses") || !strings.Contains(r.stdout, "(politics)") {
		t.Fatalf("demo remove: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	if n := storyCount(t, db); n != 1 {
		t.Fatalf("%d stories left, want the real one", n)
	}
	s = startServe(t, nil, "--db", db)
	if strings.Contains(s.stdout.String(), "loaded") {
		t.Errorf("the demo came back:\n%s", s.stdout)
	}
	s.shutdown(t)
	if r := runCLI(t, nil, "demo", "remove", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "no demo content") {
		t.Errorf("again: %d %s %s", r.code, r.stdout, r.stderr)
	}
	if r := runCLI(t, nil, "demo", "remove", "--db", filepath.Join(t.TempDir(), "missing.db")); r.code != 1 {
		t.Errorf("on a missing database: exit %d", r.code)
	}
	if r := runCLI(t, nil, "demo", "load"); r.code != 2 {
		t.Errorf("an unknown demo command: exit %d", r.code)
	}
}

var articleLink = regexp.MustCompile(`href="(/news/\d+/[^"]+)"`)

// Readers' views are counted in memory and flushed when serve stops.
func TestServeFlushesViewsWhenItStops(t *testing.T) {
	db := filepath.Join(t.TempDir(), "khabar.db")
	s := startServe(t, nil, "--db", db)
	_, home := get(t, s.url+"/")
	m := articleLink.FindStringSubmatch(home)
	if m == nil {
		t.Fatal("no article on the home page")
	}
	for range 3 {
		req, _ := http.NewRequest("GET", s.url+m[1], nil)
		req.Header.Set("User-Agent", "Mozilla/5.0 (Android 14; Mobile) Firefox/125.0")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	if code := s.shutdown(t); code != 0 {
		t.Fatalf("serve exit %d\n%s", code, s.stderr)
	}
	st := openStore(t, db)
	defer st.Close()
	code, _ := strconv.ParseInt(strings.Split(m[1], "/")[2], 10, 64)
	story, err := st.StoryByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	totals, err := st.ReadTotals(context.Background(), []int64{story.ID})
	if err != nil || totals[story.ID] != 3 {
		t.Fatalf("views after a clean stop: %v %v, want 3", totals, err)
	}
}
