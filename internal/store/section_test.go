package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

func filed(headline, slug, name string) *news.Story {
	st := story(headline)
	st.Section = news.Section{Slug: slug, Name: name}
	return st
}

func importAll(t *testing.T, st *store.Store, stories ...*news.Story) {
	t.Helper()
	for i, r := range st.ImportStories(ctx, stories) {
		if r.Err != nil {
			t.Fatalf("import %d: %v", i, r.Err)
		}
	}
}

func sectionNamed(t *testing.T, st *store.Store, slug string) news.Section {
	t.Helper()
	sec, err := st.SectionBySlug(ctx, slug)
	if err != nil {
		t.Fatalf("section %s: %v", slug, err)
	}
	return sec
}

// An import files a story under the section that answers to its
// section's name or alias, however the letters and ZWNJ are written,
// instead of making a second «اجتماعی».
func TestImportMapsSectionNamesAndAliases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		admin := news.Actor{Name: "مدیر"}
		addSection(t, st, "society", "اجتماعی")
		addSection(t, st, "provinces", "استان‌ها")
		importAll(t, st,
			filed("افتتاح مدرسهٔ تازه در روستا", "social", "اجتماعي"),
			filed("بارش برف در استان‌های شمالی", "province", "استان ها"),
		)
		if n := len(mustSections(t, st)); n != 2 {
			t.Fatalf("%d sections after import, want the 2 there were: %+v", n, mustSections(t, st))
		}
		// An alias the admins give catches a slug nobody named.
		society := sectionNamed(t, st, "society")
		if err := st.UpdateSection(ctx, admin, society, []string{"جامعه", "community"}); err != nil {
			t.Fatal(err)
		}
		importAll(t, st, filed("جشن محله در پارک شهر", "community", "community"))
		page, err := st.Stories(ctx, news.StoryFilter{SectionSlug: "society"})
		if err != nil || page.Total != 2 {
			t.Fatalf("society holds %d stories (%v), want 2", page.Total, err)
		}
		// One name may not belong to two sections.
		provinces := sectionNamed(t, st, "provinces")
		if err := st.UpdateSection(ctx, admin, provinces, []string{"جامعه"}); news.ErrorCode(err) != news.ECONFLICT {
			t.Fatalf("an alias of another section: %v", err)
		}
		err = st.AddSection(ctx, admin, &news.Section{Slug: "soc2", Name: "اجتماعى"})
		if news.ErrorCode(err) != news.ECONFLICT {
			t.Fatalf("a second «اجتماعی»: %v", err)
		}
	})
}

func mustSections(t *testing.T, st *store.Store) []news.Section {
	t.Helper()
	all, err := st.Sections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// A section an import creates under a parent goes there; the
// navigation takes new top-level sections until it is full, never more.
func TestSectionTreeAndNavigation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		provinces := &news.Section{Slug: "province", Name: "استان‌ها"}
		var stories []*news.Story
		for i, slug := range []string{"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "a12", "a13"} {
			s := filed("خبر شمارهٔ "+slug, slug, "سرویس "+slug)
			s.URI = "urn:test:" + slug
			s.Published = s.Published.Add(time.Duration(i) * time.Minute)
			stories = append(stories, s)
		}
		tehran := filed("ترافیک سنگین در بزرگراه‌های تهران", "tehran", "تهران")
		tehran.Section.Parent = provinces
		importAll(t, st, tehran)
		importAll(t, st, stories...)
		tree, err := st.SectionTree(ctx)
		if err != nil {
			t.Fatal(err)
		}
		prov, teh := sectionNamed(t, st, "province"), sectionNamed(t, st, "tehran")
		if teh.ParentID != prov.ID || teh.InNav || !prov.InNav {
			t.Fatalf("tehran %+v under %+v", teh, prov)
		}
		nav := tree.Nav()
		if len(nav) != news.MaxNav || nav[0].Slug != "province" {
			t.Fatalf("navigation holds %d: %+v", len(nav), nav)
		}
		if got := tree.Subtree(prov.ID); !slices.Equal(got, []int64{prov.ID, teh.ID}) {
			t.Fatalf("subtree of provinces %v", got)
		}
		// The navigation is full: an admin is told so.
		last := sectionNamed(t, st, "a13")
		last.InNav = true
		if err := st.UpdateSection(ctx, news.Actor{Name: "مدیر"}, last, nil); news.ErrorCode(err) != news.EINVALID {
			t.Fatalf("a twelfth section in the navigation: %v", err)
		}
		// Order among siblings.
		a1, a2 := sectionNamed(t, st, "a1"), sectionNamed(t, st, "a2")
		if err := st.MoveSection(ctx, news.Actor{Name: "مدیر"}, a2.ID, -1); err != nil {
			t.Fatal(err)
		}
		tree, _ = st.SectionTree(ctx)
		top := tree.Top()
		if top[1].ID != a2.ID || top[2].ID != a1.ID {
			t.Fatalf("after moving a2 up: %s %s %s", top[0].Slug, top[1].Slug, top[2].Slug)
		}
		// No section under itself.
		prov.ParentID = teh.ID
		if err := st.UpdateSection(ctx, news.Actor{Name: "مدیر"}, prov, nil); news.ErrorCode(err) != news.EINVALID {
			t.Fatalf("provinces under tehran: %v", err)
		}
	})
}

