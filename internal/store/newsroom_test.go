package store_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

func found(t *testing.T, st *store.Store, q string) int {
	t.Helper()
	res, err := st.Search(ctx, news.SearchQuery{Text: q})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// A story from its first draft to its kill, through every hand.
func TestStoryLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		s, err := st.CreateDraft(ctx, d.reporter, content("سامانهٔ تازهٔ پرداخت در بندرعباس"))
		if err != nil {
			t.Fatal(err)
		}
		if s.ID == 0 || s.Code != 0 || s.Revision != 1 || s.Status != news.StatusDraft || s.AuthorID != d.reporter.ID {
			t.Fatalf("new draft %+v", s)
		}
		if found(t, st, "بندرعباس") != 0 {
			t.Fatal("a draft is found by search")
		}
		// The reporter edits and submits; nobody else's reporter may.
		c := content("سامانهٔ تازهٔ پرداخت الکترونیکی در بندرعباس")
		if _, err := st.SaveStory(ctx, d.reporter2, s.ID, s.Revision, c); news.ErrorCode(err) != news.EFORBIDDEN {
			t.Fatalf("another reporter saved: %v", err)
		}
		if s, err = st.SaveStory(ctx, d.reporter, s.ID, s.Revision, c); err != nil || s.Revision != 2 {
			t.Fatalf("save: %v %+v", err, s)
		}
		if s, err = st.Submit(ctx, d.reporter, s.ID, s.Revision); err != nil || s.Status != news.StatusSubmitted {
			t.Fatalf("submit: %v", err)
		}
		// A reporter cannot publish, not even their own story.
		if _, err := st.Publish(ctx, d.reporter, s.ID, s.Revision); news.ErrorCode(err) != news.EFORBIDDEN {
			t.Fatalf("reporter published: %v", err)
		}
		if _, err := st.Publish(ctx, d.moderator, s.ID, s.Revision); news.ErrorCode(err) != news.EFORBIDDEN {
			t.Fatalf("moderator published: %v", err)
		}
		if s, err = st.Publish(ctx, d.editor, s.ID, s.Revision); err != nil {
			t.Fatal(err)
		}
		if s.Status != news.StatusPublished || s.Code < 100001 || s.Published.IsZero() {
			t.Fatalf("published %+v", s)
		}
		code := s.Code
		if found(t, st, "بندرعباس") != 1 {
			t.Fatal("published story not found by search")
		}
		if _, err := st.Publish(ctx, d.editor, s.ID, s.Revision); news.ErrorCode(err) != news.ECONFLICT {
			t.Fatalf("published twice: %v", err)
		}
		// A correction keeps it published, with its notice.
		if _, err := st.Correct(ctx, d.editor, s.ID, s.Revision, ""); news.ErrorField(err) != "note" {
			t.Fatalf("correction without text: %v", err)
		}
		if s, err = st.Correct(ctx, d.editor, s.ID, s.Revision, "نام استان در لید اصلاح شد."); err != nil {
			t.Fatal(err)
		}
		got, err := st.StoryByCode(ctx, code)
		if err != nil || got.Status != news.StatusPublished || len(got.Corrections) != 1 ||
			got.Corrections[0].Note != "نام استان در لید اصلاح شد." {
			t.Fatalf("after correction: %v %+v", err, got)
		}
		// Killed: gone from search; only an admin brings it back.
		if s, err = st.Kill(ctx, d.editor, s.ID, s.Revision, "درخواست مرجع قضایی"); err != nil || s.Status != news.StatusKilled {
			t.Fatalf("kill: %v", err)
		}
		if found(t, st, "بندرعباس") != 0 {
			t.Fatal("killed story found by search")
		}
		if _, err := st.SaveStory(ctx, d.editor, s.ID, s.Revision, c); news.ErrorCode(err) != news.ECONFLICT {
			t.Fatalf("killed story edited: %v", err)
		}
		if _, err := st.Restore(ctx, d.editor, s.ID, s.Revision); news.ErrorCode(err) != news.EFORBIDDEN {
			t.Fatalf("editor restored: %v", err)
		}
		if s, err = st.Restore(ctx, d.admin, s.ID, s.Revision); err != nil || s.Status != news.StatusUnpublished || s.Code != code {
			t.Fatalf("restore: %v %+v", err, s)
		}
		// Every step is a revision, newest first, each with its actor.
		revs, err := st.Revisions(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []news.Action
		for _, r := range revs {
			actions = append(actions, r.Action)
		}
		want := []news.Action{news.ActionRestore, news.ActionKill, news.ActionCorrect, news.ActionPublish,
			news.ActionSubmit, news.ActionSave, news.ActionCreate}
		if !slices.Equal(actions, want) || revs[0].Number != 7 || revs[0].Actor.ID != d.admin.ID || revs[1].Note != "درخواست مرجع قضایی" {
			t.Fatalf("revisions %v", actions)
		}
		first, err := st.Revision(ctx, s.ID, 1)
		if err != nil || first.Content.Headline != "سامانهٔ تازهٔ پرداخت در بندرعباس" || first.Actor.ID != d.reporter.ID {
			t.Fatalf("revision 1: %v %+v", err, first)
		}
		latest, err := st.Revision(ctx, s.ID, 7)
		if err != nil || latest.Content.Headline != c.Headline {
			t.Fatalf("revision 7: %v %+v", err, latest)
		}
		// And the audit log says who did what.
		log, err := st.Audit(ctx, news.AuditFilter{Kind: "story", ObjectID: s.ID})
		if err != nil || len(log) != 7 || log[0].Action != "restore" || log[0].Actor.ID != d.admin.ID {
			t.Fatalf("audit: %v %+v", err, log)
		}
		if log, _ := st.Audit(ctx, news.AuditFilter{ActorID: d.reporter.ID, Kind: "story"}); len(log) != 3 {
			t.Fatalf("reporter's audit entries: %d", len(log))
		}
	})
}

