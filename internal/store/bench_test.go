package store_test

import (
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
