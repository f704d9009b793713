package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store/storetest"
)

// The wire crash test serves wireCrashFeeds feeds of wireFeedItems
// items each, as many as khabar reads of one answer: storing a poll
// takes the better part of a second, long enough to be killed in.
const wireFeedItems = 1000

var wireCrashFeeds = map[bool]int{false: 3, true: 2}[raceDetector]

// wireWord is in the body of every item of the crash test's feed.
const wireWord = "زعفران"

// wireCrashFeed writes an RSS feed of the items numbered from to to,
// each a different report (no two alike enough to be taken for one),
// with a GUID of its own.
func wireCrashFeed(from, to int) []byte {
	cities := []string{"تبریز", "مشهد", "شیراز", "اصفهان", "رشت", "کرمان", "یزد", "اهواز", "سنندج", "زاهدان", "بندرعباس"}
	goods := []string{"گندم", "برنج", "چای", "پسته", "خرما", "انار", "سیب", "کشمش", "گردو", "عسل", "پنبه", "جو", "ذرت"}
	verbs := []string{"افزایش یافت", "کاهش یافت", "ثابت ماند", "دو برابر شد", "به نصف رسید"}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>خبرگزاری آزمون</title><link>https://azmoon.example/</link><description>خبرهای بازار</description>`)
	for i := from; i <= to; i++ {
		city, good, verb := cities[i%len(cities)], goods[(i/len(cities))%len(goods)], verbs[i%len(verbs)]
		fmt.Fprintf(&b, `<item><title>گزارش %d: قیمت %s در %s %s</title><link>https://azmoon.example/news/%d</link>`+
			`<guid>https://azmoon.example/news/%d</guid><description>به گزارش خبرنگار ما از %s، قیمت هر کیلو %s در بازار امروز %s. `+
			`فروشندگان %s می‌گویند خریداران شمارهٔ %d از صبح صف کشیده بودند و %s نیز کمیاب شده است.</description>`+
			`<pubDate>Thu, 26 Oct 2023 13:15:00 +0330</pubDate></item>`,
			i, good, city, verb, i, i, city, good, verb, good, i*7+3, wireWord)
	}
	b.WriteString(`</channel></rss>`)
	return b.Bytes()
}

// TestWirePollKilled kills `khabar serve` (kill -9) while its wire
// poller stores three feeds of a thousand items each, three times, on
// SQLite and PostgreSQL; serve restarted polls the feeds again. After
// each kill the desk holds whole polls of whole items only, none twice,
// and the database is sound; after the last restart it holds every item
// of the feeds exactly once.
func TestWirePollKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("kills khabar serve mid-poll: not in -short")
	}
	eachDB(t, testWirePollKilled)
}