// Two editors save the same revision: the second is told, with the
// other's change, and overwrites nothing.
func TestStaleSaveIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		s, err := st.CreateDraft(ctx, d.editor, content("تیتر نخست"))
		if err != nil {
			t.Fatal(err)
		}
		a, b := content("تیتر ویراستهٔ دبیر یکم"), content("تیتر ویراستهٔ دبیر دوم")
		if _, err := st.SaveStory(ctx, d.editor, s.ID, s.Revision, a); err != nil {
			t.Fatal(err)
		}
		_, err = st.SaveStory(ctx, d.admin, s.ID, s.Revision, b)
		var stale *news.Stale
		if !errors.As(err, &stale) || news.ErrorCode(err) != news.ESTALE {
			t.Fatalf("stale save: %v", err)
		}
		if stale.Current.Revision != 2 || stale.Current.Headline != a.Headline || stale.Base.Content.Headline != "تیتر نخست" {
			t.Fatalf("stale error carries %+v / %+v", stale.Current, stale.Base)
		}
		if !strings.Contains(news.ErrorMessage(err), "ویرایش شده") {
			t.Errorf("message %q", news.ErrorMessage(err))
		}
		got, _ := st.StoryByID(ctx, s.ID)
		if got.Headline != a.Headline || got.Revision != 2 {
			t.Fatalf("overwritten: %+v", got)
		}
		// Saving the same text again records nothing.
		again, err := st.SaveStory(ctx, d.editor, s.ID, 2, a)
		if err != nil || again.Revision != 2 {
			t.Fatalf("no-op save: %v rev %d", err, again.Revision)
		}
	})
}

// Many writers race on one story from the same revision: exactly one
// wins, every other gets a stale error.
func TestConcurrentSavesOneWins(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		s, err := st.CreateDraft(ctx, d.editor, content("تیتر نخست"))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins, stales := 0, 0
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c := content("تیتر نسخهٔ " + strings.Repeat("ب", i+1))
				_, err := st.SaveStory(ctx, d.editor, s.ID, s.Revision, c)
				mu.Lock()
				defer mu.Unlock()
				switch news.ErrorCode(err) {
				case "":
					wins++
				case news.ESTALE:
					stales++
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if wins != 1 || stales != 7 {
			t.Fatalf("%d wins, %d stale", wins, stales)
		}
	})
}

