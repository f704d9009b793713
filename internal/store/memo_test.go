package store_test

import (
	"slices"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store/storetest"
)

// What every page reads — the section tree, the comment settings, the
// breaking marks — is kept between reads, and still a change made by
// another process on the same database (another node, a command-line
// import) shows at the next read, with no watcher running.
func TestKeptReadsFollowOtherWriters(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		a := storetest.Open(t, dsn)
		b := storetest.Open(t, dsn)
		d := newDesk(t, b)
		ss := published(t, b, "بارش برف در گردنه‌های شمالی", "بازگشایی مدارس پس از تعطیلی")
		now := time.Now()

		tree, err := a.SectionTree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := a.SectionTree(ctx)
		if again != tree {
			t.Fatal("the section tree is read again with nothing changed")
		}
		sec := sectionNamed(t, b, "economy")
		sec.Name = "اقتصاد و بازار"
		if err := b.UpdateSection(ctx, d.admin, sec, nil); err != nil {
			t.Fatal(err)
		}
		tree, _ = a.SectionTree(ctx)
		if got, _ := tree.ByID(sec.ID); got.Name != "اقتصاد و بازار" {
			t.Fatalf("after another node renamed the section: %q", got.Name)
		}

		// A page's reads check the log once, when the page begins: what
		// they kept stands for the page, and the next page sees the change.
		pinned := a.Pin(ctx)
		sec.Name = "اقتصاد"
		if err := b.UpdateSection(ctx, d.admin, sec, nil); err != nil {
			t.Fatal(err)
		}
		tree, _ = a.SectionTree(pinned)
		if got, _ := tree.ByID(sec.ID); got.Name != "اقتصاد و بازار" {
			t.Fatalf("a pinned read sees a later change: %q", got.Name)
		}
		tree, _ = a.SectionTree(a.Pin(ctx))
		if got, _ := tree.ByID(sec.ID); got.Name != "اقتصاد" {
			t.Fatalf("a read pinned after the change: %q", got.Name)
		}

		if set, err := a.CommentSettings(ctx); err != nil || set.PostModeration {
			t.Fatalf("settings before: %+v %v", set, err)
		}
		if err := b.SetCommentSettings(ctx, d.admin, news.CommentSettings{PostModeration: true, Blocked: []string{"ناسزا"}}); err != nil {
			t.Fatal(err)
		}
		if set, _ := a.CommentSettings(ctx); !set.PostModeration || len(set.Blocked) != 1 {
			t.Fatalf("after another node changed the settings: %+v", set)
		}

		// A story as listings and searches read it, and by its code.
		if got, err := a.StoriesByID(ctx, []int64{ss[0].ID, ss[0].ID}); err != nil || len(got) != 2 || got[0].Headline != ss[0].Headline {
			t.Fatalf("stories by id: %d %v", len(got), err)
		}
		if got, err := a.StoryByCode(ctx, ss[0].Code); err != nil || got.Headline != ss[0].Headline {
			t.Fatalf("story by code: %v", err)
		}
		c := news.ContentOf(ss[0])
		c.Headline = "بارش برف سنگین در گردنه‌های شمالی"
		if _, err := b.SaveStory(ctx, d.editor, ss[0].ID, ss[0].Revision, c); err != nil {
			t.Fatal(err)
		}
		if got, _ := a.StoriesByID(ctx, []int64{ss[0].ID}); len(got) != 1 || got[0].Headline != c.Headline {
			t.Fatalf("after another node's edit, stories by id: %+v", got)
		}
		if got, _ := a.StoryByCode(ctx, ss[0].Code); got == nil || got.Headline != c.Headline {
			t.Fatalf("after another node's edit, story by code: %+v", got)
		}
		// What is handed out is a copy: changing it changes nothing kept.
		got, _ := a.StoriesByID(ctx, []int64{ss[0].ID})
		got[0].Headline, got[0].Tags = "دستکاری", append(got[0].Tags, "دستکاری")
		if again, _ := a.StoriesByID(ctx, []int64{ss[0].ID}); again[0].Headline != c.Headline || slices.Contains(again[0].Tags, "دستکاری") {
			t.Fatalf("a caller's change reached the kept story: %+v", again[0])
		}

		if br, _ := a.Breaking(ctx, now); len(br) != 0 {
			t.Fatalf("breaking before any mark: %+v", br)
		}
		if err := b.SetBreaking(ctx, d.editor, ss[1].ID, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if br, _ := a.Breaking(ctx, now); len(br) != 1 || br[0].Story.ID != ss[1].ID {
			t.Fatalf("after another node marked a story breaking: %+v", br)
		}
		// The same second asked again, and a later one, after the mark ran out.
		if br, _ := a.Breaking(ctx, now.Add(2*time.Hour)); len(br) != 0 {
			t.Fatalf("two hours on: %+v", br)
		}
	})
}
