package cli

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"khabar/internal/auth"
	"khabar/internal/news"
	"khabar/internal/store"
)

// TestPublishingKilled kills `khabar serve` (kill -9) while editors
// create and publish stories through the newsroom API, three times
// (each once publications flow, at a different delay), on
// SQLite and PostgreSQL. After each kill: every publication khabar
// acknowledged is there, published, with the code it was given; no story
// lacks its current revision; no code is shared, and none is handed out
// again after the restart.
func TestPublishingKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills khabar serve mid-publishing: not in -short")
	}
	eachDB(t, testPublishingKilled)
}

func testPublishingKilled(t *testing.T, newDB func() string) {
	db := newDB()
	ctx := context.Background()
	st := openStore(t, db)
	if err := st.AddSection(ctx, news.Actor{Name: "آزمون"}, &news.Section{Slug: "economy", Name: "اقتصادی"}); err != nil {
		t.Fatal(err)
	}
	token := editorToken(t, st)
	st.Close()

	acked := map[int64]int64{} // story id → the code its acknowledged publication gave
	var mu sync.Mutex
	total := 0
	for round, after := range []time.Duration{0, 300 * time.Millisecond, 700 * time.Millisecond} {
		cmd := khabar(t, "serve", "--addr", "127.0.0.1:0", "--db", db, "--no-demo")
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		url := ""
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingURL.FindStringSubmatch(sc.Text() + " "); m != nil {
				url = m[1]
				break
			}
		}
		go io.Copy(io.Discard, stdout)
		if url == "" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: serve printed no address", round)
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				client := &http.Client{Timeout: 10 * time.Second}
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					var s struct {
						ID   int64 `json:"id"`
						Code int64 `json:"code"`
					}
					headline := fmt.Sprintf("خبر دور %d، دبیر %d، شمارهٔ %d", round, w, i)
					if !apiCall(client, token, "POST", url+"/api/v1/newsroom/stories",
						map[string]any{"section": "economy", "headline": headline, "lead": "لید خبر.", "body": "<p>متن خبر.</p>"}, &s) {
						continue
					}
					if apiCall(client, token, "POST", fmt.Sprintf("%s/api/v1/newsroom/stories/%d/transitions", url, s.ID),
						map[string]any{"to": "published"}, &s) && s.Code > 0 {
						mu.Lock()
						acked[s.ID] = s.Code
						mu.Unlock()
					}
				}
			}()
		}
		// Killed once this round has seen publications acknowledged (on a
		// busy machine serve may take a while to get going), and then
		// after a different delay each round.
		mu.Lock()
		want := len(acked) + 5
		mu.Unlock()
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			mu.Lock()
			n := len(acked)
			mu.Unlock()
			if n >= want {
				break
			}
		}
		time.Sleep(after)
		cmd.Process.Kill()
		cmd.Wait()
		close(stop)
		wg.Wait()
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		total = checkPublished(t, db, acked)
		t.Logf("round %d, killed %v after five publications: %d acknowledged so far, %d stories whole", round, after, n, total)
	}
	if len(acked) == 0 {
		t.Fatal("no publication was acknowledged before the kills")
	}
}

// editorToken makes an editor and returns an API token of theirs.
func editorToken(t *testing.T, st *store.Store) string {
	t.Helper()
	ctx := context.Background()
	editor := &news.User{Name: "dabir", DisplayName: "دبیر آزمون", Roles: news.Roles{news.RoleEditor}}
	if err := st.CreateUser(ctx, news.Actor{Name: "آزمون"}, editor, auth.HashPassword("گذرواژهٔ دبیر آزمون", auth.Params{Memory: 64, Time: 1, Threads: 1})); err != nil {
		t.Fatal(err)
	}
	token := auth.NewToken()
	if err := st.CreateToken(ctx, news.Actor{Name: "آزمون"}, editor.ID, auth.Digest(token)); err != nil {
		t.Fatal(err)
	}
	return token
}

// apiCall sends a JSON request with the token and decodes a 2xx answer
// into out; it reports whether it got one.
func apiCall(client *http.Client, token, method, url string, body, out any) bool {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		return false
	}
	return json.NewDecoder(res.Body).Decode(out) == nil
}

// checkPublished checks the database after a kill and returns how many
// stories it holds.
func checkPublished(t *testing.T, db string, acked map[int64]int64) int {
	t.Helper()
	ctx := context.Background()
	st := openStore(t, db) // recovers and migrates as serve would
	defer st.Close()
	for id, code := range acked {
		s, err := st.StoryByID(ctx, id)
		if err != nil {
			t.Errorf("story %d, published with code %d and acknowledged, is gone: %v", id, code, err)
			continue
		}
		if s.Status != news.StatusPublished || s.Code != code {
			t.Errorf("story %d was acknowledged published with code %d; now %s with code %d", id, code, s.Status, s.Code)
		}
	}
	driver, dsn := "sqlite", "file:"+db+"?_pragma=busy_timeout(5000)"
	if strings.HasPrefix(db, "postgres") {
		driver, dsn = "pgx", db
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	count := func(query string) int {
		t.Helper()
		var n int
		if err := raw.QueryRowContext(ctx, query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	for _, c := range []struct{ what, query string }{
		{"stories without a headline", `SELECT count(*) FROM stories WHERE trim(headline) = ''`},
		{"stories without their current revision", `SELECT count(*) FROM stories s WHERE NOT EXISTS
			(SELECT 1 FROM story_revisions r WHERE r.story_id = s.id AND r.rev = s.revision)`},
		{"revisions past their story's", `SELECT count(*) FROM story_revisions r JOIN stories s ON s.id = r.story_id WHERE r.rev > s.revision`},
		{"stories sharing a code", `SELECT count(code) - count(DISTINCT code) FROM stories`},
		{"published stories without a code", `SELECT count(*) FROM stories WHERE status = 'published' AND code IS NULL`},
		{"stories whose code is not in news_codes", `SELECT count(*) FROM stories WHERE code IS NOT NULL AND code NOT IN (SELECT code FROM news_codes)`},
		{"codes the counter would hand out again", `SELECT count(*) FROM news_codes WHERE code >= (SELECT next_code FROM news_code_counter)`},
	} {
		if n := count(c.query); n != 0 {
			t.Errorf("%d %s", n, c.what)
		}
	}
	return count(`SELECT count(*) FROM stories`)
}