// Two schedulers (two nodes on one database) race for the same due
// stories: each story is published once, with one code.
func TestScheduledPublishesOnce(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		nodes := [2]*store.Store{storetest.Open(t, dsn), storetest.Open(t, dsn)}
		st := nodes[0]
		d := newDesk(t, st)
		now := time.Now().UTC()
		var ids []int64
		for i := range 6 {
			s, err := st.CreateDraft(ctx, d.editor, content("خبر زمان‌بندی‌شدهٔ شمارهٔ "+strings.Repeat("۱", i+1)))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.Schedule(ctx, d.editor, s.ID, s.Revision, now.Add(time.Minute)); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, s.ID)
		}
		if _, err := st.Schedule(ctx, d.editor, ids[0], 2, now.Add(-time.Minute)); news.ErrorField(err) != "at" {
			t.Fatalf("scheduled in the past: %v", err)
		}
		if got, err := st.PublishDue(ctx); err != nil || len(got) != 0 {
			t.Fatalf("published before their time: %v %d", err, len(got))
		}
		later := func() time.Time { return now.Add(2 * time.Minute) }
		nodes[0].SetClock(later)
		nodes[1].SetClock(later)
		var wg sync.WaitGroup
		var counts [2]int
		for i, n := range nodes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, err := n.PublishDue(ctx)
				if err != nil {
					t.Error(err)
				}
				counts[i] = len(got)
			}()
		}
		wg.Wait()
		if counts[0]+counts[1] != len(ids) {
			t.Fatalf("published %v, want %d in all", counts, len(ids))
		}
		codes := map[int64]bool{}
		for _, id := range ids {
			s, err := st.StoryByID(ctx, id)
			if err != nil || s.Status != news.StatusPublished || s.Code == 0 || codes[s.Code] {
				t.Fatalf("story %d: %v %+v", id, err, s)
			}
			codes[s.Code] = true
			if !s.Published.Equal(now.Add(time.Minute).Truncate(time.Microsecond)) {
				t.Errorf("published at %v, want the scheduled time", s.Published)
			}
			revs, _ := st.Revisions(ctx, id)
			n := 0
			for _, r := range revs {
				if r.Action == news.ActionPublish {
					n++
				}
			}
			if n != 1 || revs[0].Actor.Name != news.ActorScheduler.Name {
				t.Fatalf("story %d published %d times", id, n)
			}
		}
		if got, _ := nodes[1].PublishDue(ctx); len(got) != 0 {
			t.Fatalf("published again: %d", len(got))
		}
	})
}

// A wire or archive re-send never undoes what the newsroom decided.
func TestImportNeverUndoesTheNewsroom(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		imp := func(s *news.Story) store.ImportResult {
			t.Helper()
			r := st.ImportStories(ctx, []*news.Story{story2(s)})[0]
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			return r
		}
		a := story("خبر واردشدهٔ نخست")
		a.URI = "urn:wire:a"
		imp(a)
		got, _ := st.StoryByURI(ctx, a.URI)
		if _, err := st.Unpublish(ctx, d.editor, got.ID, got.Revision); err != nil {
			t.Fatal(err)
		}
		a.Headline = "خبر واردشدهٔ نخست، بازنشر"
		if r := imp(a); r.Skipped == "" {
			t.Fatalf("re-send of an unpublished story: %+v", r)
		}
		if got, _ = st.StoryByURI(ctx, a.URI); got.Status != news.StatusUnpublished || got.Headline != "خبر واردشدهٔ نخست" {
			t.Fatalf("re-send changed it: %s %q", got.Status, got.Headline)
		}

		b := story("خبر واردشدهٔ دوم")
		b.URI = "urn:wire:b"
		imp(b)
		got, _ = st.StoryByURI(ctx, b.URI)
		if _, err := st.Kill(ctx, d.editor, got.ID, got.Revision, ""); err != nil {
			t.Fatal(err)
		}
		if r := imp(b); r.Skipped == "" {
			t.Fatalf("re-send of a killed story: %+v", r)
		}
		if got, _ = st.StoryByURI(ctx, b.URI); got.Status != news.StatusKilled {
			t.Fatalf("killed story now %s", got.Status)
		}

		// Untouched by the newsroom: the source may update it and
		// withdraw it, but its re-send does not publish it again.
		c := story("خبر واردشدهٔ سوم")
		c.URI = "urn:wire:c"
		imp(c)
		c.Headline = "خبر واردشدهٔ سوم با تیتر تازه"
		if r := imp(c); r.Skipped != "" || r.Created || r.Unchanged {
			t.Fatalf("update: %+v", r)
		}
		c.Status = news.StatusUnpublished
		imp(c)
		if got, _ = st.StoryByURI(ctx, c.URI); got.Status != news.StatusUnpublished || got.Headline != c.Headline {
			t.Fatalf("withdrawal: %s %q", got.Status, got.Headline)
		}
		c.Status = news.StatusPublished
		imp(c)
		if got, _ = st.StoryByURI(ctx, c.URI); got.Status != news.StatusUnpublished {
			t.Fatalf("re-send republished a withdrawn story")
		}
		if revs, _ := st.Revisions(ctx, got.ID); len(revs) != 3 || revs[0].Action != news.ActionImport {
			t.Fatalf("import revisions: %+v", revs)
		}
	})
}

