package web

import (
	"net/http/httptest"
	"strconv"
	"testing"

	"khabar/internal/news"
)

// benchDistribution answers the path that at gives over the corpus,
// without the network: cached, as every request after the first until a
// story changes, or built anew every time.
func benchDistribution(b *testing.B, at func([]*news.Story) string, cached bool) {
	st, stories := corpusSite(b)
	path := at(stories)
	site := New(st, Config{BaseURL: "https://khabar.example"}, nil)
	b.ResetTimer()
	for range b.N {
		if !cached {
			site.s.rendered = renderCache{} // forget every answer
		}
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			b.Fatal(path, rec.Code)
		}
	}
}

func fixed(path string) func([]*news.Story) string {
	return func([]*news.Story) string { return path }
}

func firstStory(s []*news.Story) string { return "/api/v1/news/" + strconv.FormatInt(s[0].Code, 10) }

func BenchmarkRSSBuilt(b *testing.B)      { benchDistribution(b, fixed("/rss"), false) }
func BenchmarkRSSCached(b *testing.B)     { benchDistribution(b, fixed("/rss"), true) }
func BenchmarkAPIListBuilt(b *testing.B)  { benchDistribution(b, fixed("/api/v1/news?limit=50"), false) }
func BenchmarkAPIItemBuilt(b *testing.B)  { benchDistribution(b, firstStory, false) }
func BenchmarkSitemapIndex(b *testing.B)  { benchDistribution(b, fixed("/sitemap.xml"), false) }
func BenchmarkSitemapCached(b *testing.B) { benchDistribution(b, fixed("/sitemap.xml"), true) }
