package store_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// searchStories is a small edition with the spellings search must see
// through: ZWNJ words, hamza forms, Persian digits.
func searchStories() []*news.Story {
	mk := func(uri, section, headline, lead string, day int) *news.Story {
		return &news.Story{
			URI:       uri,
			Section:   news.Section{Slug: section, Name: section},
			Headline:  headline,
			Lead:      lead,
			Source:    "خبر",
			Body:      "<p>" + lead + "</p>",
			Status:    news.StatusPublished,
			Published: time.Date(2023, 10, day, 9, 0, 0, 0, time.UTC),
		}
	}
	return []*news.Story{
		mk("urn:t:1", "world", "گروه‌های کارشناسی ایران و عمان در مسقط دیدار کردند",
			"نشست کارشناسان دو کشور درباره ترانزیت داده برگزار شد.", 1),
		mk("urn:t:2", "economy", "رئیس بانک مرکزی از کاهش تورم خبر داد",
			"نرخ تورم ماهانه در مهر به ۲ درصد رسید.", 2),
		mk("urn:t:3", "sports", "تیم ملی فوتبال در ورزشگاه آزادی تمرین کرد",
			"بازیکنان تیم ملی برای دیدار با قطر آماده می‌شوند.", 3),
		mk("urn:t:4", "economy", "صادرات فناوری‌های دیجیتال به ۱۵ کشور همسایه",
			"شرکت‌های دانش‌بنیان محصولات خود را به کشورهای همسایه می‌فروشند.", 4),
		mk("urn:t:5", "culture", "نمایشگاه کتاب تهران با حضور ناشران خارجی گشایش یافت",
			"ناشران از سی کشور در نمایشگاه امسال غرفه دارند.", 5),
	}
}

func loadSearchStories(t *testing.T, st *store.Store) {
	t.Helper()
	for _, r := range st.ImportStories(ctx, searchStories()) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
}

func search(t *testing.T, st *store.Store, q news.SearchQuery) news.SearchResult {
	t.Helper()
	res, err := st.Search(ctx, q)
	if err != nil {
		t.Fatalf("search %q: %v", q.Text, err)
	}
	return res
}

func firstURI(res news.SearchResult) string {
	if len(res.Hits) == 0 {
		return ""
	}
	return res.Hits[0].Story.URI
}

func TestSearchSpellings(t *testing.T) {
	cases := []struct{ name, query, want string }{
		{"as written", "گروه‌های کارشناسی", "urn:t:1"},
		{"no ZWNJ", "گروههای کارشناسی", "urn:t:1"},
		{"space for ZWNJ", "گروه های کارشناسی", "urn:t:1"},
		{"Arabic letters", "كارشناسي مسقط", "urn:t:1"},
		{"hamza seat", "رییس بانک مرکزی", "urn:t:2"},
		{"Latin digits", "فناوری 15 کشور", "urn:t:4"},
		{"plural added", "نمایشگاههای کتاب", "urn:t:5"},
		{"one typo", "ورزشگاه آزادى تمرن", "urn:t:3"},
		{"run together", "بانکمرکزی تورم", "urn:t:2"},
		{"run together with a typo", "بانکمرکری", "urn:t:2"},
		{"missing word still found", "تیم ملی فوتبال والیبال", "urn:t:3"},
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		loadSearchStories(t, st)
		for _, c := range cases {
			res := search(t, st, news.SearchQuery{Text: c.query})
			if got := firstURI(res); got != c.want {
				t.Errorf("%s: %q found %q first (of %d), want %q", c.name, c.query, got, res.Total, c.want)
			}
		}
	})
}

func TestSearchSuggestsCorrection(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		loadSearchStories(t, st)
		res := search(t, st, news.SearchQuery{Text: "نمایشگاه ناشرن"})
		if firstURI(res) != "urn:t:5" || !strings.Contains(res.Suggestion, "ناشران") {
			t.Fatalf("typo: first %q, suggestion %q", firstURI(res), res.Suggestion)
		}
		// The rest of what the reader typed, stop words included, stays.
		res = search(t, st, news.SearchQuery{Text: "نمایشگاه در  ناشرن"})
		if res.Suggestion != "نمایشگاه در ناشران" {
			t.Fatalf("suggestion %q keeps the query's other words", res.Suggestion)
		}
		res = search(t, st, news.SearchQuery{Text: "بانکمرکزی"})
		if res.Suggestion != "بانک مرکزی" {
			t.Fatalf("run-together suggestion %q", res.Suggestion)
		}
		if res := search(t, st, news.SearchQuery{Text: "نمایشگاه کتاب"}); res.Suggestion != "" {
			t.Fatalf("suggestion %q for a correct query", res.Suggestion)
		}
	})
}

