package store_test

import (
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// wireItem is an item for the store alone: its analysis made up, one
// band and a fingerprint of its own.
func wireItem(guid, headline string, band int64) store.NewWireItem {
	return store.NewWireItem{
		Item: &news.WireItem{GUID: guid, Headline: headline, Lead: "لید " + headline, Link: "https://isna.example/" + guid,
			Published: time.Date(2023, 10, 26, 9, 0, 0, 0, time.UTC)},
		Analysis: store.WireAnalysis{Fingerprint: "fp-" + guid, Signature: []byte{1}, Bands: []int64{band},
			Terms: " " + headline + " "},
	}
}

func TestWireDesk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		now := time.Date(2023, 10, 26, 12, 0, 0, 0, time.UTC)
		st.SetClock(func() time.Time { return now })
		src := &news.WireSource{URL: "https://isna.example/rss", Credit: "ایسنا", Enabled: true}
		if err := st.AddWireSource(ctx, d.admin, src); err != nil {
			t.Fatal(err)
		}
		if err := st.AddWireSource(ctx, d.admin, &news.WireSource{URL: src.URL, Credit: "دیگر"}); news.ErrorCode(err) != news.ECONFLICT {
			t.Errorf("the same URL twice: %v, want a conflict", err)
		}
		if err := st.AddWireSource(ctx, d.admin, &news.WireSource{URL: "ftp://x", Credit: "x"}); news.ErrorCode(err) != news.EINVALID {
			t.Errorf("an ftp URL: %v, want invalid", err)
		}
		// Items sharing a band join the group pick chooses.
		joinFirst := func(n store.NewWireItem, c []store.WireCandidate) int64 {
			if len(c) > 0 {
				return c[0].Group
			}
			return 0
		}
		added, err := st.AddWireItems(ctx, src, []store.NewWireItem{
			wireItem("a", "نیروگاه", 7), wireItem("b", "نیروگاه خورشیدی", 7), wireItem("c", "برف", 9),
			wireItem("a", "نیروگاه دوباره", 11), // the same guid
		}, joinFirst)
		if err != nil || added != 3 {
			t.Fatalf("added %d, %v; want 3", added, err)
		}
		dup := wireItem("d", "همان متن", 12)
		dup.Analysis.Fingerprint = "fp-c"
		if n, err := st.AddWireItems(ctx, src, []store.NewWireItem{dup}, joinFirst); err != nil || n != 0 {
			t.Errorf("the same text again: added %d, %v", n, err)
		}
		items, next, err := st.WireItems(ctx, news.WireFilter{Limit: 2}, nil)
		if err != nil || len(items) != 2 || next == "" {
			t.Fatalf("page 1: %d items, next %q, %v", len(items), next, err)
		}
		rest, next2, err := st.WireItems(ctx, news.WireFilter{Limit: 2, Cursor: next}, nil)
		if err != nil || len(rest) != 1 || next2 != "" {
			t.Fatalf("page 2: %d items, next %q, %v", len(rest), next2, err)
		}
		a, b, c := rest[0], items[1], items[0]
		if a.Headline != "نیروگاه" || c.Headline != "برف" || a.Group != a.ID || b.Group != a.ID || c.Group != c.ID {
			t.Errorf("order or groups: %+v %+v %+v", a, b, c)
		}
		if a.Credit != "ایسنا" || a.SourceID != src.ID || !a.Arrived.Equal(now) {
			t.Errorf("item a: %+v", a)
		}
		if _, _, err := st.WireItems(ctx, news.WireFilter{Cursor: "x"}, nil); news.ErrorCode(err) != news.EINVALID {
			t.Errorf("a made-up cursor: %v", err)
		}
		found, _, _ := st.WireItems(ctx, news.WireFilter{}, []string{"خورشیدی"})
		if len(found) != 1 || found[0].ID != b.ID {
			t.Errorf("search found %v", found)
		}
		groups, err := st.WireGroups(ctx, []int64{a.ID})
		if err != nil || len(groups[a.ID]) != 2 {
			t.Errorf("group of a: %v, %v", groups, err)
		}

		// Republish: a draft with the origin, once.
		build := func(it *news.WireItem) news.Content {
			return news.Content{Section: "economy", Headline: it.Headline, Lead: it.Lead, Source: it.Credit}
		}
		if _, err := st.RepublishWire(ctx, d.moderator, a.ID, build); news.ErrorCode(err) != news.EFORBIDDEN {
			t.Errorf("a moderator republished: %v", err)
		}
		story, err := st.RepublishWire(ctx, d.editor, a.ID, build)
		if err != nil {
			t.Fatal(err)
		}
		if story.Status != news.StatusDraft || story.Source != "ایسنا" || story.Origin == nil || story.Origin.Link != "https://isna.example/a" {
			t.Errorf("republished %+v", story)
		}
		again, err := st.StoryByID(ctx, story.ID)
		if err != nil || again.Origin == nil || !again.Origin.Published.Equal(a.Published) || again.Origin.Credit != "ایسنا" {
			t.Errorf("origin read back: %+v, %v", again.Origin, err)
		}
		if _, err := st.RepublishWire(ctx, d.editor, a.ID, build); news.ErrorCode(err) != news.ECONFLICT {
			t.Errorf("republished twice: %v", err)
		}
		if it, _ := st.WireItem(ctx, a.ID); it.Story != story.ID {
			t.Errorf("the item does not name its story: %d", it.Story)
		}

		// Retention: old items go, a republished one stays.
		now = now.Add(31 * 24 * time.Hour)
		n, err := st.PurgeWire(ctx, now.Add(-30*24*time.Hour))
		if err != nil || n != 2 {
			t.Errorf("purged %d, %v; want 2", n, err)
		}
		if _, err := st.WireItem(ctx, a.ID); err != nil {
			t.Errorf("the republished item was purged: %v", err)
		}
		// Removing the source keeps the republished item and its credit.
		if err := st.RemoveWireSource(ctx, d.admin, src.ID); err != nil {
			t.Fatal(err)
		}
		if it, err := st.WireItem(ctx, a.ID); err != nil || it.Credit != "ایسنا" {
			t.Errorf("after removing the source: %+v, %v", it, err)
		}
		if list, _ := st.WireSources(ctx); len(list) != 0 {
			t.Errorf("sources left: %v", list)
		}
	})
}

