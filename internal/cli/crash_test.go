package cli

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store/storetest"
)

// crashStories is the size of the crash tests' import: a few seconds'
// work, long enough to be killed at several moments.
var crashStories = map[bool]int{false: 20000, true: 4000}[raceDetector]

const (
	// Every ownCodeEvery-th story arrives with its own news code, below
	// the first code khabar hands out so the two never meet.
	ownCodeEvery = 10
	// Every withheldEvery-th story is withheld: stored, never indexed.
	withheldEvery = 7
	// commonWord is in the body of every story.
	commonWord = "زعفران"
)

// writeManyStories writes n small ninjs stories as JSON Lines.
func writeManyStories(t *testing.T, n int) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "many.jsonl")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	sections := []string{`"literal":"economy","name":"اقتصادی"`, `"literal":"sport","name":"ورزشی"`, `"literal":"culture","name":"فرهنگی"`}
	for i := 1; i <= n; i++ {
		status, code := "", ""
		if i%withheldEvery == 0 {
			status = `"pubstatus":"withheld",`
		}
		if i%ownCodeEvery == 0 {
			code = fmt.Sprintf(`,"altids":[{"role":"newscode","value":"%d"}]`, i)
		}
		fmt.Fprintf(w, `{"uri":"urn:khabar-crash:%d",%s"versioncreated":"2023-10-26T10:%02d:00Z",`+
			`"headlines":[{"role":"main","value":"گزارش شمارهٔ %d از بازار تهران"}],`+
			`"bodies":[{"role":"main","contenttype":"text/plain","value":"قیمت %s در بازار امروز ثابت ماند.\nبازرگانان از فروش راضی‌اند."}],`+
			`"subjects":[{"rel":"category",%s},{"rel":"keyword","name":"بازار"},{"rel":"keyword","name":"قیمت"}]%s}`+"\n",
			i, status, i%60, i, commonWord, sections[i%len(sections)], code)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return name
}

// khabar returns a command running this test binary as khabar (see
// TestMain).
func khabar(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), runAsKhabar+"=1")
	return cmd
}

// TestImportKilled kills `khabar import` (kill -9) at several moments,
// on SQLite and PostgreSQL, and checks after each that the database
// holds whole stories only, with codes neither duplicated nor reused,
// and a search index that agrees with them; then it lets the import
// finish, each story once.
func TestImportKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a 20,000-story import: not in -short")
	}
	eachDB(t, testImportKilled)
}

func testImportKilled(t *testing.T, newDB func() string) {
	db := newDB()
	n := crashStories
	if strings.HasPrefix(db, "postgres") {
		n /= 4 // as many seconds' work: PostgreSQL stores fewer a second
	}
	file := writeManyStories(t, n)
	codes := map[string]int64{} // every uri → code seen stored so far

	for _, after := range []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, 700 * time.Millisecond, 1200 * time.Millisecond, 2 * time.Second} {
		if raceDetector {
			after *= 4 // the import starts and runs that much slower
		}
		cmd := khabar(t, "import", "--db", db, "--quiet", file)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		if cmd.ProcessState.Success() {
			t.Logf("import finished before the kill at %v", after)
		} else if stderr.Len() > 0 {
			t.Errorf("killed import (%v) wrote to stderr before the kill:\n%s", err, stderr.String())
		}
		t.Logf("killed after %v: %d stories whole", after, checkImported(t, db, codes))
	}

	out, err := khabar(t, "import", "--db", db, "--quiet", file).CombinedOutput()
	if err != nil {
		t.Fatalf("import to the end: %v\n%s", err, out)
	}
	if m := summary.FindSubmatch(out); m == nil {
		t.Errorf("no summary after the last import:\n%s", out)
	}
	if got := checkImported(t, db, codes); got != n {
		t.Errorf("%d stories after a whole import, want %d (one per uri)", got, n)
	}
}

