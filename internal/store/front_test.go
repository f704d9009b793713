package store_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

// stepClock is a store clock the test moves.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *stepClock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// published imports stories with those headlines, an hour apart, and
// returns them as stored.
func published(t *testing.T, st *store.Store, headlines ...string) []*news.Story {
	t.Helper()
	var out []*news.Story
	for i, h := range headlines {
		s := story(h)
		s.Published = time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
		importAll(t, st, s)
		out = append(out, s)
	}
	return out
}

// Each save of the front page is a revision, audited and in the change
// log; a save from an older revision is refused, and only published
// stories may be chosen.
func TestFrontPageRevisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		ss := published(t, st, "نشست سران در پایتخت", "افزایش قیمت نان", "بارش باران در جنوب")
		if f, err := st.FrontPage(ctx); err != nil || f.Chosen() || f.Revision != 0 {
			t.Fatalf("front page before any save: %+v %v", f, err)
		}
		before, _ := st.LatestChange(ctx)
		f, err := st.SetFrontPage(ctx, d.editor, 0, news.FrontPage{LeadID: ss[0].ID, Featured: []int64{ss[2].ID, ss[0].ID, ss[1].ID, ss[2].ID}})
		if err != nil {
			t.Fatal(err)
		}
		if f.Revision != 1 || !slices.Equal(f.Featured, []int64{ss[2].ID, ss[1].ID}) {
			t.Fatalf("saved %+v: want the lead left out of the featured and no repeats", f)
		}
		got, _ := st.FrontPage(ctx)
		if got.LeadID != ss[0].ID || !slices.Equal(got.Featured, f.Featured) || got.By != d.editor.Name {
			t.Fatalf("loaded %+v", got)
		}
		changes, _ := st.Changes(ctx, before, 10)
		if len(changes) != 1 || changes[0].Kind != store.ChangeFront || !changes[0].Public() {
			t.Fatalf("change log: %+v", changes)
		}
		if e, _ := st.Audit(ctx, news.AuditFilter{Action: "front.save"}); len(e) != 1 || e[0].Actor.ID != d.editor.ID {
			t.Fatalf("audit: %+v", e)
		}
		// Another editor started from revision 0: refused.
		if _, err := st.SetFrontPage(ctx, d.admin, 0, news.FrontPage{LeadID: ss[1].ID}); news.ErrorCode(err) != news.ECONFLICT {
			t.Fatalf("stale save: %v", err)
		}
		// An unpublished story cannot be chosen.
		if _, err := st.Unpublish(ctx, d.editor, ss[1].ID, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := st.SetFrontPage(ctx, d.editor, 1, news.FrontPage{LeadID: ss[1].ID}); news.ErrorCode(err) != news.EINVALID {
			t.Fatalf("an unpublished lead: %v", err)
		}
		if f, err = st.SetFrontPage(ctx, d.editor, 1, news.FrontPage{}); err != nil || f.Revision != 2 || f.Chosen() {
			t.Fatalf("cleared: %+v %v", f, err)
		}
	})
}

// A breaking story shows until its expiry or until it is unmarked,
// and only while it is public.
func TestBreaking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		clock := &stepClock{t: time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)}
		st.SetClock(clock.now)
		d := newDesk(t, st)
		ss := published(t, st, "زلزلهٔ پنج ریشتری در کرمان", "تعطیلی مدارس تهران")
		now := clock.now()
		if err := st.SetBreaking(ctx, d.editor, ss[0].ID, now.Add(news.DefaultBreaking)); err != nil {
			t.Fatal(err)
		}
		clock.advance(time.Minute)
		if err := st.SetBreaking(ctx, d.editor, ss[1].ID, clock.now().Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		b, err := st.Breaking(ctx, clock.now())
		if err != nil || len(b) != 2 || b[0].Story.ID != ss[1].ID || b[0].Story.Headline != "تعطیلی مدارس تهران" {
			t.Fatalf("breaking: %+v %v", b, err)
		}
		// The first runs out after its hour.
		clock.advance(time.Hour)
		if b, _ = st.Breaking(ctx, clock.now()); len(b) != 1 || b[0].Story.ID != ss[1].ID {
			t.Fatalf("after an hour: %+v", b)
		}
		before, _ := st.LatestChange(ctx)
		if err := st.ClearBreaking(ctx, d.editor, ss[1].ID); err != nil {
			t.Fatal(err)
		}
		if b, _ = st.Breaking(ctx, clock.now()); len(b) != 0 {
			t.Fatalf("after unmarking: %+v", b)
		}
		changes, _ := st.Changes(ctx, before, 10)
		if len(changes) != 1 || changes[0].Kind != store.ChangeBreaking || changes[0].StoryID != ss[1].ID {
			t.Fatalf("change log: %+v", changes)
		}
		// A killed story leaves the ticker; a draft cannot enter it.
		if err := st.SetBreaking(ctx, d.editor, ss[0].ID, clock.now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Kill(ctx, d.editor, ss[0].ID, 0, "نادرست"); err != nil {
			t.Fatal(err)
		}
		if b, _ = st.Breaking(ctx, clock.now()); len(b) != 0 {
			t.Fatalf("a killed story breaking: %+v", b)
		}
		draft, err := st.CreateDraft(ctx, d.reporter, content("پیش‌نویس خبر فوری"))
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetBreaking(ctx, d.editor, draft.ID, clock.now().Add(time.Hour)); news.ErrorCode(err) != news.ECONFLICT {
			t.Fatalf("a draft marked breaking: %v", err)
		}
		if err := st.SetBreaking(ctx, d.editor, ss[1].ID, clock.now().Add(25*time.Hour)); news.ErrorCode(err) != news.EINVALID {
			t.Fatalf("breaking for 25 hours: %v", err)
		}
	})
}

// Two nodes flushing their counts into one database add up; the most
// read of a day and of a week are told apart.
func TestReadsMergeAcrossNodes(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		a, b := storetest.Open(t, dsn), storetest.Open(t, dsn)
		ss := published(t, a, "خبر پربازدید نخست", "خبر پربازدید دوم", "خبر کم‌بازدید")
		now := time.Date(2024, 3, 8, 12, 0, 0, 0, time.UTC)
		// Six days ago the third story was read a lot.
		if err := a.AddReads(ctx, map[int64]int64{ss[2].ID: 100}, now.Add(-6*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for _, node := range []*store.Store{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := node.AddReads(ctx, map[int64]int64{ss[0].ID: 3, ss[1].ID: 5}, now); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if err := b.AddReads(ctx, map[int64]int64{ss[0].ID: 4}, now); err != nil {
			t.Fatal(err)
		}
		totals, err := a.ReadTotals(ctx, []int64{ss[0].ID, ss[1].ID, ss[2].ID})
		if err != nil || totals[ss[0].ID] != 10 || totals[ss[1].ID] != 10 || totals[ss[2].ID] != 100 {
			t.Fatalf("totals %v %v", totals, err)
		}
		day, err := a.MostRead(ctx, now.Add(-24*time.Hour), now, 5)
		if err != nil || len(day) != 2 {
			t.Fatalf("most read today: %d %v", len(day), err)
		}
		week, _ := a.MostRead(ctx, now.Add(-7*24*time.Hour), now, 5)
		if len(week) != 3 || week[0].ID != ss[2].ID {
			t.Fatalf("most read this week: %+v", week)
		}
	})
}