// Candidates come from earlier polls through the stored bands and
// signatures, among the items of the last week only.
func TestWireGroupsAcrossPolls(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		now := time.Date(2023, 10, 26, 12, 0, 0, 0, time.UTC)
		st.SetClock(func() time.Time { return now })
		src := &news.WireSource{URL: "https://irna.example/rss", Credit: "ایرنا", Enabled: true}
		if err := st.AddWireSource(ctx, d.admin, src); err != nil {
			t.Fatal(err)
		}
		var seen [][]store.WireCandidate
		joinFirst := func(n store.NewWireItem, c []store.WireCandidate) int64 {
			seen = append(seen, c)
			if len(c) > 0 {
				return c[0].Group
			}
			return 0
		}
		add := func(items ...store.NewWireItem) {
			t.Helper()
			if _, err := st.AddWireItems(ctx, src, items, joinFirst); err != nil {
				t.Fatal(err)
			}
		}
		first := wireItem("x1", "زلزله در کرمان", 21)
		first.Analysis.Signature = []byte{7, 7}
		add(first)
		now = now.Add(3 * time.Hour)
		second := wireItem("x2", "زلزلهٔ کرمان", 21)
		add(second, wireItem("x3", "بارش باران", 22))
		if second.Item.Group != first.Item.ID {
			t.Errorf("a telling in a later poll: group %d, want %d", second.Item.Group, first.Item.ID)
		}
		if c := seen[1]; len(c) != 1 || c[0].ID != first.Item.ID || string(c[0].Signature) != "\x07\x07" {
			t.Errorf("candidates of the later telling: %+v", c)
		}
		now = now.Add(8 * 24 * time.Hour)
		late := wireItem("x4", "زلزله کرمان، یک هفته بعد", 21)
		add(late)
		if late.Item.Group != late.Item.ID || len(seen[3]) != 0 {
			t.Errorf("an item a week later joined %d (candidates %+v)", late.Item.Group, seen[3])
		}
	})
}

// Only one node polls: the lock is held by one store at a time.
func TestWirePollerLock(t *testing.T) {
	url := storetest.PostgresURL(t)
	a, b := storetest.Open(t, url), storetest.Open(t, url)
	la, err := a.TryLock(ctx, store.LockWirePoller)
	if err != nil || la == nil {
		t.Fatalf("first lock: %v %v", la, err)
	}
	if lb, err := b.TryLock(ctx, store.LockWirePoller); err != nil || lb != nil {
		t.Fatalf("second node got the lock too: %v %v", lb, err)
	}
	if err := la.Held(ctx); err != nil {
		t.Error(err)
	}
	la.Release()
	lb, err := b.TryLock(ctx, store.LockWirePoller)
	if err != nil || lb == nil {
		t.Fatalf("after release: %v %v", lb, err)
	}
	lb.Release()
}