// Saving a draft leaves the search alone; publishing one story updates
// the search statistics without reloading them.
func TestSearchFollowsChangesIncrementally(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		loadSearchStories(t, st)
		if found(t, st, "کتاب") != 1 {
			t.Fatal("search broken")
		}
		reloads := st.SearchReloads()
		before, _ := st.LatestChange(ctx)
		s, err := st.CreateDraft(ctx, d.reporter, content("کتاب‌های تازهٔ کودکان در کتابخانه‌ها"))
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			c := content("کتاب‌های تازهٔ کودکان در کتابخانه‌ها" + strings.Repeat("!", i+1))
			if s, err = st.SaveStory(ctx, d.reporter, s.ID, s.Revision, c); err != nil {
				t.Fatal(err)
			}
		}
		changes, err := st.Changes(ctx, before, 100)
		if err != nil || len(changes) != 4 {
			t.Fatalf("%d changes for a draft and three saves (%v)", len(changes), err)
		}
		for _, c := range changes {
			if c.Public() || c.StoryID != s.ID {
				t.Fatalf("a draft's change %+v touches the public side", c)
			}
		}
		if found(t, st, "کتاب") != 1 || st.SearchReloads() != reloads {
			t.Fatal("a draft changed the search")
		}
		if _, err := st.Publish(ctx, d.editor, s.ID, s.Revision); err != nil {
			t.Fatal(err)
		}
		if found(t, st, "کتاب") != 2 || found(t, st, "کودکان") != 1 {
			t.Fatal("published story not found")
		}
		if st.SearchReloads() != reloads {
			t.Fatal("publishing one story reloaded the search statistics")
		}
		last, _ := st.Changes(ctx, before+4, 10)
		if len(last) != 1 || last[0].Search != 1 || !strings.Contains(last[0].Terms, "+کودک") {
			t.Fatalf("publish change %+v", last)
		}
	})
}

// Another node's writes reach this node's search.
func TestSearchFollowsAnotherNode(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		a, b := storetest.Open(t, dsn), storetest.Open(t, dsn)
		d := newDesk(t, a)
		if found(t, b, "زعفران") != 0 {
			t.Fatal("found before")
		}
		s, err := a.CreateDraft(ctx, d.editor, content("برداشت زعفران در قائنات آغاز شد"))
		if err != nil {
			t.Fatal(err)
		}
		if s, err = a.Publish(ctx, d.editor, s.ID, s.Revision); err != nil {
			t.Fatal(err)
		}
		if found(t, b, "زعفران") != 1 {
			t.Fatal("the other node does not see the published story")
		}
		if _, err := a.Kill(ctx, d.editor, s.ID, s.Revision, ""); err != nil {
			t.Fatal(err)
		}
		if found(t, b, "زعفران") != 0 {
			t.Fatal("the other node still finds the killed story")
		}
	})
}

