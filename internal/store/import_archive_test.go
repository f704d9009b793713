package store_test

import (
	"testing"
	"time"

	"khabar/internal/news"
	"khabar/internal/store"
	"khabar/internal/store/storetest"
)

func archived(uri string, code int64) *news.Story {
	return &news.Story{URI: uri, Code: code, Section: news.Section{Slug: "archive-city", Name: "شهری"},
		Headline: "بازگشایی پل تاریخی پس از مرمت", Body: "<p>پل امروز باز شد.</p>", Status: news.StatusPublished,
		Published: time.Date(2019, 5, 1, 6, 30, 0, 0, time.UTC)}
}

// Archive comments: approved, with their dates and replies one level
// deep, once however often they are imported, and a moderator's later
// decision kept.
func TestImportComments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		res := st.ImportStories(ctx, []*news.Story{archived("https://old.example/1/", 501)})
		if res[0].Err != nil || res[0].ID == 0 {
			t.Fatalf("import: %+v", res[0])
		}
		at := time.Date(2019, 5, 1, 8, 0, 0, 0, time.UTC)
		set := store.CommentSet{StoryID: res[0].ID, URI: "https://old.example/1/", Comments: []news.ImportedComment{
			{Key: "3", ReplyTo: "2", Name: "سوم", Text: "پاسخ به پاسخ", Created: at.Add(2 * time.Hour)}, // before its parent
			{Key: "1", Name: "رضا", Text: "چه خوب که باز شد.", Created: at},
			{Key: "2", ReplyTo: "1", Name: "مینا", Text: "موافقم.", Created: at.Add(time.Hour)},
			{Key: "4", Name: "", Text: "   "}, // nothing left: not stored
		}}
		n, err := st.ImportComments(ctx, []store.CommentSet{set})
		if err != nil || n != 3 {
			t.Fatalf("ImportComments = %d, %v; want 3", n, err)
		}
		cs, total, err := st.ApprovedComments(ctx, res[0].ID, 10, 0)
		if err != nil || total != 3 {
			t.Fatalf("ApprovedComments = %d, %v", total, err)
		}
		byName := map[string]*news.Comment{}
		for _, c := range cs {
			byName[c.Name] = c
		}
		first, second, third := byName["رضا"], byName["مینا"], byName["سوم"]
		if first == nil || second == nil || third == nil {
			t.Fatalf("comments = %+v", cs)
		}
		if !first.Created.Equal(at) || second.ReplyTo != first.ID || third.ReplyTo != first.ID {
			t.Errorf("dates and replies: %+v %+v %+v", first, second, third)
		}
		moderator := news.Actor{Name: "ناظر", Roles: news.Roles{news.RoleModerator}}
		if _, err := st.DecideComments(ctx, moderator, []int64{second.ID}, news.DecideSpam); err != nil {
			t.Fatal(err)
		}
		if n, err := st.ImportComments(ctx, []store.CommentSet{set}); err != nil || n != 0 {
			t.Errorf("importing again = %d, %v; want 0", n, err)
		}
		counts, _ := st.CommentCounts(ctx, res[0].ID)
		if counts[news.CommentApproved] != 2 || counts[news.CommentSpam] != 1 {
			t.Errorf("after importing again: %v", counts)
		}
	})
}

// A dry run's plan tells what the import would do and writes nothing.
func TestImportPlan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		st.ImportStories(ctx, []*news.Story{archived("https://old.example/1/", 501)})
		editor := addUser(t, st, "dabir", news.RoleEditor)
		edited := st.ImportStories(ctx, []*news.Story{archived("https://old.example/2/", 502)})[0]
		c := content("تیتر تازه از تحریریه")
		c.Section = "archive-city"
		if _, err := st.Write(ctx, editor, edited.ID, store.Command{Action: news.ActionSave, Content: &c}); err != nil {
			t.Fatal(err)
		}
		changed := archived("https://old.example/1/", 501)
		changed.Headline = "بازگشایی پل تاریخی شهر پس از دو سال مرمت"
		plan := st.NewImportPlan()
		got := plan.Stories(ctx, []*news.Story{
			archived("https://old.example/1/", 501), // unchanged
			changed,                                 // the same uri again: updated
			archived("https://old.example/2/", 502), // edited in the newsroom
			archived("https://old.example/3/", 501), // a new story claiming a code that is taken
			archived("https://old.example/4/", 600), // new
			archived("https://old.example/5/", 600), // new, and its code planned for the one before
		})
		want := []string{"unchanged", "updated", "skipped", "error", "created", "error"}
		for i, r := range got {
			kind := "updated"
			switch {
			case r.Err != nil:
				kind = "error"
			case r.Skipped != "":
				kind = "skipped"
			case r.Unchanged:
				kind = "unchanged"
			case r.Created:
				kind = "created"
			}
			if kind != want[i] {
				t.Errorf("story %d: planned %s (%+v), want %s", i, kind, r, want[i])
			}
		}
		if n, _ := st.StoryCount(ctx); n != 2 {
			t.Errorf("%d stories after a plan, want 2", n)
		}
		if s, _ := st.StoryByCode(ctx, 501); s.Headline != "بازگشایی پل تاریخی پس از مرمت" {
			t.Errorf("a plan changed a story: %q", s.Headline)
		}
	})
}

// Automatic codes start at the floor; imported codes below it never
// meet one; the floor never moves the counter down.
func TestCodeFloor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		next, err := st.RaiseCodeFloor(ctx, 5000000)
		if err != nil || next != 5000000 {
			t.Fatalf("RaiseCodeFloor = %d, %v", next, err)
		}
		noCode := archived("urn:test:fresh", 0)
		res := st.ImportStories(ctx, []*news.Story{noCode, archived("urn:test:old", 4999999)})
		if res[0].Err != nil || res[1].Err != nil || noCode.Code != 5000000 {
			t.Fatalf("imports: %+v; automatic code %d", res, noCode.Code)
		}
		if next, _ := st.RaiseCodeFloor(ctx, 10); next != 5000001 {
			t.Errorf("a lower floor gave next %d", next)
		}
		if _, err := st.RaiseCodeFloor(ctx, 0); news.ErrorCode(err) != news.EINVALID {
			t.Errorf("floor 0: %v", err)
		}
	})
}
