package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store/storetest"
)

// BenchmarkArticleWithComments renders a story page without comments,
// and holding 500 approved comments (the first 50 shown), without the
// network.
func BenchmarkArticleWithComments(b *testing.B) {
	for _, n := range []int{0, 500} {
		b.Run(fmt.Sprintf("comments=%d", n), func(b *testing.B) { benchArticle(b, n) })
	}
}

func benchArticle(b *testing.B, n int) {
	st := storetest.SQLite(b)
	story := &news.Story{Code: 101870, Section: news.Section{Slug: "ict", Name: "فناوری"}, Headline: "خبری با پانصد نظر",
		Lead: "لید", Body: "<p>متن</p>", Status: news.StatusPublished, Published: testNow.AddDate(0, 0, -1)}
	if err := st.ImportStories(context.Background(), []*news.Story{story})[0].Err; err != nil {
		b.Fatal(err)
	}
	var ids []int64
	for i := range n {
		d, _ := news.CommentDraft{Name: fmt.Sprintf("خواننده %d", i), Text: fmt.Sprintf("نظر شمارهٔ %d دربارهٔ این خبر؛ https://example.ir/%d", i, i)}.Clean()
		c, err := st.AddComment(context.Background(), news.CommentPost{StoryID: story.ID, Draft: d})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	mod := news.Actor{Name: "ناظر", Roles: news.Roles{news.RoleModerator}}
	for i := 0; i < len(ids); i += 200 {
		if _, err := st.DecideComments(context.Background(), mod, ids[i:min(i+200, len(ids))], news.DecideApprove); err != nil {
			b.Fatal(err)
		}
	}
	h := New(st, Config{Now: func() time.Time { return testNow }}, nil)
	path := storyURL(story)
	b.ResetTimer()
	for range b.N {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}