func TestDeskStories(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		d := newDesk(t, st)
		headlines := []string{"گروه‌های امداد در سیستان", "بارش برف در اردبیل", "رئیس سازمان هواشناسی هشدار داد", "کتابخانه‌های عمومی"}
		var ids []int64
		for i, h := range headlines {
			actor := d.reporter
			if i%2 == 1 {
				actor = d.editor
			}
			s, err := st.CreateDraft(ctx, actor, content(h))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, s.ID)
		}
		s, _ := st.StoryByID(ctx, ids[1])
		if _, err := st.Publish(ctx, d.editor, s.ID, s.Revision); err != nil {
			t.Fatal(err)
		}
		list := func(f news.DeskFilter) []string {
			t.Helper()
			p, err := st.DeskStories(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, s := range p.Stories {
				out = append(out, s.Headline)
			}
			return out
		}
		if got := list(news.DeskFilter{}); len(got) != 4 || got[0] != "بارش برف در اردبیل" {
			t.Fatalf("all, last changed first: %v", got)
		}
		if got := list(news.DeskFilter{Status: news.StatusPublished}); len(got) != 1 {
			t.Fatalf("published: %v", got)
		}
		if got := list(news.DeskFilter{AuthorID: d.reporter.ID}); len(got) != 2 {
			t.Fatalf("by author: %v", got)
		}
		// Headline search sees through spelling: Arabic letters, a
		// missing ZWNJ, hamza forms.
		for q, want := range map[string]string{
			"گروههاي":        "گروه‌های امداد در سیستان",
			"گروه های امداد": "گروه‌های امداد در سیستان",
			"رييس":           "رئیس سازمان هواشناسی هشدار داد",
			"كتابخانه":       "کتابخانه‌های عمومی",
		} {
			if got := list(news.DeskFilter{Headline: q}); len(got) != 1 || got[0] != want {
				t.Errorf("headline %q: %v", q, got)
			}
		}
		if got := list(news.DeskFilter{Headline: "واژه‌ای که نیست"}); len(got) != 0 {
			t.Errorf("nonsense found %v", got)
		}
		// Paging by cursor returns every story once.
		var seen []int64
		f := news.DeskFilter{Limit: 3}
		for {
			p, err := st.DeskStories(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range p.Stories {
				seen = append(seen, s.ID)
			}
			if p.Next == "" {
				break
			}
			f.After = p.Next
		}
		slices.Sort(seen)
		if !slices.Equal(seen, ids) {
			t.Fatalf("paged %v, want %v", seen, ids)
		}
		if _, err := st.DeskStories(ctx, news.DeskFilter{After: "zz"}); news.ErrorCode(err) != news.EINVALID {
			t.Fatalf("bad cursor: %v", err)
		}
	})
}

// A database left by an older khabar (before the newsroom) keeps its
// stories, codes and search when it is migrated.
func TestMigrateFromBeforeTheNewsroom(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		old, err := store.OpenMigratedTo(ctx, dsn, 2)
		if err != nil {
			t.Fatal(err)
		}
		old.Close()
		// Write as the old schema did: a code on every story.
		db := storetest.SQL(t, dsn)
		for _, q := range []string{
			`INSERT INTO sections (id, slug, name, position) VALUES (1, 'economy', 'اقتصادی', 1)`,
			`INSERT INTO news_codes (code) VALUES (101870)`,
			`INSERT INTO stories (id, code, uri, section_id, headline, status, published_us) VALUES (1, 101870, 'urn:old:1', 1, 'خبر قدیمی دربارهٔ زعفران', 'published', 1698326100000000)`,
			`INSERT INTO story_tags (story_id, position, tag) VALUES (1, 0, 'زعفران')`,
		} {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(q, err)
			}
		}
		st := storetest.Open(t, dsn)
		got, err := st.StoryByCode(ctx, 101870)
		if err != nil || got.Revision != 1 || !slices.Equal(got.Tags, []string{"زعفران"}) {
			t.Fatalf("migrated story: %v %+v", err, got)
		}
		if revs, err := st.Revisions(ctx, got.ID); err != nil || len(revs) != 1 || revs[0].Action != news.ActionImport {
			t.Fatalf("migrated revisions: %v %+v", err, revs)
		}
		if _, err := st.Reindex(ctx); err != nil {
			t.Fatal(err)
		}
		if found(t, st, "زعفران") != 1 {
			t.Fatal("migrated story not found")
		}
		if p, _ := st.DeskStories(ctx, news.DeskFilter{Headline: "قديمي"}); p.Total != 1 {
			t.Fatal("headline terms not filled in for old stories")
		}
		d := newDesk(t, st)
		if _, err := st.Unpublish(ctx, d.editor, got.ID, got.Revision); err != nil {
			t.Fatal(err)
		}
	})
}
