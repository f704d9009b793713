// Command wireload measures the wire desk (issue 11, "Measure"): the
// ingest rate — items a second through parse, normalize, group and
// store — with 100,000 items already on the desk, and the poller's
// memory while it polls 200 sources at once.
//
//	go run ./bench/wireload [-corpus ../shared/corpus] [-db FILE | -db postgres://…] [-desk 100000] [-n 5000] [-sources 200]
//		[-fill-limit 15m] [-cpuprofile FILE]
//
// The desk is filled with distinct stories, each told by four agencies
// (sentences reordered, credits and letters changed), as a desk holds a
// week of wires: groups of a few items, not a handful of huge ones. The
// first pass over the corpus takes its stories as they are; each later
// pass makes new ones of them by swapping most of their words for
// others of the corpus (the same swaps for the four tellings), so the
// vocabulary and lengths stay Persian news while the shingles differ.
// The items timed continue the series — new stories, four tellings
// each — served as RSS by a local server. The corpus is read at run time, never
// copied into the project.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/wire"
)

type story struct {
	Title, Abstract string
	Paragraphs      []string
}

var credits = []string{"ایرنا", "ایسنا", "مهر", "فارس", "تسنیم", "ایلنا", "نصر"}

func main() {
	corpus := flag.String("corpus", "../shared/corpus", "directory of the corpus's source JSON files")
	db := flag.String("db", "", "SQLite file or postgres:// URL (default: a new SQLite file in a temp dir)")
	desk := flag.Int("desk", 100000, "items on the desk before timing")
	n := flag.Int("n", 5000, "items to ingest while timing")
	sources := flag.Int("sources", 200, "sources polled at once for the memory figure")
	limit := flag.Duration("fill-limit", 15*time.Minute, "give up filling the desk after this long and time ingest at the size reached")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the timed ingest to this file")
	flag.Parse()
	stories, err := readCorpus(*corpus)
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	dsn := *db
	if dsn == "" {
		dir, _ := os.MkdirTemp("", "wireload")
		defer os.RemoveAll(dir)
		dsn = filepath.Join(dir, "khabar.db")
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		fail(err)
	}
	defer st.Close()
	r := rand.New(rand.NewPCG(1, 2))
	vocab := words(stories)
	admin := news.Actor{Name: "wireload"}
	filler := &news.WireSource{URL: fmt.Sprintf("https://filler.example/%d", time.Now().UnixNano()), Credit: "پرکننده", Enabled: false}
	if err := st.AddWireSource(ctx, admin, filler); err != nil {
		fail(err)
	}
	// Arrival times spread over the last week, as a desk holds them.
	start := time.Now()
	fmt.Printf("filling the desk with %d items (%s)…\n", *desk, st.Dialect())
	const batch = 500
	lap := start
	for done := 0; done < *desk; done += batch {
		if time.Since(start) > *limit {
			fmt.Printf("  gave up filling after %v, at %d items\n", *limit, done)
			break
		}
		var items []store.NewWireItem
		for i := done; i < min(done+batch, *desk); i++ {
			items = append(items, wire.Prepare(entry(r, event(stories, vocab, i/tellings), i)))
		}
		if _, err := st.AddWireItems(ctx, filler, items, wire.Pick); err != nil {
			fail(err)
		}
		if (done+batch)%10000 == 0 {
			fmt.Printf("  %d items, %.0f items/s over the last 10,000\n", done+batch, 10000/time.Since(lap).Seconds())
			lap = time.Now()
		}
	}
	have, _ := st.WireItemCount(ctx)
	fmt.Printf("desk filled: %d items in %v\n\n", have, time.Since(start).Round(time.Second))

	// Ingest: fresh retellings, 50 to a feed answer, through Parse.
	feeds := make([]string, 0, *n/50+1)
	for i := 0; i < *n; i += 50 {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>bench</title>`)
		for j := i; j < min(i+50, *n); j++ {
			e := entry(r, event(stories, vocab, (*desk+j)/tellings), *desk+j)
			fmt.Fprintf(&b, "<item><title>%s</title><guid>%s</guid><link>%s</link><description>%s</description><content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">%s</content:encoded></item>",
				html.EscapeString(e.Headline), e.GUID, e.GUID, html.EscapeString(e.Lead), html.EscapeString(e.Body))
		}
		b.WriteString(`</channel></rss>`)
		feeds = append(feeds, b.String())
	}
	src := &news.WireSource{URL: fmt.Sprintf("https://bench.example/%d", time.Now().UnixNano()), Credit: "سنجش", Enabled: false, Every: time.Hour}
	if err := st.AddWireSource(ctx, admin, src); err != nil {
		fail(err)
	}
	p := &wire.Poller{Store: st}
	added := 0
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fail(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
	}
	start = time.Now()
	for _, f := range feeds {
		entries, err := wire.Parse([]byte(f), "application/rss+xml", "")
		if err != nil {
			fail(err)
		}
		k, err := p.Ingest(ctx, src, entries)
		if err != nil {
			fail(err)
		}
		added += k
	}
	el := time.Since(start)
	pprof.StopCPUProfile()
	fmt.Printf("ingest: %d items (%d new) in %v: %.0f items/s, with %d on the desk\n\n", *n, added, el.Round(time.Millisecond),
		float64(*n)/el.Seconds(), have)

	// Memory: sources polled at once, each serving a 50-item feed.
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(feeds[int(hits.Load())%len(feeds)]))
	}))
	defer srv.Close()
	for i := 0; i < *sources; i++ {
		s := &news.WireSource{URL: fmt.Sprintf("%s/feed/%d/%d", srv.URL, time.Now().UnixNano(), i), Credit: fmt.Sprintf("منبع %d", i), Enabled: true}
		if err := st.AddWireSource(ctx, admin, s); err != nil {
			fail(err)
		}
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stopSampling := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-stopSampling:
				return
			case <-time.After(5 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
		}
	}()
	start = time.Now()
	results, err := p.PollDue(ctx)
	close(stopSampling)
	if err != nil {
		fail(err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	failed, got := 0, 0
	for _, r := range results {
		if r.Err != nil {
			failed++
		}
		got += r.Added
	}
	fmt.Printf("poller: %d sources polled in %v (%d failed, %d items new); heap in use %.1f MB before, %.1f MB at peak; %d goroutines after\n",
		len(results), time.Since(start).Round(time.Millisecond), failed, got,
		float64(before.HeapInuse)/(1<<20), float64(peak.Load())/(1<<20), runtime.NumGoroutine())
}

// tellings is how many agencies tell each story of the bench.
const tellings = 4

// event is the k-th distinct story of the bench: a corpus story as it
// is on the first pass, and on each later pass the same story with
// three words in five swapped for words drawn from the corpus, the
// same for every telling of k.
func event(stories []story, vocab []string, k int) story {
	s := stories[k%len(stories)]
	pass := k / len(stories)
	if pass == 0 {
		return s
	}
	r := rand.New(rand.NewPCG(uint64(k), 11))
	swap := func(t string) string {
		w := strings.Fields(t)
		for i := range w {
			if r.IntN(5) < 3 {
				w[i] = vocab[r.IntN(len(vocab))]
			}
		}
		return strings.Join(w, " ")
	}
	out := story{Title: swap(s.Title), Abstract: swap(s.Abstract)}
	for _, p := range s.Paragraphs {
		out.Paragraphs = append(out.Paragraphs, swap(p))
	}
	return out
}

// words returns the corpus's words, each as often as it occurs.
func words(stories []story) []string {
	var out []string
	for _, s := range stories {
		for _, p := range s.Paragraphs {
			out = append(out, strings.Fields(p)...)
		}
	}
	return out
}

// entry is story s retold as item i: a credit, its sentences in another
// order now and then, Arabic letters sometimes.
func entry(r *rand.Rand, s story, i int) wire.Entry {
	c := credits[r.IntN(len(credits))]
	paras := append([]string(nil), s.Paragraphs...)
	if len(paras) > 2 && r.IntN(2) == 0 {
		paras[1], paras[len(paras)-1] = paras[len(paras)-1], paras[1]
	}
	// A number of its own keeps every item distinct (agencies add their
	// own lines), while the text stays a near-duplicate of the story.
	lead := fmt.Sprintf("به گزارش %s (شمارهٔ %d)، %s", c, i, s.Abstract)
	if r.IntN(3) == 0 {
		lead = strings.NewReplacer("ی", "ي", "ک", "ك").Replace(lead)
	}
	var body strings.Builder
	for _, p := range paras {
		body.WriteString("<p>" + html.EscapeString(p) + "</p>")
	}
	return wire.Entry{GUID: fmt.Sprintf("https://bench.example/item/%d", i), Headline: s.Title, Lead: lead, Body: body.String(),
		Link: fmt.Sprintf("https://bench.example/item/%d", i), Published: time.Now().Add(-time.Duration(r.IntN(7*24)) * time.Hour)}
}

func readCorpus(dir string) ([]story, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "*-[0-9].json"))
	if len(files) == 0 {
		return nil, fmt.Errorf("no corpus files in %s", dir)
	}
	var out []story
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var list []story
		if err := json.Unmarshal(b, &list); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for _, s := range list {
			if s.Title != "" && len(s.Paragraphs) > 0 {
				out = append(out, s)
			}
		}
	}
	return out, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "wireload:", err)
	os.Exit(1)
}
