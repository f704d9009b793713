package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"khabar/internal/store/storetest"
)

// TestDatabaseFull serves and imports into a SQLite database with no
// room left (SQLite's page limit set just past its size: the same
// SQLITE_FULL a full disk gives). A story saved or published through
// the newsroom API gets a 503 saying in Persian that the database is
// full and nothing was stored, and nothing was: no story, no revision,
// no news code used up; the site and the newsroom go on answering reads.
// `khabar import` stops at once with a clear message and exit 1, storing
// no part of a story. Once there is room, the story refused publishes
// with the code it would have had.
func TestDatabaseFull(t *testing.T) {
	db, token := newsroomDB(t, 30)
	// A long report: a few hundred kilobytes, as a full text of a
	// speech is.
	long := "<p>" + strings.Repeat("رئیس سازمان برنامه و بودجه در نشست امروز مجلس از لایحهٔ بودجهٔ سال آینده دفاع کرد و گفت سهم عمرانی افزایش می‌یابد. ", 2500) + "</p>"
	story := map[string]any{"section": "economy", "headline": "متن کامل سخنرانی رئیس سازمان برنامه", "lead": "لید خبر.", "body": long}

	s := startServe(t, nil, "--db", db, "--no-demo")
	client := &http.Client{Timeout: 10 * time.Second}
	var draft struct {
		ID   int64 `json:"id"`
		Code int64 `json:"code"`
	}
	if code, body := apiSend(t, client, token, "POST", s.url+"/api/v1/newsroom/stories", story, &draft); code != 201 && code != 200 {
		t.Fatalf("draft while there is room: %d %s", code, body)
	}
	s.shutdown(t)

	raw := storetest.SQL(t, db)
	num := func(query string) int64 {
		t.Helper()
		var n int64
		if err := raw.QueryRow(query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	if _, err := raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	pages := num(`PRAGMA page_count`)
	counts := func() string {
		return fmt.Sprintf("%d stories, %d revisions, %d news codes, next code %d, %d indexed", num(`SELECT count(*) FROM stories`),
			num(`SELECT count(*) FROM story_revisions`), num(`SELECT count(*) FROM news_codes`),
			num(`SELECT next_code FROM news_code_counter`), num(`SELECT count(*) FROM search_docs`))
	}
	before := counts()
	next := num(`SELECT next_code FROM news_code_counter`)
	full := fmt.Sprintf("%s?_pragma=max_page_count(%d)", db, pages+16) // 64 KB of room

	s = startServe(t, nil, "--db", full, "--no-demo")
	says := "جای خالی ندارد"
	refused := func(what, method, url string, body any) {
		t.Helper()
		var e struct{ Error string }
		res, b := apiDo(t, client, token, method, url, body, &e)
		if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(e.Error, says) || res.Header.Get("Retry-After") == "" {
			t.Errorf("%s in a full database: %d %s (Retry-After %q), want 503 saying %q", what, res.StatusCode, b, res.Header.Get("Retry-After"), says)
		}
		t.Logf("%s in a full database: %d %s", what, res.StatusCode, e.Error)
	}
	refused("a new story", "POST", s.url+"/api/v1/newsroom/stories", story)
	refused("publishing", "POST", fmt.Sprintf("%s/api/v1/newsroom/stories/%d/transitions", s.url, draft.ID), map[string]any{"to": "published"})
	readsAnswered(t, client, s.url, token, "full")
	if code := s.shutdown(t); code != 0 {
		t.Errorf("serve on a full database exited %d\n%s", code, s.stderr)
	}
	if after := counts(); after != before {
		t.Errorf("the refused writes left something: before %s; after %s", before, after)
	}

	// An import into the full database stops at the first story refused.
	r := runCLI(t, nil, "import", "--db", full, "--quiet", writeLongStories(t, 40, long))
	if r.code != 1 || !strings.Contains(r.stderr, "stopped: the database refuses writes") || !strings.Contains(r.stderr, "full") ||
		strings.Count(r.stderr, "\n") > 3 {
		t.Errorf("import into a full database: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	t.Logf("import into a full database: exit %d: %s", r.code, strings.TrimSpace(r.stderr))
	if after := counts(); after != before {
		t.Errorf("the refused import left something: before %s; after %s", before, after)
	}

	// With room again, the story refused publishes with the next code.
	s = startServe(t, nil, "--db", db, "--no-demo")
	var pub struct {
		Code  int64  `json:"code"`
		State string `json:"state"`
	}
	if code, body := apiSend(t, client, token, "POST", fmt.Sprintf("%s/api/v1/newsroom/stories/%d/transitions", s.url, draft.ID),
		map[string]any{"to": "published"}, &pub); code != 200 || pub.Code != next {
		t.Errorf("publishing with room again: %d %s, code %d, want %d (none used up by the refusals)", code, body, pub.Code, next)
	}
	s.shutdown(t)
}

// newsroomDB is a SQLite database holding n imported stories and an
// editor, and the editor's API token.
func newsroomDB(t *testing.T, n int) (db, token string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "khabar.db")
	if r := runCLI(t, nil, "import", "--db", db, "--quiet", writeManyStories(t, n)); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	st := openStore(t, db)
	defer st.Close()
	return db, editorToken(t, st)
}

// readsAnswered checks that the site, the ninjs API and the newsroom's
// story list are read as before from a database that takes no writes.
func readsAnswered(t *testing.T, client *http.Client, site, token, state string) {
	t.Helper()
	for _, path := range []string{"/", "/api/v1/news", "/api/v1/newsroom/stories"} {
		req, _ := http.NewRequest("GET", site+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("GET %s with the database %s: %d, want it read as before", path, state, res.StatusCode)
		}
	}
}

// apiSend sends a JSON request with the token, decodes the answer into
// out and returns its status and body.
func apiSend(t *testing.T, client *http.Client, token, method, url string, body, out any) (int, string) {
	t.Helper()
	res, b := apiDo(t, client, token, method, url, body, out)
	return res.StatusCode, b
}

// apiDo is apiSend returning the whole response (its body read).
func apiDo(t *testing.T, client *http.Client, token, method, url string, body, out any) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, bytes.NewReader(mustJSON(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	json.Unmarshal(b, out)
	return res, string(b)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// writeLongStories writes n ninjs stories with the given HTML body as
// JSON Lines.
func writeLongStories(t *testing.T, n int, body string) string {
	t.Helper()
	var b bytes.Buffer
	for i := 1; i <= n; i++ {
		line, _ := json.Marshal(map[string]any{
			"uri": fmt.Sprintf("urn:khabar-full:%d", i), "versioncreated": "2023-10-26T10:00:00Z",
			"headlines": []any{map[string]any{"role": "main", "value": fmt.Sprintf("سخنرانی شمارهٔ %d", i)}},
			"bodies":    []any{map[string]any{"role": "main", "contenttype": "text/html", "value": body}},
			"subjects":  []any{map[string]any{"rel": "category", "literal": "economy", "name": "اقتصادی"}},
		})
		b.Write(line)
		b.WriteByte('\n')
	}
	name := filepath.Join(t.TempDir(), "long.jsonl")
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestDatabaseReadOnly serves a SQLite database opened read-only (as a
// file on a volume mounted read-only is): the site and the newsroom go
// on answering reads, a story saved through the newsroom API gets a 503
// saying in Persian that the database is read-only and nothing was
// stored, and nothing was; `khabar import` stops at once with exit 1.
func TestDatabaseReadOnly(t *testing.T) {
	db, token := newsroomDB(t, 20)
	raw := storetest.SQL(t, db)
	if _, err := raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	counts := func() string {
		var stories, revisions, next int64
		if err := raw.QueryRow(`SELECT (SELECT count(*) FROM stories), (SELECT count(*) FROM story_revisions),
			(SELECT next_code FROM news_code_counter)`).Scan(&stories, &revisions, &next); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%d stories, %d revisions, next code %d", stories, revisions, next)
	}
	before := counts()
	ro := db + "?mode=ro"

	s := startServe(t, nil, "--db", ro, "--no-demo")
	client := &http.Client{Timeout: 10 * time.Second}
	var e struct{ Error string }
	res, b := apiDo(t, client, token, "POST", s.url+"/api/v1/newsroom/stories",
		map[string]any{"section": "economy", "headline": "بازگشایی بازار سرپوشیدهٔ تبریز", "lead": "لید خبر.", "body": "<p>متن خبر.</p>"}, &e)
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(e.Error, "فقط‌خواندنی") {
		t.Errorf("a new story in a read-only database: %d %s, want 503 saying it is read-only", res.StatusCode, b)
	}
	t.Logf("a new story in a read-only database: %d %s", res.StatusCode, e.Error)
	readsAnswered(t, client, s.url, token, "read-only")
	if code := s.shutdown(t); code != 0 {
		t.Errorf("serve on a read-only database exited %d\n%s", code, s.stderr)
	}

	r := runCLI(t, nil, "import", "--db", ro, "--quiet", writeLongStories(t, 5, "<p>متن کوتاه خبر.</p>"))
	if r.code != 1 || !strings.Contains(r.stderr, "refuses writes") {
		t.Errorf("import into a read-only database: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if after := counts(); after != before {
		t.Errorf("the refused writes left something: before %s; after %s", before, after)
	}
}
