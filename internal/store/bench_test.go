package store_test

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"khabar/internal/importer"
	"khabar/internal/news"
	"khabar/internal/sharedtest"
	"khabar/internal/store/storetest"
)

// corpusStories reads the shared corpus, or skips when it is absent.
func corpusStories(tb testing.TB) []*news.Story {
	tb.Helper()
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "corpus", "corpus.ninjs.jsonl"))
	if err != nil {
		sharedtest.Missing(tb, "corpus", err)
	}
	defer f.Close()
	var out []*news.Story
	err = importer.Read(f, func(r importer.Record) error {
		if r.Err == nil {
			out = append(out, r.Story)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkImportCorpusSQLite stores and indexes the whole corpus in
// batches of 500, as `khabar import` does; stories/s is the figure.
func BenchmarkImportCorpusSQLite(b *testing.B) {
	stories := corpusStories(b)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		st := storetest.SQLite(b)
		b.StartTimer()
		for i := 0; i < len(stories); i += 500 {
			for _, r := range st.ImportStories(ctx, stories[i:min(i+500, len(stories))]) {
				if r.Err != nil {
					b.Fatal(r.Err)
				}
			}
		}
	}
	b.ReportMetric(float64(len(stories)*b.N)/b.Elapsed().Seconds(), "stories/s")
}

// BenchmarkSearchCorpusSQLite searches the corpus with three-word
// queries taken from its headlines, one query per iteration.
func BenchmarkSearchCorpusSQLite(b *testing.B) {
	stories := corpusStories(b)
	st := storetest.SQLite(b)
	for i := 0; i < len(stories); i += 500 {
		st.ImportStories(ctx, stories[i:min(i+500, len(stories))])
	}
	var queries []string
	for i, s := range stories {
		if i%7 == 0 {
			words := strings.Fields(s.Headline)
			queries = append(queries, strings.Join(words[:min(3, len(words))], " "))
		}
	}
	b.ResetTimer()
	for i := range b.N {
		if _, err := st.Search(ctx, news.SearchQuery{Text: queries[i%len(queries)]}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRelatedCorpusSQLite computes and stores the related stories
// of one story per iteration, over the corpus, as RunRelated does after
// each change; KHABAR_BENCH_CORPUS names a larger JSON Lines file
// (bench/replicate makes one of 100,000 stories).
func BenchmarkRelatedCorpusSQLite(b *testing.B) {
	stories := benchStories(b)
	st := storetest.SQLite(b)
	for i := 0; i < len(stories); i += 500 {
		st.ImportStories(ctx, stories[i:min(i+500, len(stories))])
	}
	ids, err := st.StaleRelated(ctx, len(stories))
	if err != nil || len(ids) == 0 {
		b.Fatal(len(ids), err)
	}
	if _, err := st.RefreshRelated(ctx, ids[:1]); err != nil { // loads the search statistics
		b.Fatal(err)
	}
	stories = nil // in the database now; the collector need not mark them
	runtime.GC()
	b.ResetTimer()
	cpu := cpuTime()
	for i := range b.N {
		if _, err := st.RefreshRelated(ctx, ids[i%len(ids):i%len(ids)+1]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// benchStories reads KHABAR_BENCH_CORPUS when set, else the corpus.
func benchStories(b *testing.B) []*news.Story {
	path := os.Getenv("KHABAR_BENCH_CORPUS")
	if path == "" {
		return corpusStories(b)
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []*news.Story
	if err := importer.Read(f, func(r importer.Record) error {
		if r.Err == nil {
			out = append(out, r.Story)
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkSearchCostly times the queries that cost the most: one random
// word of 512 letters, and 20 words of a headline each with two letters
// swapped, each new to the search's caches (a write between iterations
// would drop them; here each iteration asks for words not asked before).
func BenchmarkSearchCostly(b *testing.B) {
	stories := corpusStories(b)
	st := storetest.SQLite(b)
	for i := 0; i < len(stories); i += 500 {
		st.ImportStories(ctx, stories[i:min(i+500, len(stories))])
	}
	rng := rand.New(rand.NewPCG(1, 2))
	letters := []rune("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی")
	b.Run("512-letter word", func(b *testing.B) {
		for range b.N {
			rs := make([]rune, 512)
			for i := range rs {
				rs[i] = letters[rng.IntN(len(letters))]
			}
			if _, err := st.Search(ctx, news.SearchQuery{Text: string(rs)}); err != nil {
				b.Fatal(err)
			}
		}
	})
	var words []string
	for _, s := range stories {
		for _, w := range strings.Fields(s.Headline) {
			if rs := []rune(w); len(rs) >= 5 {
				rs[1], rs[2] = rs[2], rs[1]
				words = append(words, string(rs))
			}
		}
	}
	b.Run("20 misspelt words", func(b *testing.B) {
		for range b.N {
			var q []string
			for range 20 {
				q = append(q, words[rng.IntN(len(words))])
			}
			if _, err := st.Search(ctx, news.SearchQuery{Text: strings.Join(q, " ")}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