// A merge moves the stories, each with a revision; the old slug leads
// to the new section, and imports naming it file there.
func TestMergeSections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		admin := news.Actor{Name: "مدیر"}
		importAll(t, st,
			filed("دیدار دو تیم در ورزشگاه آزادی", "football", "فوتبال"),
			filed("قهرمانی کشتی‌گیران در مسابقات جهانی", "sports", "ورزشی"),
		)
		football, sports := sectionNamed(t, st, "football"), sectionNamed(t, st, "sports")
		before, _ := st.LatestChange(ctx)
		moved, err := st.MergeSection(ctx, admin, football.ID, sports.ID)
		if err != nil || moved != 1 {
			t.Fatalf("merge: %d %v", moved, err)
		}
		if _, err := st.SectionBySlug(ctx, "football"); news.ErrorCode(err) != news.ENOTFOUND {
			t.Fatalf("merged section still there: %v", err)
		}
		if to, err := st.SectionRedirect(ctx, "football"); err != nil || to.ID != sports.ID {
			t.Fatalf("redirect of football: %+v %v", to, err)
		}
		page, _ := st.Stories(ctx, news.StoryFilter{SectionSlug: "sports"})
		if page.Total != 2 {
			t.Fatalf("sports holds %d", page.Total)
		}
		for _, s := range page.Stories {
			if s.Headline == "دیدار دو تیم در ورزشگاه آزادی" && s.Revision != 2 {
				t.Errorf("moved story at revision %d, want 2", s.Revision)
			}
		}
		res, err := st.Search(ctx, news.SearchQuery{Text: "ورزشگاه آزادی", SectionSlug: "sports"})
		if err != nil || res.Total != 1 {
			t.Fatalf("search in sports after the merge: %d %v", res.Total, err)
		}
		changes, _ := st.Changes(ctx, before, 10)
		if len(changes) != 1 || changes[0].Kind != store.ChangeSection || changes[0].SectionID != sports.ID || !changes[0].Public() {
			t.Fatalf("change log after the merge: %+v", changes)
		}
		importAll(t, st, filed("بازی دوستانه در تبریز", "football", "فوتبال"))
		if page, _ := st.Stories(ctx, news.StoryFilter{SectionSlug: "sports"}); page.Total != 3 {
			t.Fatalf("an import naming the merged section: sports holds %d", page.Total)
		}
		entries, _ := st.Audit(ctx, news.AuditFilter{Action: "section.merge"})
		if len(entries) != 1 {
			t.Fatalf("audit: %+v", entries)
		}
		if _, err := st.MergeSection(ctx, admin, sports.ID, sports.ID); news.ErrorCode(err) != news.EINVALID {
			t.Fatalf("merge into itself: %v", err)
		}
	})
}

// Renaming a section's slug keeps its old address working.
func TestRenameSectionSlug(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		importAll(t, st, filed("نرخ تورم ماه گذشته اعلام شد", "eco", "اقتصادی"))
		sec := sectionNamed(t, st, "eco")
		sec.Slug = "اقتصاد"
		if err := st.UpdateSection(ctx, news.Actor{Name: "مدیر"}, sec, nil); err != nil {
			t.Fatal(err)
		}
		if to, err := st.SectionRedirect(ctx, "eco"); err != nil || to.Slug != "اقتصاد" {
			t.Fatalf("old slug: %+v %v", to, err)
		}
		sec.Slug = "bad slug/"
		if err := st.UpdateSection(ctx, news.Actor{Name: "مدیر"}, sec, nil); news.ErrorCode(err) != news.EINVALID {
			t.Fatalf("a slug with a space and a slash: %v", err)
		}
	})
}

// The newest stories of several sections come in one order, paged, as
// if the sections were one; the total counts them all.
func TestStoriesOfSeveralSections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		base := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
		var want []string
		for i := range 12 {
			slug := []string{"a", "b", "c"}[i%3]
			s := filed(fmt.Sprintf("خبر %02d", i), slug, "سرویس "+slug)
			s.URI = fmt.Sprintf("urn:test:%d", i)
			s.Published = base.Add(time.Duration(i) * time.Hour)
			importAll(t, st, s)
			if slug != "c" {
				want = append([]string{s.Headline}, want...) // newest first
			}
		}
		a, b := sectionNamed(t, st, "a"), sectionNamed(t, st, "b")
		for _, page := range []struct{ offset, limit int }{{0, 3}, {2, 3}, {6, 5}} {
			got, err := st.Stories(ctx, news.StoryFilter{SectionIDs: []int64{a.ID, b.ID}, PublicAt: base.Add(48 * time.Hour),
				Limit: page.limit, Offset: page.offset})
			if err != nil {
				t.Fatal(err)
			}
			var heads []string
			for _, s := range got.Stories {
				heads = append(heads, s.Headline)
			}
			end := min(page.offset+page.limit, len(want))
			if got.Total != 8 || !slices.Equal(heads, want[page.offset:end]) {
				t.Errorf("offset %d: %d total, %v, want %v", page.offset, got.Total, heads, want[page.offset:end])
			}
		}
	})
}