// checkImported checks what the crash test's imports left in db and
// records the code of every uri in codes, failing if one changed since
// it was last seen. It returns the number of stories.
func checkImported(t *testing.T, db string, codes map[string]int64) int {
	t.Helper()
	ctx := context.Background()
	st := openStore(t, db) // recovers the write-ahead log and finishes migrations
	defer st.Close()
	raw := storetest.SQL(t, db)
	count := func(query string) int {
		t.Helper()
		var n int
		if err := raw.QueryRowContext(ctx, query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}

	stories := count(`SELECT count(*) FROM stories`)
	// The search index's own tables: FTS5 rows on SQLite, postings on
	// PostgreSQL, one entry in search_docs each story.
	index := []struct{ what, query string }{
		{"search rows without an entry", `SELECT count(*) FROM search_fts WHERE rowid NOT IN (SELECT story_id FROM search_docs)`},
		{"entries without search rows", `SELECT count(*) FROM search_docs WHERE story_id NOT IN (SELECT rowid FROM search_fts)`},
		{"search rows more or fewer than entries", `SELECT abs((SELECT count(*) FROM search_fts) - (SELECT count(*) FROM search_docs))`},
		{"search rows with a null rowid", `SELECT count(*) FROM search_fts WHERE rowid IS NULL`},
	}
	if strings.HasPrefix(db, "postgres") {
		index = []struct{ what, query string }{
			{"postings without an entry", `SELECT count(*) FROM search_postings WHERE story_id NOT IN (SELECT story_id FROM search_docs)`},
			{"entries without postings", `SELECT count(*) FROM search_docs WHERE story_id NOT IN (SELECT story_id FROM search_postings)`},
		}
	}
	for _, c := range append([]struct{ what, query string }{
		{"stories without a headline", `SELECT count(*) FROM stories WHERE trim(headline) = ''`},
		{"stories without a body", `SELECT count(*) FROM stories WHERE body NOT LIKE '%` + commonWord + `%'`},
		{"stories in a missing section", `SELECT count(*) FROM stories WHERE section_id NOT IN (SELECT id FROM sections)`},
		{"stories whose code is not in news_codes", `SELECT count(*) FROM stories WHERE code NOT IN (SELECT code FROM news_codes)`},
		{"stories sharing a code", `SELECT count(code) - count(DISTINCT code) FROM stories`},
		{"published stories without a code", `SELECT count(*) FROM stories WHERE status = 'published' AND code IS NULL`},
		{"stories without their current revision", `SELECT count(*) FROM stories s WHERE NOT EXISTS
			(SELECT 1 FROM story_revisions r WHERE r.story_id = s.id AND r.rev = s.revision)`},
		{"revisions of missing stories", `SELECT count(*) FROM story_revisions WHERE story_id NOT IN (SELECT id FROM stories)`},
		{"changes the counter has not given out", `SELECT count(*) FROM changes WHERE id > (SELECT last FROM change_counter)`},
		{"stories sharing a uri", `SELECT count(*) - count(DISTINCT uri) FROM stories`},
		{"stories without both tags", `SELECT count(*) FROM stories s WHERE (SELECT count(*) FROM story_tags WHERE story_id = s.id) != 2`},
		{"tags of missing stories", `SELECT count(*) FROM story_tags WHERE story_id NOT IN (SELECT id FROM stories)`},
		{"codes the counter would hand out again", `SELECT count(*) FROM news_codes WHERE code >= (SELECT next_code FROM news_code_counter)`},
		{"index entries of missing or unpublished stories", `SELECT count(*) FROM search_docs WHERE story_id NOT IN (SELECT id FROM stories WHERE status = 'published')`},
		{"published stories missing from the index", `SELECT count(*) FROM stories WHERE status = 'published' AND id NOT IN (SELECT story_id FROM search_docs)`},
	}, index...) {
		if n := count(c.query); n != 0 {
			t.Errorf("%d %s (of %d)", n, c.what, stories)
		}
	}

	// What a reader sees: a word every story has finds every published one.
	published := count(`SELECT count(*) FROM stories WHERE status = 'published'`)
	res, err := st.Search(ctx, news.SearchQuery{Text: commonWord, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != published {
		t.Errorf("search for %s finds %d stories, want the %d published", commonWord, res.Total, published)
	}

	rows, err := raw.QueryContext(ctx, `SELECT uri, code FROM stories`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	byCode := map[int64]string{}
	for uri, code := range codes {
		byCode[code] = uri
	}
	for rows.Next() {
		var uri string
		var nc sql.NullInt64
		if err := rows.Scan(&uri, &nc); err != nil {
			t.Fatal(err)
		}
		if !nc.Valid {
			continue // withheld, never published: no code yet
		}
		code := nc.Int64
		if old, ok := codes[uri]; ok && old != code {
			t.Errorf("%s had code %d, now %d", uri, old, code)
		}
		if other, ok := byCode[code]; ok && other != uri {
			t.Errorf("code %d of %s reused for %s", code, other, uri)
		}
		var i int64
		if _, err := fmt.Sscanf(uri, "urn:khabar-crash:%d", &i); err == nil && i%ownCodeEvery == 0 && code != i {
			t.Errorf("%s came with code %d, stored with %d", uri, i, code)
		}
		codes[uri] = code
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return stories
}

// TestImportInterrupted stops an import with SIGINT, as Ctrl-C does: it
// says once that it was interrupted, not once per story, exits 1, and
// leaves whole stories that a second run completes.
func TestImportInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("interrupts a 20,000-story import: not in -short")
	}
	db := filepath.Join(t.TempDir(), "khabar.db")
	file := writeManyStories(t, crashStories)
	cmd := khabar(t, "import", "--db", db, "--quiet", file)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once stories are being stored: after the first batch.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		if n, err := countStories(db); err == nil && n > 0 {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("interrupted import: exit %d, want 1\n%s", code, stderr.String())
	}
	if !summary.Match(stdout.Bytes()) {
		t.Errorf("interrupted import printed no summary:\n%s", stdout.String())
	}
	if lines := strings.Count(stderr.String(), "\n"); lines != 1 || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("interrupted import wrote %d lines to stderr, want one saying so:\n%.2000s", lines, stderr.String())
	}
	codes := map[string]int64{}
	if n := checkImported(t, db, codes); n == 0 || n == crashStories {
		t.Logf("interrupt landed outside the import: %d stories stored", n)
	}
	out, err := khabar(t, "import", "--db", db, "--quiet", file).CombinedOutput()
	if err != nil {
		t.Fatalf("import after the interrupt: %v\n%s", err, out)
	}
	if n := checkImported(t, db, codes); n != crashStories {
		t.Errorf("%d stories after finishing the import, want %d", n, crashStories)
	}
}

// countStories counts the stories in db while another process may be
// writing to it, without migrating or creating anything.
func countStories(db string) (int, error) {
	if _, err := os.Stat(db); err != nil {
		return 0, err
	}
	raw, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(1000)")
	if err != nil {
		return 0, err
	}
	defer raw.Close()
	var n int
	err = raw.QueryRow(`SELECT count(*) FROM stories`).Scan(&n)
	return n, err
}