func testWirePollKilled(t *testing.T, newDB func() string) {
	db := newDB()
	ctx := context.Background()
	total := wireCrashFeeds * wireFeedItems
	feeds := map[string][]byte{}
	for k := range wireCrashFeeds {
		feeds[fmt.Sprintf("/rss/%d", k)] = wireCrashFeed(k*wireFeedItems+1, (k+1)*wireFeedItems)
	}
	var served atomic.Int64 // whole answers sent
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		feed, ok := feeds[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		if _, err := w.Write(feed); err == nil {
			served.Add(1)
		}
	}))
	t.Cleanup(ts.Close)

	st := openStore(t, db)
	for path := range feeds {
		src := &news.WireSource{URL: ts.URL + path, Format: news.WireRSS, Credit: "خبرگزاری آزمون", Every: time.Minute, Enabled: true}
		if err := st.AddWireSource(ctx, news.Actor{Name: "آزمون"}, src); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	raw := storetest.SQL(t, db)
	writing := ingestProbe(t, db, raw)

	midIngest := 0
	for round, after := range []time.Duration{0, 500 * time.Millisecond, 1500 * time.Millisecond, -1} {
		cmd := khabar(t, "serve", "--addr", "127.0.0.1:0", "--db", db, "--no-demo", "--access-log=false")
		var stderr syncBuffer
		cmd.Stderr = &stderr
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go io.Copy(io.Discard, stdout)
		before := served.Load()
		start := time.Now()
		if after < 0 {
			// The last round lets the poll finish.
			for time.Since(start) < 45*time.Second && !polled(t, raw) {
				time.Sleep(50 * time.Millisecond)
			}
			cmd.Process.Kill()
			cmd.Wait()
			if !polled(t, raw) {
				t.Fatalf("the poll after the restarts did not finish in 45s:\n%s", stderr.String())
			}
			t.Logf("round %d: let run, the polls were stored in %v", round, time.Since(start).Round(time.Millisecond))
			break
		}
		// Killed once the feed is fetched and its items are being
		// written: the poller's write transaction is open.
		inTx := false
		for time.Since(start) < 30*time.Second {
			if served.Load() > before && writing() {
				inTx = true
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(after)
		cmd.Process.Kill()
		cmd.Wait()
		n := checkWireDesk(t, db, raw)
		if inTx && n < total {
			midIngest++
		}
		t.Logf("round %d: killed %v into a poll's transaction (seen open: %v): %d items on the desk, in whole polls",
			round, after, inTx, n)
		if n == total {
			t.Logf("round %d: the polls finished before the kill", round)
		}
	}
	n := checkWireDesk(t, db, raw)
	if n != total {
		t.Errorf("%d items on the desk after the polls finished, want the feeds' %d, each once", n, total)
	}
	st = openStore(t, db)
	list, err := st.WireSources(ctx)
	if err != nil || len(list) != wireCrashFeeds {
		t.Fatalf("wire list after the restarts: %v %+v", err, list)
	}
	for _, s := range list {
		if s.Items != wireFeedItems || s.LastError != "" || s.LastOK.IsZero() {
			t.Errorf("feed %s after the restarts: %d items, error %q, read %v", s.URL, s.Items, s.LastError, s.LastOK)
		}
	}
	for i := 1; i <= total; i += 97 {
		var c int
		if err := raw.QueryRowContext(ctx, `SELECT count(*) FROM wire_items WHERE guid = '`+fmt.Sprintf("https://azmoon.example/news/%d", i)+`'`).Scan(&c); err != nil || c != 1 {
			t.Errorf("item %d of the feed is on the desk %d times (%v)", i, c, err)
		}
	}
	if midIngest == 0 {
		t.Errorf("no kill landed while the poll's items were being written")
	}
	t.Logf("feeds fetched %d times; %d kills mid-ingest; %d items on the desk of %d sent, none twice", served.Load(), midIngest, n, total)
}

// ingestProbe returns a check of whether a writer holds the database's
// write transaction open: on SQLite the write lock (a BEGIN IMMEDIATE of
// ours fails at once), on PostgreSQL the lock every transaction adding
// wire items takes.
func ingestProbe(t *testing.T, db string, raw *sql.DB) func() bool {
	t.Helper()
	if strings.HasPrefix(db, "postgres") {
		return func() bool {
			var n int
			// store.lockWireGroups, as pg_locks shows a bigint advisory key.
			err := raw.QueryRow(`SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 0
				AND objid = 1802002791 AND objsubid = 1 AND granted`).Scan(&n)
			return err == nil && n > 0
		}
	}
	probe, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(0)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { probe.Close() })
	return func() bool {
		tx, err := probe.Begin()
		if err != nil {
			return strings.Contains(err.Error(), "locked") || strings.Contains(err.Error(), "busy")
		}
		tx.Rollback()
		return false
	}
}

// polled reports whether every source's poll was recorded as good.
func polled(t *testing.T, raw *sql.DB) bool {
	var n int
	err := raw.QueryRow(`SELECT count(*) FROM wire_sources WHERE last_ok_us IS NULL`).Scan(&n)
	return err == nil && n == 0
}

// checkWireDesk checks what the crash test's polls left on the desk and
// returns the number of items.
func checkWireDesk(t *testing.T, db string, raw *sql.DB) int {
	t.Helper()
	ctx := context.Background()
	st := openStore(t, db) // recovers and migrates as serve would
	st.Close()
	count := func(query string) int {
		t.Helper()
		var n int
		if err := raw.QueryRowContext(ctx, query).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}
	items := count(`SELECT count(*) FROM wire_items`)
	// A poll is stored whole or not at all.
	if n := count(`SELECT count(*) FROM (SELECT source_id FROM wire_items GROUP BY source_id HAVING count(*) != ` +
		fmt.Sprint(wireFeedItems) + `) x`); n != 0 {
		t.Errorf("%d feeds with part of their poll on the desk", n)
	}
	for _, c := range []struct{ what, query string }{
		{"items without a headline", `SELECT count(*) FROM wire_items WHERE trim(headline) = ''`},
		{"items without their body", `SELECT count(*) FROM wire_items WHERE lead NOT LIKE '%` + wireWord + `%' AND body NOT LIKE '%` + wireWord + `%'`},
		{"items sharing a guid", `SELECT count(*) - count(DISTINCT guid) FROM wire_items`},
		{"items of no source", `SELECT count(*) FROM wire_items WHERE source_id IS NULL OR source_id NOT IN (SELECT id FROM wire_sources)`},
		{"items in a group of no item", `SELECT count(*) FROM wire_items WHERE group_id NOT IN (SELECT id FROM wire_items)`},
		{"items without a signature row", `SELECT count(*) FROM wire_items i WHERE NOT EXISTS (SELECT 1 FROM wire_signatures g WHERE g.item_id = i.id)`},
		{"signature rows of missing items", `SELECT count(*) FROM wire_signatures WHERE item_id NOT IN (SELECT id FROM wire_items)`},
		{"signature rows in another group than their item", `SELECT count(*) FROM wire_signatures g JOIN wire_items i ON i.id = g.item_id WHERE g.group_id != i.group_id`},
		{"items without bands", `SELECT count(*) FROM wire_items i WHERE NOT EXISTS (SELECT 1 FROM wire_bands b WHERE b.item_id = i.id)`},
		{"bands of missing items", `SELECT count(*) FROM wire_bands WHERE item_id NOT IN (SELECT id FROM wire_items)`},
	} {
		if n := count(c.query); n != 0 {
			t.Errorf("%d %s (of %d)", n, c.what, items)
		}
	}
	if !strings.HasPrefix(db, "postgres") {
		var ok string
		if err := raw.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
			t.Errorf("integrity_check: %q %v", ok, err)
		}
	}
	return items
}
