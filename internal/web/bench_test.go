package web

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"khabar/internal/importer"
	"khabar/internal/news"
	"khabar/internal/sharedtest"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// corpusSite serves the shared corpus from SQLite, or skips without it;
// KHABAR_BENCH_CORPUS names another JSON Lines file to serve instead
// (bench/replicate makes one of 100,000 stories).
func corpusSite(b *testing.B) (*store.Store, []*news.Story) {
	path := os.Getenv("KHABAR_BENCH_CORPUS")
	if path == "" {
		path = filepath.Join("..", "..", "..", "shared", "corpus", "corpus.ninjs.jsonl")
	}
	f, err := os.Open(path)
	if err != nil {
		sharedtest.Missing(b, "corpus", err)
	}
	defer f.Close()
	var stories []*news.Story
	importer.Read(f, func(r importer.Record) error {
		if r.Err == nil {
			stories = append(stories, r.Story)
		}
		return nil
	})
	st := storetest.SQLite(b)
	for i := 0; i < len(stories); i += 500 {
		st.ImportStories(context.Background(), stories[i:min(i+500, len(stories))])
	}
	return st, stories
}

// BenchmarkSearchAPI answers /api/v1/search for three-word headline
// queries over the corpus, without the network.
func BenchmarkSearchAPI(b *testing.B) {
	st, stories := corpusSite(b)
	h := New(st, Config{}, nil)
	var paths []string
	for i, s := range stories {
		if i%7 == 0 {
			words := strings.Fields(s.Headline)
			paths = append(paths, "/api/v1/search?q="+url.QueryEscape(strings.Join(words[:min(3, len(words))], " ")))
		}
	}
	b.ResetTimer()
	for i := range b.N {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", paths[i%len(paths)], nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

// BenchmarkArticlePage renders story pages, without the network and
// without the page cache, going through the whole corpus in turn: more
// stories than the parts kept (see storyPart) hold, so each page is
// rendered whole. It reports the processor time a page took.
func BenchmarkArticlePage(b *testing.B) { benchArticles(b, 0) }

// BenchmarkArticlePageHot is BenchmarkArticlePage over the hundred
// newest stories, as breaking news is read: their parts are kept.
func BenchmarkArticlePageHot(b *testing.B) { benchArticles(b, 100) }

func benchArticles(b *testing.B, newest int) {
	st, stories := corpusSite(b)
	if newest > 0 {
		slices.SortFunc(stories, func(x, y *news.Story) int { return y.Published.Compare(x.Published) })
		stories = stories[:newest]
	}
	h := New(st, Config{}, nil)
	paths := make([]string, len(stories))
	for i, s := range stories {
		paths[i] = "/news/" + strconv.FormatInt(s.Code, 10) + "/" + url.PathEscape(news.Slugify(s.Headline))
	}
	stories = nil
	runtime.GC()
	b.ResetTimer()
	cpu := cpuTime()
	for i := range b.N {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", paths[i%len(paths)], nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code, paths[i%len(paths)])
		}
	}
	b.StopTimer()
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkHomePage renders the home page over the corpus, uncached,
// without the network, with the navigation full, a front page chosen by
// the editors, a breaking story, page views and hot tags; it reports
// the median and 95th percentile of the renders and the processor time
// each took.
func BenchmarkHomePage(b *testing.B) {
	st, stories := corpusSite(b)
	ctx := context.Background()
	now := time.Now()
	// The newest few hundred stories as of today, so every block of
	// the page has something to show.
	var recent []int64
	for i, s := range stories[:min(300, len(stories))] {
		s.Published = now.Add(-time.Duration(i) * 10 * time.Minute)
		recent = append(recent, s.ID)
	}
	st.ImportStories(ctx, stories[:min(300, len(stories))])
	actor := news.Actor{Name: "محک"}
	if _, err := st.SetFrontPage(ctx, actor, 0, news.FrontPage{LeadID: recent[5], Featured: recent[6:10]}); err != nil {
		b.Fatal(err)
	}
	if err := st.SetBreaking(ctx, actor, recent[0], now.Add(time.Hour)); err != nil {
		b.Fatal(err)
	}
	counts := map[int64]int64{}
	for i, id := range recent {
		counts[id] = int64(i%17 + 1)
	}
	if err := st.AddReads(ctx, counts, now); err != nil {
		b.Fatal(err)
	}
	h := New(st, Config{}, nil)
	times := make([]time.Duration, 0, b.N)
	// The stories read in are in the database now: let them go, or the
	// collector's marking of them counts as the renders' processor time.
	stories, recent = nil, nil
	runtime.GC()
	b.ResetTimer()
	cpu := cpuTime()
	for range b.N {
		start := time.Now()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
		times = append(times, time.Since(start))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
	b.StopTimer()
	// Processor time per render, which the rest of the machine's load
	// does not inflate as it does the times.
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkReadCounter is the cost a reader's view adds to an article
// request: one count in memory, from many requests at once.
func BenchmarkReadCounter(b *testing.B) {
	c := NewReadCounter(nil, nil)
	b.RunParallel(func(pb *testing.PB) {
		var id int64
		for pb.Next() {
			id = (id + 7919) % 100_000
			c.Count(id)
		}
	})
}

// BenchmarkArticleReaderCheck is the other part of that cost: telling a
// reader from a robot by the request's headers.
func BenchmarkArticleReaderCheck(b *testing.B) {
	r := httptest.NewRequest("GET", "/news/100001", nil)
	r.Header.Set("User-Agent", "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36")
	for range b.N {
		if !isReader(r) {
			b.Fatal("a browser taken for a robot")
		}
	}
}
