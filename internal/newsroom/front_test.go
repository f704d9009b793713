package newsroom_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"khabar/internal/jalali"
	"khabar/internal/news"
)

// frontForm is the front-page form as the page holds it, with one
// button pressed.
func frontForm(base int64, lead int64, featured []int64, op string) url.Values {
	f := url.Values{"base": {fmt.Sprint(base)}, "lead": {fmt.Sprint(lead)}, "op": {op}}
	for _, id := range featured {
		f.Add("featured", fmt.Sprint(id))
	}
	return f
}

// The front page is arranged on one form, button by button, without
// saving; «ذخیره» saves a revision, refused when someone saved since.
func TestFrontPageEditor(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		a, b, c := s.published("نشست شورای امنیت"), s.published("افزایش قیمت بنزین"), s.published("افتتاح خط مترو")
		editor := s.as("editor")
		page := editor.get("/newsroom/front")
		if page.status != 200 || !strings.Contains(page.body, "هنوز کسی صفحهٔ نخست را نچیده است") ||
			!strings.Contains(page.body, `value="lead:`+fmt.Sprint(a.ID)+`"`) ||
			!strings.Contains(page.body, `<button type="submit" form="breaking-`+fmt.Sprint(a.ID)+`" class="danger">فوری</button>`) {
			t.Fatalf("front page editor: %d", page.status)
		}
		// Lead a; feature c then b; move b up: nothing saved meanwhile.
		res := editor.post("/newsroom/front", frontForm(0, 0, nil, fmt.Sprintf("lead:%d", a.ID)))
		res = editor.post("/newsroom/front", frontForm(0, a.ID, nil, fmt.Sprintf("add:%d", c.ID)))
		res = editor.post("/newsroom/front", frontForm(0, a.ID, []int64{c.ID}, fmt.Sprintf("add:%d", b.ID)))
		res = editor.post("/newsroom/front", frontForm(0, a.ID, []int64{c.ID, b.ID}, fmt.Sprintf("up:%d", b.ID)))
		if res.status != 200 || !strings.Contains(res.body, "این چینش هنوز ذخیره نشده است") {
			t.Fatalf("after moving up: %d", res.status)
		}
		body := html.UnescapeString(res.body)
		list := body[strings.Index(body, `class="featured-list"`):]
		if ib, ic := strings.Index(list, "افزایش قیمت بنزین"), strings.Index(list, "افتتاح خط مترو"); ib < 0 || ic < 0 || ib > ic {
			t.Fatalf("featured order after «بالاتر»: %d %d", ib, ic)
		}
		if f, _ := s.store.FrontPage(ctx); f.Chosen() {
			t.Fatal("a button other than «ذخیره» saved")
		}
		res = editor.post("/newsroom/front", frontForm(0, a.ID, []int64{b.ID, c.ID}, "save"))
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/newsroom/front?done=front" {
			t.Fatalf("save: %d %q", res.status, res.header.Get("Location"))
		}
		f, _ := s.store.FrontPage(ctx)
		if f.Revision != 1 || f.LeadID != a.ID || !slices.Equal(f.Featured, []int64{b.ID, c.ID}) {
			t.Fatalf("saved %+v", f)
		}
		// Readers see it.
		home := html.UnescapeString(s.client().get("/").body)
		if lead := home[strings.Index(home, "top-story"):strings.Index(home, `class="featured"`)]; !strings.Contains(lead, "نشست شورای امنیت") {
			t.Error("the saved lead is not the home page's")
		}
		// An admin who started from revision 0 is told, and loses nothing.
		res = s.as("admin").post("/newsroom/front", frontForm(0, c.ID, nil, "save"))
		if res.status != http.StatusConflict || !strings.Contains(res.body, "همکار دیگری") {
			t.Fatalf("stale save: %d", res.status)
		}
		// Reporters may not arrange the front page.
		if res := s.as("reporter").get("/newsroom/front"); res.status != http.StatusForbidden {
			t.Fatalf("a reporter: %d", res.status)
		}
		if e, _ := s.store.Audit(ctx, news.AuditFilter{Action: "front.save"}); len(e) != 1 || e[0].Actor.ID != s.users["editor"].ID {
			t.Fatalf("audit: %+v", e)
		}
	})
}