func TestSearchFiltersAndVisibility(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		loadSearchStories(t, st)
		res := search(t, st, news.SearchQuery{Text: "کشور", SectionSlug: "economy"})
		if res.Total != 1 || firstURI(res) != "urn:t:4" {
			t.Fatalf("section filter: %d hits, first %q", res.Total, firstURI(res))
		}
		res = search(t, st, news.SearchQuery{Text: "کشور",
			From: time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2023, 10, 2, 0, 0, 0, 0, time.UTC)})
		if res.Total != 1 || firstURI(res) != "urn:t:1" {
			t.Fatalf("date filter: %d hits, first %q", res.Total, firstURI(res))
		}
		if res := search(t, st, news.SearchQuery{Text: "کشور", SectionSlug: "nope"}); res.Total != 0 {
			t.Fatalf("unknown section found %d", res.Total)
		}

		// Unpublishing takes a story out of search at once; publishing
		// brings it back, with an edit.
		editor := addUser(t, st, "editor", news.RoleEditor)
		s, err := st.StoryByURI(ctx, "urn:t:5")
		if err != nil {
			t.Fatal(err)
		}
		if s, err = st.Unpublish(ctx, editor, s.ID, s.Revision); err != nil {
			t.Fatal(err)
		}
		if res := search(t, st, news.SearchQuery{Text: "نمایشگاه کتاب"}); res.Total != 0 {
			t.Fatalf("unpublished story found: %d", res.Total)
		}
		c := news.ContentOf(s)
		c.Headline = "نمایشگاه کتاب کودک تهران گشایش یافت"
		if s, err = st.Write(ctx, editor, s.ID, store.Command{Action: news.ActionPublish, Base: s.Revision, Content: &c}); err != nil {
			t.Fatal(err)
		}
		if res := search(t, st, news.SearchQuery{Text: "کتاب کودک"}); firstURI(res) != "urn:t:5" {
			t.Fatalf("edited story not found by its new headline")
		}
		// A story scheduled for later is not found before its time, nor
		// an imported one dated in the future.
		d, err := st.CreateDraft(ctx, editor, news.Content{Section: "world", Headline: "خبر زمان‌بندی‌شده درباره زلزله"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.Schedule(ctx, editor, d.ID, d.Revision, time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		later := &news.Story{Headline: "خبر آینده درباره سیل", Status: news.StatusPublished, Published: time.Now().Add(time.Hour)}
		if r := st.ImportStories(ctx, []*news.Story{later}); r[0].Err != nil {
			t.Fatal(r[0].Err)
		}
		// Nor does their vocabulary correct anything: «سیل» is no
		// word yet, and nothing near it either.
		for _, q := range []string{"زلزله", "سیل", "زلزل", "سیلل"} {
			res := search(t, st, news.SearchQuery{Text: q})
			for _, h := range res.Hits {
				if h.Story.ID == d.ID || strings.Contains(h.Story.Headline, "آینده") {
					t.Fatalf("%q: a story found before its time", q)
				}
			}
			if strings.Contains(res.Suggestion, "سیل") || strings.Contains(res.Suggestion, "زلزله") {
				t.Fatalf("%q: suggestion %q from a story not yet public", q, res.Suggestion)
			}
		}
	})
}

func TestSearchOddInput(t *testing.T) {
	queries := []string{"", "   \t\n", `"`, `*`, "NEAR(a b)", "head:کتاب", "-کتاب", "(کتاب) OR (", "کتاب' OR 1=1; --",
		"'; DROP TABLE stories; --", "کتاب\xff\xfe", strings.Repeat("کتاب ", 2000), "\x00", "ـــ", "۰۱۲"}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		loadSearchStories(t, st)
		for _, q := range queries {
			if _, err := st.Search(ctx, news.SearchQuery{Text: q}); err != nil {
				t.Errorf("search %.20q: %v", q, err)
			}
		}
		if n, _ := st.StoryCount(ctx); n != 5 {
			t.Fatalf("stories after odd queries: %d", n)
		}
		// Paging past the end is empty, not an error.
		res := search(t, st, news.SearchQuery{Text: "کشور", Offset: 100})
		if len(res.Hits) != 0 || res.Total == 0 {
			t.Fatalf("past the end: %d hits of %d", len(res.Hits), res.Total)
		}
	})
}

