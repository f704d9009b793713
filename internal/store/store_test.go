package store_test

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

var ctx = context.Background()

func story(headline string) *news.Story {
	return &news.Story{
		Section:   news.Section{Slug: "economy", Name: "اقتصادی"},
		Headline:  headline,
		Lead:      "بازار امروز آرام بود.",
		Source:    "خبر",
		Body:      "<p>معاملات در بورس تهران با رشد شاخص همراه بود.</p>",
		Tags:      []string{"بورس", "اقتصاد"},
		Status:    news.StatusPublished,
		Published: time.Date(2023, 10, 26, 13, 15, 0, 0, time.UTC),
	}
}

func TestMigrationsMatch(t *testing.T) {
	names := func(dir string) []string {
		entries, err := fs.ReadDir(store.MigrationFS(), "migrations/"+dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	sq, pg := names("sqlite"), names("postgres")
	if len(sq) == 0 || !slices.Equal(sq, pg) {
		t.Fatalf("migrations differ:\nsqlite   %v\npostgres %v", sq, pg)
	}
}

func TestImportAndLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := story("رشد شاخص بورس تهران")
		if r := st.ImportStories(ctx, []*news.Story{s})[0]; r.Err != nil || !r.Created {
			t.Fatal(r)
		}
		if s.Code == 0 || s.ID == 0 {
			t.Fatalf("code %d id %d not assigned", s.Code, s.ID)
		}
		got, err := st.StoryByCode(ctx, s.Code)
		if err != nil {
			t.Fatal(err)
		}
		if got.Headline != s.Headline || got.Section.Name != "اقتصادی" || !slices.Equal(got.Tags, s.Tags) ||
			!got.Published.Equal(s.Published) || got.URI == "" || got.Revision != 1 {
			t.Fatalf("loaded %+v", got)
		}
		if _, err := st.StoryByCode(ctx, s.Code+1000); news.ErrorCode(err) != news.ENOTFOUND {
			t.Fatalf("missing code: %v", err)
		}
		for _, bad := range []*news.Story{story(""), story("تیتر \xff خراب"), story("تیتر\x00با NUL")} {
			if r := st.ImportStories(ctx, []*news.Story{bad})[0]; news.ErrorCode(r.Err) != news.EINVALID {
				t.Fatalf("bad story %q: %v", bad.Headline, r.Err)
			}
		}
	})
}

// News codes are unique under concurrent writers and never reused.
func TestConcurrentCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		editor := newDesk(t, st).editor
		const writers, each = 8, 15
		var mu sync.Mutex
		codes := map[int64]bool{}
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					var s *news.Story
					var err error
					if i%2 == 0 { // half published in the newsroom, half imported
						s, err = st.CreateDraft(ctx, editor, content(fmt.Sprintf("خبر %d از نویسنده %d", i, w)))
						if err == nil {
							s, err = st.Publish(ctx, editor, s.ID, s.Revision)
						}
					} else {
						s = story(fmt.Sprintf("خبر واردشده %d از نویسنده %d", i, w))
						err = st.ImportStories(ctx, []*news.Story{s})[0].Err
					}
					if err != nil {
						errs <- err
						return
					}
					mu.Lock()
					if codes[s.Code] {
						errs <- fmt.Errorf("code %d given twice", s.Code)
					}
					codes[s.Code] = true
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if len(codes) != writers*each {
			t.Fatalf("%d distinct codes, want %d", len(codes), writers*each)
		}
		n, err := st.StoryCount(ctx)
		if err != nil || n != writers*each {
			t.Fatalf("count %d %v", n, err)
		}
	})
}

func TestImportKeepsCodeAndIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		a := story("تاکید بر تسریع توافقات")
		a.URI, a.Code = "https://example.ir/news/101870", 101870
		b := story("خبر بدون کد")
		b.URI = "https://example.ir/news/b"
		res := st.ImportStories(ctx, []*news.Story{a, b})
		for i, r := range res {
			if r.Err != nil || !r.Created {
				t.Fatalf("import %d: %+v", i, r)
			}
		}
		if a.Code != 101870 {
			t.Fatalf("imported code changed to %d", a.Code)
		}
		again := story("تاکید بر تسریع توافقات دو کشور")
		again.URI = a.URI
		res = st.ImportStories(ctx, []*news.Story{again})
		if res[0].Err != nil || res[0].Created {
			t.Fatalf("re-import: %+v", res[0])
		}
		if n, _ := st.StoryCount(ctx); n != 2 {
			t.Fatalf("%d stories after re-import, want 2", n)
		}
		if res := st.ImportStories(ctx, []*news.Story{story2(again)}); !res[0].Unchanged {
			t.Fatalf("same story imported again: %+v", res[0])
		}
		got, err := st.StoryByCode(ctx, 101870)
		if err != nil || got.Headline != again.Headline {
			t.Fatalf("re-import did not update: %v %+v", err, got)
		}
		// A different story claiming a taken code is refused, alone.
		c := story("ادعای کد تکراری")
		c.URI, c.Code = "https://example.ir/news/c", 101870
		d := story("خبر سالم")
		d.URI = "https://example.ir/news/d"
		res = st.ImportStories(ctx, []*news.Story{c, d})
		if news.ErrorCode(res[0].Err) != news.ECONFLICT || res[1].Err != nil {
			t.Fatalf("conflicting code: %+v", res)
		}
		// New codes are handed out past every imported one.
		e := story("خبر تازه")
		if err := st.ImportStories(ctx, []*news.Story{e})[0].Err; err != nil {
			t.Fatal(err)
		}
		if e.Code <= 101870 {
			t.Fatalf("new code %d not past imported 101870", e.Code)
		}
	})
}