// An editor marks a story breaking from its editor page, for an hour by
// default; it shows on the site and can be taken off.
func TestBreakingFromTheEditor(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		st := s.published("زلزله در بندرعباس")
		editor := s.as("editor")
		page := editor.get(storyURL(st))
		if !strings.Contains(page.body, `action="/newsroom/stories/`+fmt.Sprint(st.ID)+`/breaking"`) || !strings.Contains(page.body, "فوری کن") {
			t.Fatal("the editor page offers no «فوری»")
		}
		res := editor.post(storyURL(st)+"/breaking", url.Values{"back": {storyURL(st)}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != storyURL(st)+"?done=breaking" {
			t.Fatalf("mark: %d %q", res.status, res.header.Get("Location"))
		}
		until, _ := s.store.BreakingUntil(ctx, st.ID)
		if want := s.clock.now().Add(time.Hour); !until.Equal(want) {
			t.Fatalf("breaking until %v, want an hour from now %v", until, want)
		}
		if home := s.client().get("/"); !strings.Contains(home.body, `class="ticker"`) {
			t.Fatal("no ticker on the site")
		}
		if !strings.Contains(editor.get(storyURL(st)).body, "برداشتن «فوری»") {
			t.Fatal("no way to take it off")
		}
		// A reporter may not; a foreign address to go back to is not followed.
		if res := s.as("reporter").post(storyURL(st)+"/breaking", url.Values{}); res.status != http.StatusForbidden {
			t.Fatalf("a reporter marked breaking: %d", res.status)
		}
		res = editor.post(storyURL(st)+"/breaking", url.Values{"clear": {"1"}, "back": {"https://evil.example/"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/newsroom/front?done=unbreaking" {
			t.Fatalf("clear: %d %q", res.status, res.header.Get("Location"))
		}
		if b, _ := s.store.Breaking(ctx, s.clock.now()); len(b) != 0 {
			t.Fatal("still breaking")
		}
		// A draft cannot be breaking.
		d := s.draft("editor", "پیش‌نویس")
		if res := editor.post(storyURL(d)+"/breaking", url.Values{}); res.status != http.StatusConflict {
			t.Fatalf("a draft: %d", res.status)
		}
	})
}

// Admins arrange the sections: add one under another, rename its slug,
// order, navigation, aliases, merge.
func TestSectionsAdmin(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		admin := s.as("admin")
		if res := s.as("editor").get("/newsroom/sections"); res.status != http.StatusForbidden {
			t.Fatalf("an editor: %d", res.status)
		}
		res := admin.post("/newsroom/sections", url.Values{"name": {"فوتبال"}, "slug": {"فوتبال"}, "parent": {"0"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("add: %d %s", res.status, res.body)
		}
		football, _ := s.store.SectionBySlug(ctx, "فوتبال")
		sports, _ := s.store.SectionBySlug(ctx, "sports")
		res = admin.post(fmt.Sprintf("/newsroom/sections/%d", football.ID), url.Values{"name": {"فوتبال"}, "slug": {"football"},
			"parent": {fmt.Sprint(sports.ID)}, "aliases": {"فوتبال ایران، football-iran"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("update: %d %s", res.status, res.body)
		}
		football, _ = s.store.SectionBySlug(ctx, "football")
		if football.ParentID != sports.ID {
			t.Fatalf("football not under sports: %+v", football)
		}
		if al, _ := s.store.SectionAliases(ctx); len(al[football.ID]) != 2 {
			t.Fatalf("aliases %v", al)
		}
		page := html.UnescapeString(admin.get("/newsroom/sections").body)
		if !strings.Contains(page, "↳") || !strings.Contains(page, "football-iran، فوتبال ایران") {
			t.Error("the table does not show the tree or the aliases")
		}
		// The public page of the old slug leads to the new one.
		if res := s.client().get("/section/" + url.PathEscape("فوتبال")); res.status != http.StatusMovedPermanently {
			t.Errorf("old slug: %d", res.status)
		}
		// A bad slug is refused with the reason, the table shown again.
		res = admin.post(fmt.Sprintf("/newsroom/sections/%d", football.ID), url.Values{"name": {"فوتبال"}, "slug": {"a b"}})
		if res.status != http.StatusBadRequest || !strings.Contains(res.body, "نشانی سرویس") {
			t.Fatalf("bad slug: %d", res.status)
		}
		// Order: economy then sports; sports up.
		res = admin.post(fmt.Sprintf("/newsroom/sections/%d", sports.ID), url.Values{"op": {"up"}})
		if tree, _ := s.store.SectionTree(ctx); res.status != http.StatusSeeOther || tree.Top()[0].ID != sports.ID {
			t.Fatalf("move up: %d", res.status)
		}
		// Merge football into sports.
		st := s.draft("editor", "دربی پایتخت")
		if _, err := s.store.SaveStory(ctx, news.ActorOf(s.users["editor"]), st.ID, st.Revision, news.Content{Section: "football", Headline: "دربی پایتخت"}); err != nil {
			t.Fatal(err)
		}
		res = admin.post(fmt.Sprintf("/newsroom/sections/%d/merge", football.ID), url.Values{"into": {fmt.Sprint(sports.ID)}})
		if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "done=merged") {
			t.Fatalf("merge: %d %s", res.status, res.body)
		}
		moved, _ := s.store.StoryByID(ctx, st.ID)
		if moved.Section.Slug != "sports" {
			t.Fatalf("story in %q after the merge", moved.Section.Slug)
		}
		if res := admin.post(fmt.Sprintf("/newsroom/sections/%d/merge", sports.ID), url.Values{}); res.status != http.StatusBadRequest {
			t.Fatalf("merge into nothing: %d", res.status)
		}
	})
}

// With more sections than a row can list in its own choices, the table
// grows with their number, not its square: one list of section numbers
// for all the rows, which still move and merge sections by number,
// Persian digits too; a parent that is no number is refused, not taken
// for the top.
func TestSectionsAdminWithManySections(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		admin := s.as("admin")
		for i := range 120 {
			if err := s.store.AddSection(ctx, news.Actor{Name: "آزمون"}, &news.Section{Slug: fmt.Sprintf("province-%d", i), Name: fmt.Sprintf("استان شمارهٔ %d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		page := admin.get("/newsroom/sections")
		tree, _ := s.store.SectionTree(ctx)
		n := len(tree.All)
		if page.status != http.StatusOK || strings.Count(page.body, "<option") > 2*n+2 || !strings.Contains(page.body, `list="section-numbers"`) {
			t.Fatalf("%d sections: %d, %d options, %d bytes", n, page.status, strings.Count(page.body, "<option"), len(page.body))
		}
		t.Logf("%d sections: %d bytes, %d options", n, len(page.body), strings.Count(page.body, "<option"))
		a, _ := s.store.SectionBySlug(ctx, "province-1")
		b, _ := s.store.SectionBySlug(ctx, "province-2")
		res := admin.post(fmt.Sprintf("/newsroom/sections/%d", b.ID), url.Values{"name": {b.Name}, "slug": {b.Slug}, "parent": {jalali.PersianDigits(fmt.Sprint(a.ID))}})
		if b, _ = s.store.SectionBySlug(ctx, "province-2"); res.status != http.StatusSeeOther || b.ParentID != a.ID {
			t.Fatalf("parent by a Persian number: %d, parent %d", res.status, b.ParentID)
		}
		res = admin.post(fmt.Sprintf("/newsroom/sections/%d", b.ID), url.Values{"name": {b.Name}, "slug": {b.Slug}, "parent": {"استان شمارهٔ ۱"}})
		if b, _ = s.store.SectionBySlug(ctx, "province-2"); res.status != http.StatusBadRequest || b.ParentID != a.ID || !strings.Contains(res.body, "شماره") {
			t.Fatalf("a parent by name: %d, parent %d", res.status, b.ParentID)
		}
		res = admin.post(fmt.Sprintf("/newsroom/sections/%d/merge", b.ID), url.Values{"into": {fmt.Sprint(a.ID)}})
		if moved, err := s.store.SectionRedirect(ctx, "province-2"); res.status != http.StatusSeeOther || err != nil || moved.ID != a.ID {
			t.Fatalf("merge by number: %d, now %+v %v", res.status, moved, err)
		}
	})
}

// The story list shows how often readers read each story.
func TestStoryListShowsReads(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		st := s.published("گزارش پربازدید")
		if err := s.store.AddReads(ctx, map[int64]int64{st.ID: 1234}, s.clock.now()); err != nil {
			t.Fatal(err)
		}
		page := s.as("editor").get("/newsroom/stories")
		if !strings.Contains(page.body, "<th>بازدید</th>") || !strings.Contains(page.body, `<td class="reads">۱۲۳۴</td>`) {
			t.Fatal("no reads in the story list")
		}
	})
}