// Both databases hold the same index and rank with the same arithmetic,
// so they return the same stories in the same order with equal scores.
func TestSearchRanksAlikeOnBothDatabases(t *testing.T) {
	sq, pg := storetest.SQLite(t), storetest.Postgres(t)
	loadSearchStories(t, sq)
	loadSearchStories(t, pg)
	for _, q := range []string{"کشور", "ایران عمان", "تیم ملی", "نمایشگاه کتاب تهران", "کارشناسي", "تورم"} {
		a := search(t, sq, news.SearchQuery{Text: q})
		b := search(t, pg, news.SearchQuery{Text: q})
		var ua, ub []string
		for i := range a.Hits {
			ua = append(ua, a.Hits[i].Story.URI)
		}
		for i := range b.Hits {
			ub = append(ub, b.Hits[i].Story.URI)
		}
		if !slices.Equal(ua, ub) || a.Total != b.Total {
			t.Errorf("%q: sqlite %v, postgres %v", q, ua, ub)
			continue
		}
		for i := range a.Hits {
			if d := a.Hits[i].Score - b.Hits[i].Score; d > 1e-9 || d < -1e-9 {
				t.Errorf("%q: score %d differs: %v vs %v", q, i, a.Hits[i].Score, b.Hits[i].Score)
			}
		}
	}
}

// Terms too common to read the postings of are scored from the
// candidates' forward entries: the same stories come first as when every
// list is read, and a filter that leaves no candidate is no error.
func TestSearchCommonTermsFromForwardEntries(t *testing.T) {
	queries := []string{"کشور همسایه فناوری", "تیم ملی قطر", "نمایشگاه کتاب کشور", "کارشناسان کشور"}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		loadSearchStories(t, st)
		var want []string
		for _, q := range queries {
			want = append(want, firstURI(search(t, st, news.SearchQuery{Text: q})))
		}
		st.SetLongList(1) // «کشور» and the like are now long
		for i, q := range queries {
			if got := firstURI(search(t, st, news.SearchQuery{Text: q})); got != want[i] || got == "" {
				t.Errorf("%q: first %q with forward entries, %q without", q, got, want[i])
			}
		}
		res := search(t, st, news.SearchQuery{Text: "کشور همسایه فناوری", SectionSlug: "sports"})
		if res.Total != 0 {
			t.Errorf("section filter: %d hits", res.Total)
		}
		// Only common words: their lists are read after all.
		if res := search(t, st, news.SearchQuery{Text: "کشور"}); res.Total < 2 {
			t.Errorf("common word alone: %d hits", res.Total)
		}
	})
}

// Searches share the room their ranking is done in, one after another
// and side by side: what one search scored never shows in the next.
func TestSearchesShareNoScores(t *testing.T) {
	st := storetest.SQLite(t)
	loadSearchStories(t, st)
	queries := []string{"تیم ملی", "تورم بانک مرکزی", "کشور", "نمایشگاه کتاب تهران", "گروه ایران عمان"}
	type answer struct {
		uris  []string
		total int
	}
	ask := func(q string) answer {
		res, err := st.Search(ctx, news.SearchQuery{Text: q})
		if err != nil {
			t.Errorf("search %q: %v", q, err)
			return answer{}
		}
		a := answer{total: res.Total}
		for _, h := range res.Hits {
			a.uris = append(a.uris, h.Story.URI)
		}
		return a
	}
	alone := map[string]answer{}
	for _, q := range queries {
		alone[q] = ask(q)
		if alone[q].total == 0 {
			t.Fatalf("%q finds nothing", q)
		}
	}
	done := make(chan struct{})
	for w := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 50 {
				q := queries[(w+i)%len(queries)]
				if got := ask(q); !slices.Equal(got.uris, alone[q].uris) || got.total != alone[q].total {
					t.Errorf("%q after other searches: %v (%d), alone %v (%d)", q, got.uris, got.total, alone[q].uris, alone[q].total)
					return
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
}
