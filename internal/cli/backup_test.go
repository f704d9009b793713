package cli

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"khabar/internal/news"
	"khabar/internal/store"
)

// A backup taken by `khabar backup` while the newsroom saves stories
// and readers post comments is a whole database; one taken when they
// stop, restored by `khabar restore`, holds every row of every table —
// stories, revisions, comments, users, the change log — as the source.
func TestBackupWhileWritingAndRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "khabar.db")
	if r := runCLI(t, nil, "import", "--db", db, "--quiet", writeManyStories(t, 300)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	ctx := context.Background()
	st := openStore(t, db)
	ids := storyIDs(t, db)

	// The newsroom and the readers at work.
	stopWriting := make(chan struct{})
	var wg sync.WaitGroup
	var saves, comments atomic.Int64
	writeErr := make(chan error, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stopWriting:
				return
			default:
			}
			cur, err := st.StoryByID(ctx, ids[i%len(ids)])
			if err != nil {
				writeErr <- err
				return
			}
			c := news.ContentOf(cur)
			c.Headline = fmt.Sprintf("%s (ویرایش %d)", strings.Split(c.Headline, " (")[0], i)
			if _, err := st.SaveStory(ctx, news.Actor{Name: "ویراستار آزمون", Roles: news.Roles{news.RoleEditor}}, cur.ID, cur.Revision, c); err != nil {
				writeErr <- err
				return
			}
			saves.Add(1)
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stopWriting:
				return
			default:
			}
			d, err := news.CommentDraft{Name: "خواننده", Text: fmt.Sprintf("نظر شمارهٔ %d دربارهٔ این خبر", i)}.Clean()
			if err == nil {
				_, err = st.AddComment(ctx, news.CommentPost{StoryID: ids[i%len(ids)], Draft: d, IP: "192.0.2.7"})
			}
			if err != nil {
				writeErr <- err
				return
			}
			comments.Add(1)
		}
	}()

	online := filepath.Join(dir, "online.db")
	for range 3 { // several copies, each at a different moment of the writing
		out, err := khabar(t, "backup", "--db", db, "-o", online).CombinedOutput()
		if err != nil {
			t.Fatalf("backup while writing: %v\n%s", err, out)
		}
		restored := filepath.Join(dir, "online-restored.db")
		if r := runCLI(t, nil, "restore", "--db", restored, "--force", online); r.code != 0 {
			t.Fatalf("restore of the online backup: %s", r.stderr)
		}
		checkWhole(t, restored)
	}
	close(stopWriting)
	wg.Wait()
	close(writeErr)
	for err := range writeErr {
		t.Fatalf("writing during the backup: %v", err)
	}
	t.Logf("%d saves and %d comments written during three online backups", saves.Load(), comments.Load())
	if saves.Load() == 0 || comments.Load() == 0 {
		t.Fatal("nothing was written while the backups ran")
	}

	final := filepath.Join(dir, "final.db")
	if r := runCLI(t, nil, "backup", "--db", db, "-o", final); r.code != 0 || !strings.Contains(r.stdout, "300 stories") {
		t.Fatalf("backup: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	restored := filepath.Join(dir, "restored.db")
	if r := runCLI(t, nil, "restore", "--db", restored, final); r.code != 0 {
		t.Fatalf("restore: %s", r.stderr)
	}
	if r := runCLI(t, nil, "restore", "--db", restored, final); r.code != 1 || !strings.Contains(r.stderr, "--force") {
		t.Errorf("restore over an existing database without --force: exit %d, %q", r.code, r.stderr)
	}
	want, got := tableRows(t, db), tableRows(t, restored)
	for table, rows := range want {
		if !slices.Equal(rows, got[table]) {
			t.Errorf("table %s: %d rows in the source, %d after restore, or they differ", table, len(rows), len(got[table]))
		}
	}
	for _, table := range []string{"stories", "story_revisions", "comments"} {
		if len(got[table]) == 0 {
			t.Errorf("no rows of %s restored", table)
		}
	}
	t.Logf("restored %d tables: %d stories, %d revisions, %d comments", len(got), len(got["stories"]), len(got["story_revisions"]), len(got["comments"]))

	// A file that is not a khabar database replaces nothing.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database"), 0o644)
	if r := runCLI(t, nil, "restore", "--db", restored, "--force", junk); r.code != 1 {
		t.Errorf("restore of a junk file: exit %d", r.code)
	}
	if after := tableRows(t, restored); !slices.Equal(after["stories"], got["stories"]) {
		t.Error("a failed restore changed the database")
	}
	if r := runCLI(t, nil, "backup", "--db", "postgres://u@127.0.0.1/khabar", "-o", final); r.code != 1 || !strings.Contains(r.stderr, "pg_dump") {
		t.Errorf("backup of PostgreSQL: exit %d, %q; want it to point to pg_dump", r.code, r.stderr)
	}
}

// storyIDs returns the ids of db's published stories.
func storyIDs(t *testing.T, db string) []int64 {
	t.Helper()
	raw := rawDB(t, db)
	rows, err := raw.Query(`SELECT id FROM stories WHERE status = 'published' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	return ids
}

// checkWhole fails unless db passes the integrity check and every story
// has its current revision.
func checkWhole(t *testing.T, db string) {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	var n int
	rawDB(t, db).QueryRow(`SELECT count(*) FROM stories s WHERE NOT EXISTS
		(SELECT 1 FROM story_revisions r WHERE r.story_id = s.id AND r.rev = s.revision)`).Scan(&n)
	if n != 0 {
		t.Errorf("%d stories without their current revision in a backup", n)
	}
}

func rawDB(t *testing.T, db string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// tableRows returns every row of every table of db, each as text,
// sorted, by table.
func tableRows(t *testing.T, db string) map[string][]string {
	t.Helper()
	raw := rawDB(t, db)
	rows, err := raw.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	all := map[string][]string{}
	for _, table := range tables {
		rows, err := raw.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		list := []string{}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			list = append(list, fmt.Sprintf("%q", vals))
		}
		rows.Close()
		slices.Sort(list)
		all[table] = list
	}
	return all
}
