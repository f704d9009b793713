package store_test

import (
	"slices"
	"testing"
	"time"

	"khabar/internal/demo"
	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// Removing the demo edition takes its stories and the sections only
// they used, leaves real stories alone, and the demo is not loaded into
// that database again.
func TestRemoveDemo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		if ok, err := st.DemoWanted(ctx); err != nil || !ok {
			t.Fatalf("an empty database wants the demo: %v %v", ok, err)
		}
		stories := demo.Stories(time.Now())
		importAll(t, st, stories...)
		if ok, _ := st.DemoWanted(ctx); ok {
			t.Fatal("a database with stories wants the demo")
		}
		// A real story in one of the demo's sections keeps it.
		real := filed("بودجهٔ سال آینده به مجلس رسید", "economy", "اقتصادی")
		importAll(t, st, real)
		d := newDesk(t, st)
		if err := st.SetBreaking(ctx, d.editor, stories[0].ID, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := st.AddReads(ctx, map[int64]int64{stories[0].ID: 7, real.ID: 2}, time.Now()); err != nil {
			t.Fatal(err)
		}
		if n, _ := st.DemoStories(ctx); n != len(stories) {
			t.Fatalf("%d demo stories, want %d", n, len(stories))
		}
		got, err := st.RemoveDemo(ctx, news.Actor{Name: "khabar"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Stories != len(stories) {
			t.Errorf("removed %d stories, want %d", got.Stories, len(stories))
		}
		var slugs []string
		for _, s := range got.Sections {
			slugs = append(slugs, s.Slug)
		}
		slices.Sort(slugs)
		want := []string{"culture", "politics", "science", "society", "sports", "world"}
		if !slices.Equal(slugs, want) {
			t.Errorf("removed sections %v, want %v (economy has a real story)", slugs, want)
		}
		if n, _ := st.StoryCount(ctx); n != 1 {
			t.Errorf("%d stories left, want the real one", n)
		}
		if found(t, st, "نمایشگاه کتاب") != 0 {
			t.Error("a demo story is still found by search")
		}
		if b, _ := st.Breaking(ctx, time.Now()); len(b) != 0 {
			t.Error("a demo story is still breaking")
		}
		if _, err := st.StoryByID(ctx, real.ID); err != nil {
			t.Error("the real story went too:", err)
		}
		if e, _ := st.Audit(ctx, news.AuditFilter{Action: "demo.remove"}); len(e) != 1 {
			t.Errorf("audit: %+v", e)
		}
		// Even emptied, this database never gets the demo again.
		if _, err := st.Kill(ctx, d.editor, real.ID, 0, "آزمون"); err != nil {
			t.Fatal(err)
		}
		if ok, _ := st.DemoWanted(ctx); ok {
			t.Fatal("the demo is wanted again after it was removed")
		}
		// Removing it twice removes nothing.
		if again, err := st.RemoveDemo(ctx, news.Actor{Name: "khabar"}); err != nil || again.Stories != 0 || len(again.Sections) != 0 {
			t.Fatalf("again: %+v %v", again, err)
		}
	})
}

// A tag is one tag however its letters and ZWNJ are written; the hot
// tags count the stories of late.
func TestTagsAndHotTags(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mk := func(h string, hours int, tags ...string) *news.Story {
			s := story(h)
			s.URI = "urn:test:" + h
			s.Published = time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC).Add(-time.Duration(hours) * time.Hour)
			s.Tags = tags
			return s
		}
		importAll(t, st,
			mk("برد پرسپولیس در آزادی", 1, "پرسپوليس", "لیگ برتر"),
			mk("تمرین پرسپولیس پیش از دربی", 2, "پرسپولیس", "دربی"),
			mk("نقل‌وانتقالات تابستانی", 3, "نقل و انتقالات", "لیگ برتر", "پرسپولیس"),
			mk("افت بورس تهران", 4, "بورس"),
		)
		page, err := st.Stories(ctx, news.StoryFilter{Tag: "پرسپولیس"})
		if err != nil || page.Total != 3 {
			t.Fatalf("tag پرسپولیس: %d %v", page.Total, err)
		}
		if page, _ := st.Stories(ctx, news.StoryFilter{Tag: "نقل‌وانتقالات"}); page.Total != 1 {
			t.Fatalf("tag نقل‌وانتقالات: %d", page.Total)
		}
		hot, err := st.HotTags(ctx, time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC), 3)
		if err != nil || len(hot) != 3 || hot[0].Stories != 3 || nameOf(hot[1]) != "لیگ برتر" {
			t.Fatalf("hot tags %+v %v", hot, err)
		}
	})
}

func nameOf(tc news.TagCount) string { return tc.Tag }

// A database from before sections had keys gets them: its names match
// imports, and its tags match however they are spelled.
func TestMigrateKeys(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		old, err := store.OpenMigratedTo(ctx, dsn, 3)
		if err != nil {
			t.Fatal(err)
		}
		old.Close()
		// Written as the old schema did.
		db := storetest.SQL(t, dsn)
		for _, q := range []string{
			`INSERT INTO sections (slug, name, position) VALUES ('art', 'هنری', 1)`,
			`INSERT INTO news_codes (code) VALUES (101870)`,
			`INSERT INTO stories (code, uri, section_id, headline, status, published_us)
				SELECT 101870, 'urn:old:1', id, 'نمایشگاه نقاشی در تهران', 'published', 1698326100000000 FROM sections`,
			`INSERT INTO story_tags (story_id, position, tag) SELECT id, 0, 'نقاشي' FROM stories`,
		} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(q, err)
			}
		}
		st := storetest.Open(t, dsn)
		importAll(t, st, filed("کنسرت ارکستر ملی", "arts", "هنري"))
		if n := len(mustSections(t, st)); n != 1 {
			t.Fatalf("%d sections: the old one's name did not match", n)
		}
		if page, _ := st.Stories(ctx, news.StoryFilter{Tag: "نقاشی"}); page.Total != 1 {
			t.Fatalf("old tag not found by its Persian spelling: %d", page.Total)
		}
		if tree, _ := st.SectionTree(ctx); len(tree.Nav()) != 1 {
			t.Fatal("an old section is not in the navigation")
		}
	})
}
