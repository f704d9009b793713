package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"khabar/internal/news"
	"khabar/internal/ninjs/ninjstest"
	"khabar/internal/sharedtest"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

const modelPage = "../../../shared/seed/ilna-101870.txt"

// eachDB runs fn on SQLite and on PostgreSQL; newDB returns the --db
// value of a new, empty database each time it is called.
func eachDB(t *testing.T, fn func(t *testing.T, newDB func() string)) {
	t.Run("sqlite", func(t *testing.T) {
		n := 0
		fn(t, func() string {
			n++
			return filepath.Join(t.TempDir(), fmt.Sprintf("khabar-%d.db", n))
		})
	})
	t.Run("postgres", func(t *testing.T) {
		storetest.PostgresURL(t) // skips here, not halfway through fn
		fn(t, func() string { return storetest.PostgresURL(t) })
	})
}

func needModelPage(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(modelPage); err != nil {
		sharedtest.Missing(t, "model page", err)
	}
}

// openStore opens db for checking what a command left in it.
func openStore(t *testing.T, db string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatalf("open %s: %v", db, err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func storyCount(t *testing.T, db string) int {
	t.Helper()
	st := openStore(t, db)
	n, err := st.StoryCount(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	return n
}

// The lines of a small JSON Lines file: three good stories and three bad
// records, at the lines named in badLines.
var jsonLines = []string{
	`{"uri":"urn:khabar-test:baran","type":"text","versioncreated":"2023-10-26T13:15:00Z",` +
		`"headlines":[{"role":"main","value":"نخستین باران پاییزی به تهران رسید"}],` +
		`"descriptions":[{"role":"summary","value":"هواشناسی: بارش‌ها تا پایان هفته ادامه دارد."}],` +
		`"bodies":[{"role":"main","contenttype":"text/plain","value":"باران از بامداد امروز آغاز شد.\nآسمان تهران تا جمعه ابری است."}],` +
		`"subjects":[{"rel":"category","literal":"society","name":"جامعه"},{"rel":"keyword","name":"باران"}]}`,
	`{"uri":"urn:khabar-test:shekaste","headlines":[{"role":"main","value":"خبر نیمه‌کاره"`,
	`{"uri":"urn:khabar-test:bi-titr","bodies":[{"role":"main","value":"متنی بی‌تیتر"}]}`,
	`{"uri":"urn:khabar-test:futbal","type":"text","firstcreated":"2023-10-27T15:00:00Z","versioncreated":"2023-10-27T18:30:00Z",` +
		`"headlines":[{"role":"main","value":"پیروزی پرسپولیس در ورزشگاه آزادی"},{"role":"kicker","value":"لیگ برتر فوتبال"}],` +
		`"bodies":[{"role":"main","contenttype":"text/html","value":"<p>پرسپولیس با دو گل برد.</p><p>بازی بعدی هفتهٔ آینده است.</p>"}],` +
		`"subjects":[{"rel":"category","literal":"sport","name":"ورزشی"}],` +
		`"infosources":[{"name":"ایسنا","role":"source"}],"altids":[{"role":"newscode","value":"205000"}]}`,
	"{\"uri\":\"urn:khabar-test:kharab\",\"headlines\":[{\"role\":\"main\",\"value\":\"\xff\xfe \xd8\"}]}",
	`{"uri":"urn:khabar-test:ketab","versioncreated":"2023-10-28T08:00:00Z",` +
		`"headlines":[{"role":"main","value":"نمایشگاه کتاب تهران در اردیبهشت برگزار می‌شود"}],` +
		`"subjects":[{"rel":"category","literal":"culture","name":"فرهنگی"}]}`,
}

var badLines = []int{2, 3, 5}

func writeJSONLines(t *testing.T) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "stories.jsonl")
	if err := os.WriteFile(name, []byte(strings.Join(jsonLines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

var summary = regexp.MustCompile(`(?m)^imported (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) skipped, (\d+) failed, (\d+) warnings in `)

// importCounts is the summary line of an import.
type importCounts struct{ created, updated, unchanged, skipped, failed int }

// counts reads the summary line of an import: new, updated, failed.
func counts(t *testing.T, r result) (created, updated, failed int) {
	t.Helper()
	c := allCounts(t, r)
	return c.created, c.updated, c.failed
}

func allCounts(t *testing.T, r result) importCounts {
	t.Helper()
	m := summary.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no summary line on stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	var c importCounts
	for i, p := range []*int{&c.created, &c.updated, &c.unchanged, &c.skipped, &c.failed} {
		fmt.Sscan(m[i+1], p)
	}
	return c
}

func TestImport(t *testing.T) {
	needModelPage(t)
	eachDB(t, func(t *testing.T, newDB func() string) {
		ctx := context.Background()
		db, lines := newDB(), writeJSONLines(t)
		r := runCLI(t, nil, "import", "--db", db, modelPage, lines)
		if r.code != 1 {
			t.Errorf("exit %d, want 1 (some records failed)", r.code)
		}
		if c, u, f := counts(t, r); c != 4 || u != 0 || f != len(badLines) {
			t.Errorf("summary says %d new, %d updated, %d failed; want 4, 0, %d", c, u, f, len(badLines))
		}
		for _, n := range badLines {
			if want := fmt.Sprintf("%s:%d: ", lines, n); !strings.Contains(r.stderr, want) {
				t.Errorf("stderr does not report %q:\n%s", want, r.stderr)
			}
		}
		for _, n := range []int{1, 4, 6} {
			if bad := fmt.Sprintf("%s:%d: ", lines, n); strings.Contains(r.stderr, bad) {
				t.Errorf("good line reported: %q:\n%s", bad, r.stderr)
			}
		}
		for _, want := range []string{"تیتر خبر لازم است", "not valid UTF-8"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
			}
		}

		st := openStore(t, db)
		page, err := st.StoryByCode(ctx, 101870)
		if err != nil {
			t.Fatalf("model page not stored under its code: %v", err)
		}
		if page.Headline != "تاکید بر تسریع اجرایی شدن توافقات تهران-مسقط در حوزه ارتباطات" || page.Source != "نصر" {
			t.Errorf("model page stored as headline %q, source %q", page.Headline, page.Source)
		}
		futbal, err := st.StoryByURI(ctx, "urn:khabar-test:futbal")
		if err != nil {
			t.Fatal(err)
		}
		if futbal.Code != 205000 || futbal.Kicker != "لیگ برتر فوتبال" || futbal.Section.Slug != "sport" {
			t.Errorf("story with its own code stored as code %d, kicker %q, section %q", futbal.Code, futbal.Kicker, futbal.Section.Slug)
		}
		baran, err := st.StoryByURI(ctx, "urn:khabar-test:baran")
		if err != nil {
			t.Fatal(err)
		}
		if baran.Code <= 0 || baran.Code == 101870 || baran.Code == 205000 {
			t.Errorf("story without a code got %d", baran.Code)
		}
		for _, uri := range []string{"urn:khabar-test:shekaste", "urn:khabar-test:bi-titr", "urn:khabar-test:kharab"} {
			if _, err := st.StoryByURI(ctx, uri); err == nil {
				t.Errorf("bad record %s was stored", uri)
			}
		}
		st.Close()

		// Again: every good record is as it was, nothing new, codes kept.
		r = runCLI(t, nil, "import", "--db", db, "--quiet", lines, modelPage)
		if r.code != 1 {
			t.Errorf("second import: exit %d, want 1", r.code)
		}
		if c := allCounts(t, r); c != (importCounts{unchanged: 4, failed: len(badLines)}) {
			t.Errorf("second import says %+v; want 4 unchanged, %d failed", c, len(badLines))
		}
		if n := storyCount(t, db); n != 4 {
			t.Errorf("%d stories after importing twice, want 4", n)
		}
		st = openStore(t, db)
		if again, err := st.StoryByURI(ctx, "urn:khabar-test:baran"); err != nil || again.Code != baran.Code {
			t.Errorf("re-import changed the code of %s: %d → %v (%v)", baran.URI, baran.Code, again, err)
		}
		// An editor withdraws one: the next import leaves it so, and says.
		editor := &news.User{Name: "editor", Roles: news.Roles{news.RoleEditor}}
		if err := st.CreateUser(ctx, news.Actor{Name: "آزمون"}, editor, "x"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Unpublish(ctx, news.ActorOf(editor), baran.ID, 0); err != nil {
			t.Fatal(err)
		}
		st.Close()
		r = runCLI(t, nil, "import", "--db", db, "--quiet", lines)
		if c := allCounts(t, r); c.skipped != 1 || c.unchanged != 2 || !strings.Contains(r.stderr, "skipped: ویرایش‌شده در تحریریه") {
			t.Errorf("import after a withdrawal: %+v\n%s", c, r.stderr)
		}
		st = openStore(t, db)
		if again, _ := st.StoryByURI(ctx, baran.URI); again.Status != news.StatusUnpublished {
			t.Errorf("the import republished a withdrawn story: %s", again.Status)
		}
	})
}

func TestImportAllGoodExitsZero(t *testing.T) {
	db := filepath.Join(t.TempDir(), "khabar.db")
	name := filepath.Join(t.TempDir(), "good.jsonl")
	good := jsonLines[0] + "\n\n" + jsonLines[3] + "\n"
	if err := os.WriteFile(name, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "import", "--db", db, name)
	if r.code != 0 || r.stderr != "" {
		t.Errorf("exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	if c, u, f := counts(t, r); c != 2 || u != 0 || f != 0 {
		t.Errorf("summary says %d new, %d updated, %d failed; want 2, 0, 0", c, u, f)
	}
}

func TestImportMissingFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "khabar.db")
	lines := writeJSONLines(t)
	missing := filepath.Join(t.TempDir(), "nist.jsonl")
	r := runCLI(t, nil, "import", "--db", db, missing, lines)
	if r.code != 1 || !strings.Contains(r.stderr, missing) {
		t.Errorf("exit %d, stderr %q; want 1 naming %s", r.code, r.stderr, missing)
	}
	if n := storyCount(t, db); n != 3 {
		t.Errorf("%d stories stored, want the 3 good ones of the file that exists", n)
	}
}

func TestExportRoundTrip(t *testing.T) {
	needModelPage(t)
	eachDB(t, func(t *testing.T, newDB func() string) {
		dir := t.TempDir()
		first, second := newDB(), newDB()
		if r := runCLI(t, nil, "import", "--db", first, modelPage, writeJSONLines(t)); r.code != 1 {
			t.Fatalf("import: exit %d\n%s", r.code, r.stderr)
		}
		a, b := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
		if r := runCLI(t, nil, "export", "--db", first, "-o", a); r.code != 0 {
			t.Fatalf("export: exit %d\n%s", r.code, r.stderr)
		}
		r := runCLI(t, nil, "import", "--db", second, a)
		if r.code != 0 {
			t.Fatalf("import of the export: exit %d\n%s", r.code, r.stderr)
		}
		if c, _, _ := counts(t, r); c != 4 {
			t.Errorf("import of the export created %d stories, want 4", c)
		}
		if r := runCLI(t, nil, "export", "--db", second, "-o", b); r.code != 0 {
			t.Fatalf("second export: exit %d\n%s", r.code, r.stderr)
		}
		ab, _ := os.ReadFile(a)
		bb, _ := os.ReadFile(b)
		if !bytes.Equal(ab, bb) {
			t.Errorf("export → import → export changed the bytes:\n%s\n---\n%s", ab, bb)
		}

		// Every line carries its news code, in news-code order.
		var codes []string
		sc := bufio.NewScanner(bytes.NewReader(ab))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var it struct {
				URI    string `json:"uri"`
				AltIDs []struct{ Role, Value string }
			}
			if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
				t.Fatalf("export line is not JSON: %v\n%s", err, sc.Bytes())
			}
			ninjstest.Valid(t, sc.Bytes())
			code := ""
			for _, id := range it.AltIDs {
				if id.Role == "newscode" {
					code = id.Value
				}
			}
			if code == "" {
				t.Errorf("%s exported without a newscode altid", it.URI)
			}
			codes = append(codes, code)
		}
		if len(codes) != 4 {
			t.Errorf("export has %d lines, want 4", len(codes))
		}
		if !strings.Contains(string(ab), `{"role":"newscode","value":"101870"}`) {
			t.Errorf("model page exported without its code 101870")
		}
		for i := 1; i < len(codes); i++ {
			if len(codes[i]) < len(codes[i-1]) || len(codes[i]) == len(codes[i-1]) && codes[i] <= codes[i-1] {
				t.Errorf("export not in news-code order: %v", codes)
			}
		}

		// To standard output: the same bytes.
		r = runCLI(t, nil, "export", "--db", second)
		if r.code != 0 || r.stdout != string(ab) {
			t.Errorf("export to stdout: exit %d, %d bytes differing from the file's %d", r.code, len(r.stdout), len(ab))
		}
	})
}

func TestDBFromEnvironment(t *testing.T) {
	eachDB(t, func(t *testing.T, newDB func() string) {
		lines := writeJSONLines(t)
		fromEnv := newDB()
		vars := map[string]string{"KHABAR_DB": fromEnv}
		if r := runCLI(t, vars, "import", lines); r.code != 1 {
			t.Fatalf("import with KHABAR_DB: exit %d\n%s", r.code, r.stderr)
		}
		if n := storyCount(t, fromEnv); n != 3 {
			t.Errorf("KHABAR_DB database holds %d stories, want 3", n)
		}
		r := runCLI(t, vars, "export")
		if r.code != 0 || strings.Count(r.stdout, "\n") != 3 {
			t.Errorf("export with KHABAR_DB: exit %d, %d lines; want 0 and 3", r.code, strings.Count(r.stdout, "\n"))
		}

		// The flag wins over the variable.
		fromFlag := newDB()
		if r = runCLI(t, vars, "import", "--db", fromFlag, lines); r.code != 1 {
			t.Fatalf("import with --db: exit %d\n%s", r.code, r.stderr)
		}
		if c, u, _ := counts(t, r); c != 3 || u != 0 {
			t.Errorf("import with --db and KHABAR_DB: %d new, %d updated; want 3 new in the flag's database", c, u)
		}
		if n := storyCount(t, fromFlag); n != 3 {
			t.Errorf("--db database holds %d stories, want 3", n)
		}
		if n := storyCount(t, fromEnv); n != 3 {
			t.Errorf("KHABAR_DB database holds %d stories after an import to --db, want 3 as before", n)
		}
	})
}
