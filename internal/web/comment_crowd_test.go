package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// A script posting from one address is cut off by the default rate
// limit with a clear 429; two hundred readers posting at once, each from
// an address of their own, all land in the queue, once each.
func TestCommentFloodAndCrowd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := commentSiteOn(t, st, Config{TrustProxy: true, CommentRate: news.RateLimit{Posts: 20, Window: 10 * time.Minute}})
		page := storyURL(s.story)
		path := fmt.Sprintf("/api/v1/news/%d/comments", s.story.Code)

		// The flood: sixty posts, as fast as the script can.
		counts := map[int]int{}
		var retry string
		for i := range 60 {
			res := s.request("POST", path, "application/json", fmt.Sprintf(`{"name": "ربات", "text": "تبلیغ شمارهٔ %d"}`, i),
				"X-Forwarded-For", "203.0.113.66")
			counts[res.status]++
			if res.status == 429 {
				retry = res.header.Get("Retry-After")
				if !strings.Contains(res.body, "دوباره بفرستید") {
					t.Fatalf("429 without a clear message: %s", res.body)
				}
			}
		}
		if counts[202] != 20 || counts[429] != 40 || retry != "600" {
			t.Fatalf("flood: %v, Retry-After %q", counts, retry)
		}

		// The crowd: each reader opens the story, writes, and sends, all
		// at once.
		const n = 200
		tokens := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				m := tokenField.FindStringSubmatch(s.get(page).body)
				if m != nil {
					tokens[i] = m[1]
				}
			})
		}
		wg.Wait()
		s.advance(time.Minute)
		statuses := make([]int, n)
		for i := range n {
			wg.Go(func() {
				f := url.Values{"name": {fmt.Sprintf("خوانندهٔ %d", i)}, "text": {fmt.Sprintf("نظر خوانندهٔ شمارهٔ %d دربارهٔ برف", i)},
					"token": {tokens[i]}}
				res := s.request("POST", fmt.Sprintf("/news/%d/comments", s.story.Code), "application/x-www-form-urlencoded",
					f.Encode(), "X-Forwarded-For", fmt.Sprintf("198.18.%d.%d", i/200, i%200+1))
				statuses[i] = res.status
			})
		}
		wg.Wait()
		for i, st := range statuses {
			if st != 303 {
				t.Fatalf("reader %d: %d", i, st)
			}
		}
		var texts []string
		for before := int64(0); ; {
			q, err := s.store.Comments(context.Background(), news.CommentFilter{Before: before, Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range q.Comments {
				if strings.HasPrefix(c.Text, "نظر خوانندهٔ") {
					texts = append(texts, c.Text)
				}
			}
			if before = q.Next; before == 0 {
				break
			}
		}
		slices.Sort(texts)
		if len(texts) != n || len(slices.Compact(slices.Clone(texts))) != n {
			t.Fatalf("%d of the crowd's comments in the queue (%d different), want %d", len(texts), len(slices.Compact(texts)), n)
		}
	})
}