func TestListings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		base := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
		for i := range 5 {
			s := story(fmt.Sprintf("خبر اقتصادی شماره %d", i))
			s.Published = base.Add(time.Duration(i) * time.Hour)
			if i == 4 {
				s.Section = news.Section{Slug: "sports", Name: "ورزشی"}
				s.Tags = []string{"فوتبال"}
			}
			if i == 3 {
				s.Status = news.StatusUnpublished
			}
			if err := st.ImportStories(ctx, []*news.Story{s})[0].Err; err != nil {
				t.Fatal(err)
			}
		}
		now := base.Add(10 * time.Hour)
		page, err := st.Stories(ctx, news.StoryFilter{PublicAt: now, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 4 || len(page.Stories) != 2 || page.Stories[0].Headline != "خبر اقتصادی شماره 4" {
			t.Fatalf("public page: total %d, %d stories", page.Total, len(page.Stories))
		}
		page, _ = st.Stories(ctx, news.StoryFilter{PublicAt: now, SectionSlug: "economy"})
		if page.Total != 3 {
			t.Fatalf("economy: %d", page.Total)
		}
		page, _ = st.Stories(ctx, news.StoryFilter{PublicAt: now, Tag: "فوتبال"})
		if page.Total != 1 || page.Stories[0].Section.Slug != "sports" {
			t.Fatalf("tag: %d", page.Total)
		}
		page, _ = st.Stories(ctx, news.StoryFilter{From: base.Add(time.Hour), To: base.Add(3 * time.Hour)})
		if page.Total != 2 {
			t.Fatalf("range: %d", page.Total)
		}
		secs, err := st.Sections(ctx)
		if err != nil || len(secs) != 2 || secs[0].Slug != "economy" {
			t.Fatalf("sections %v %v", secs, err)
		}
		var codes []int64
		st.EachStory(ctx, func(s *news.Story) error { codes = append(codes, s.Code); return nil })
		if len(codes) != 4 || !slices.IsSorted(codes) {
			t.Fatalf("each: %v", codes)
		}
	})
}

// An archive with a category per story creates sections only up to
// news.MaxImportedSections: the stories past it go to «خبر», each
// with a note saying so, and a section that exists still takes its
// stories.
func TestImportCapsNewSections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		const extra = 15
		var stories []*news.Story
		for i := range news.MaxImportedSections + extra {
			s := story(fmt.Sprintf("خبر شمارهٔ %d از دسته‌ای تازه", i))
			s.URI = fmt.Sprintf("urn:khabar-sections:%d", i)
			s.Section = news.Section{Slug: fmt.Sprintf("cat-%d", i), Name: fmt.Sprintf("دستهٔ %d", i)}
			stories = append(stories, s)
		}
		notes := 0
		for i, r := range st.ImportStories(ctx, stories) {
			if r.Err != nil {
				t.Fatalf("story %d: %v", i, r.Err)
			}
			if r.Note != "" {
				notes++
				if !strings.Contains(r.Note, "ساخته نشد") {
					t.Errorf("note %q does not say the section was not made", r.Note)
				}
			}
		}
		secs, err := st.Sections(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(secs) > news.MaxImportedSections+1 { // and «خبر», where the rest go
			t.Errorf("%d sections after importing %d categories, want at most %d", len(secs), len(stories), news.MaxImportedSections+1)
		}
		if notes < extra {
			t.Errorf("%d stories reported moved to «خبر», want at least %d", notes, extra)
		}
		last, err := st.StoryByURI(ctx, stories[len(stories)-1].URI)
		if err != nil || last.Section.Slug != "news" {
			t.Errorf("the last story is in %q (%v), want news", last.Section.Slug, err)
		}
		again := story("خبری دیگر در دستهٔ نخست")
		again.URI, again.Section = "urn:khabar-sections:again", news.Section{Slug: "cat-0", Name: "دستهٔ 0"}
		if r := st.ImportStories(ctx, []*news.Story{again})[0]; r.Err != nil || r.Note != "" {
			t.Errorf("a story of an existing section: %+v", r)
		}
	})
}
