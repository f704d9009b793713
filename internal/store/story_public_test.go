package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

var editor = news.Actor{Name: "دبیر", Roles: news.Roles{news.RoleEditor}}

// publishNew writes and publishes a story in the newsroom, as an editor does.
func publishNew(t *testing.T, st *store.Store, headline string) *news.Story {
	t.Helper()
	ctx := context.Background()
	d, err := st.CreateDraft(ctx, editor, news.Content{Section: "sport", Headline: headline, Lead: "لید", Body: "<p>متن</p>", Tags: []string{"انتخابات"}})
	if err != nil {
		t.Error(err)
		return nil
	}
	p, err := st.Publish(ctx, editor, d.ID, d.Revision)
	if err != nil {
		t.Error(err)
		return nil
	}
	return p
}

// Paging through the public stories while others are published never
// repeats a story nor skips one that was there when paging began.
func TestPublicStoriesPagingWhilePublishing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		base := time.Now().Add(-48 * time.Hour).UTC().Truncate(time.Minute)
		var stories []*news.Story
		for i := range 60 {
			// Pairs share a minute, as imported stories often do.
			stories = append(stories, &news.Story{
				Section:   news.Section{Slug: "sport", Name: "ورزشی"},
				Headline:  fmt.Sprintf("خبر شمارهٔ %d", i),
				Status:    news.StatusPublished,
				Published: base.Add(time.Duration(i/2) * time.Minute),
			})
		}
		for _, r := range st.ImportStories(ctx, stories) {
			if r.Err != nil {
				t.Fatal(r.Err)
			}
		}
		before := map[int64]bool{}
		for _, s := range stories {
			before[s.Code] = true
		}

		var wg sync.WaitGroup
		stop := make(chan struct{})
		published := 0
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if publishNew(t, st, fmt.Sprintf("خبر تازهٔ %d", i)) != nil {
					published++
				}
			}
		}()
		seen := map[int64]int{}
		var after *news.StoryKey
		pages := 0
		for {
			page, err := st.PublicStories(ctx, news.PublicFilter{At: time.Now(), Limit: 7, After: after})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, s := range page {
				seen[s.Code]++
			}
			k := page[len(page)-1].Key()
			after = &k
			pages++
			if pages == 3 {
				time.Sleep(20 * time.Millisecond) // let the publisher in
			}
		}
		close(stop)
		wg.Wait()
		if published == 0 {
			t.Error("nothing was published while paging")
		}
		for code, n := range seen {
			if n > 1 {
				t.Errorf("story %d listed %d times", code, n)
			}
		}
		for code := range before {
			if seen[code] != 1 {
				t.Errorf("story %d, public all along, skipped", code)
			}
		}
	})
}

func TestPublicStoriesAndState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Microsecond)
		sport := news.Section{Slug: "sport", Name: "ورزشی"}
		add := func(s *news.Story) *news.Story {
			t.Helper()
			if r := st.ImportStories(ctx, []*news.Story{s})[0]; r.Err != nil {
				t.Fatal(r.Err)
			}
			return s
		}
		a := add(&news.Story{Section: sport, Headline: "بازی فوتبال", Tags: []string{"فوتبال"}, Status: news.StatusPublished, Published: now.Add(-3 * time.Hour)})
		b := add(&news.Story{Section: sport, Headline: "کشتی آزاد", Tags: []string{"کشتی"}, Status: news.StatusPublished, Published: now.Add(-2 * time.Hour), Updated: now.Add(-time.Hour)})
		add(&news.Story{Section: sport, Headline: "خبر فردا", Status: news.StatusPublished, Published: now.Add(time.Hour)})
		add(&news.Story{Section: sport, Headline: "برداشته", Status: news.StatusUnpublished, Published: now.Add(-time.Hour)})
		add(&news.Story{Section: news.Section{Slug: "culture", Name: "فرهنگی"}, Headline: "کتاب", Status: news.StatusPublished, Published: now.Add(-4 * time.Hour)})

		list := func(f news.PublicFilter) []string {
			t.Helper()
			f.At = now
			got, err := st.PublicStories(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var h []string
			for _, s := range got {
				h = append(h, s.Headline)
			}
			return h
		}
		if got := fmt.Sprint(list(news.PublicFilter{})); got != "[کشتی آزاد بازی فوتبال کتاب]" {
			t.Errorf("all: %s", got)
		}
		if got := fmt.Sprint(list(news.PublicFilter{SectionSlug: "sport"})); got != "[کشتی آزاد بازی فوتبال]" {
			t.Errorf("section: %s", got)
		}
		if got := fmt.Sprint(list(news.PublicFilter{Tag: "فوتبال"})); got != "[بازی فوتبال]" {
			t.Errorf("tag: %s", got)
		}
		if got := fmt.Sprint(list(news.PublicFilter{From: now.Add(-150 * time.Minute)})); got != "[کشتی آزاد]" {
			t.Errorf("since: %s", got)
		}
		links, err := st.PublicLinks(ctx, news.PublicFilter{At: now, From: now.Add(-150 * time.Minute)}, 0)
		if err != nil || len(links) != 1 || links[0].Code != b.Code || !links[0].Modified().Equal(b.Updated) {
			t.Errorf("links: %+v %v", links, err)
		}
		var dates int
		st.PublicDates(ctx, now, func(p, u time.Time) error { dates++; return nil })
		if dates != 3 {
			t.Errorf("%d dates, want 3", dates)
		}

		s1, err := st.PublicState(ctx, now)
		if err != nil || !s1.Newest.Equal(b.Published) {
			t.Fatalf("state %+v %v", s1, err)
		}
		// The story of tomorrow becomes visible by the clock alone.
		if s, _ := st.PublicState(ctx, now.Add(2*time.Hour)); s == s1 {
			t.Error("state unchanged when a story became visible")
		}
		time.Sleep(time.Millisecond)
		cur, _ := st.StoryByCode(ctx, a.Code)
		if _, err := st.Kill(ctx, editor, cur.ID, cur.Revision, "نادرست"); err != nil {
			t.Fatal(err)
		}
		s2, _ := st.PublicState(ctx, now)
		if !s2.Changed.After(s1.Changed) {
			t.Errorf("state did not move when a story was killed: %+v → %+v", s1, s2)
		}
		if got := fmt.Sprint(list(news.PublicFilter{SectionSlug: "sport"})); got != "[کشتی آزاد]" {
			t.Errorf("after the kill: %s", got)
		}

		written := publishNew(t, st, "گزارش تحریریه")
		if written == nil {
			t.FailNow()
		}
		first, err := st.FirstWritten(ctx, []int64{written.ID, b.ID})
		if err != nil || first[written.ID].IsZero() || !first[b.ID].IsZero() {
			t.Errorf("first written: %v %v", first, err)
		}
	})
}
