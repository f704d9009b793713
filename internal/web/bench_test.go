package web

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"khabar/internal/importer"
	"khabar/internal/news"
	"khabar/internal/sharedtest"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// corpusSite serves the shared corpus from SQLite, or skips without it.
func corpusSite(b *testing.B) (*store.Store, []*news.Story) {
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "corpus", "corpus.ninjs.jsonl"))
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

// BenchmarkArticlePage renders story pages, without the network.
func BenchmarkArticlePage(b *testing.B) {
	st, stories := corpusSite(b)
	h := New(st, Config{}, nil)
	b.ResetTimer()
	for i := range b.N {
		s := stories[i%len(stories)]
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/news/"+strconv.FormatInt(s.Code, 10)+"/"+url.PathEscape(news.Slugify(s.Headline)), nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code, s.Code)
		}
	}
}
