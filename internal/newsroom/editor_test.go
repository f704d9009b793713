package newsroom_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
)

func storyForm(headline, body string) url.Values {
	return url.Values{"section": {"economy"}, "kicker": {"گزارش"}, "headline": {headline},
		"lead": {"لید خبر آزمون."}, "credit": {"ایرنا"}, "byline": {"مریم احمدی"}, "body": {body},
		"tags": {"بورس، بانک"}}
}

func storyURL(s *news.Story) string { return fmt.Sprintf("/newsroom/stories/%d", s.ID) }

// The editor's whole round: write, tidy, save, submit; an editor edits
// and publishes; readers see it with its code.
func TestWriteSubmitPublish(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		reporter, editor := s.as("reporter"), s.as("editor")
		page := reporter.get("/newsroom/stories/new")
		for _, want := range []string{`name="headline"`, `name="body"`, `name="section"`, `value="submit"`, "ویرایش متن", "پیش‌نمایش"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("new story page lacks %s", want)
			}
		}
		if strings.Contains(page.body, `value="publish"`) {
			t.Error("a reporter is offered to publish")
		}
		// Tidy: shown before and after, nothing saved.
		f := storyForm("افزايش نرخ بهره بانكي", "گروه هاي کارشناسي در باره اين طرح گفتگو مي كنند .")
		f.Set("action", "tidy")
		res := reporter.post("/newsroom/stories", f)
		if res.status != 200 || !strings.Contains(res.body, "پیش و پس") || !strings.Contains(res.body, "افزایش نرخ بهره بانکی") {
			t.Fatalf("tidy: %d", res.status)
		}
		if n, _ := s.store.StoryCount(ctx); n != 0 {
			t.Fatal("tidy saved a story")
		}
		f = storyForm("افزایش نرخ بهرهٔ بانکی", "بند نخست با **واژهٔ درشت**.\n\nبند دوم.")
		f.Set("action", "submit")
		res = reporter.post("/newsroom/stories", f)
		if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "done=submit") {
			t.Fatalf("create and submit: %d %q %s", res.status, res.header.Get("Location"), res.body)
		}
		p, _ := s.store.DeskStories(ctx, news.DeskFilter{})
		st := p.Stories[0]
		if st.Status != news.StatusSubmitted || st.Body != "<p>بند نخست با <b>واژهٔ درشت</b>.</p><p>بند دوم.</p>" ||
			len(st.Tags) != 2 || st.Source != "ایرنا" || st.Revision != 2 {
			t.Fatalf("stored %+v", st)
		}
		// Crafted requests cannot make a reporter publish.
		f = storyForm(st.Headline, "متن")
		f.Set("base", fmt.Sprint(st.Revision))
		f.Set("action", "publish")
		if res := reporter.post(storyURL(st), f); res.status != http.StatusForbidden {
			t.Errorf("reporter publishes through the form: %d", res.status)
		}
		if res := reporter.post(storyURL(st)+"/transition", url.Values{"to": {"publish"}, "base": {fmt.Sprint(st.Revision)}}); res.status != http.StatusForbidden {
			t.Errorf("reporter publishes through a transition: %d", res.status)
		}
		// The editor edits and publishes in one go.
		page = editor.get(storyURL(st))
		if !strings.Contains(page.body, "**واژهٔ درشت**") || !strings.Contains(page.body, `value="publish"`) {
			t.Fatal("editor page")
		}
		f = storyForm("افزایش نرخ بهرهٔ بانکی در سال آینده", "بند نخست با **واژهٔ درشت**.\n\nبند دوم.")
		f.Set("base", fmt.Sprint(st.Revision))
		f.Set("action", "publish")
		if res := editor.post(storyURL(st), f); res.status != http.StatusSeeOther {
			t.Fatalf("publish: %d %s", res.status, res.body)
		}
		st, _ = s.store.StoryByID(ctx, st.ID)
		if st.Status != news.StatusPublished || st.Code == 0 {
			t.Fatalf("after publish: %+v", st)
		}
		public := s.client().get(fmt.Sprintf("/news/%d", st.Code))
		if public.status != http.StatusMovedPermanently {
			t.Fatalf("public page: %d", public.status)
		}
		public = s.client().get(public.header.Get("Location"))
		if public.status != 200 || !strings.Contains(public.body, "افزایش نرخ بهرهٔ بانکی در سال آینده") {
			t.Fatalf("public page: %d", public.status)
		}
	})
}

// Two editors save the same story: the second sees the other's change
// and keeps their own text; nothing is overwritten silently.
func TestConflictShowsTheOthersChange(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		st := s.draft("editor", "تیتر نخست خبر")
		a, b := s.as("editor"), s.as("admin")
		fa := storyForm("تیتر ویراستهٔ دبیر", "متن دبیر یکم.")
		fa.Set("base", "1")
		if res := a.post(storyURL(st), fa); res.status != http.StatusSeeOther {
			t.Fatalf("first save: %d", res.status)
		}
		fb := storyForm("تیتر ویراستهٔ مدیر", "متن مدیر.")
		fb.Set("base", "1")
		res := b.post(storyURL(st), fb)
		if res.status != http.StatusConflict {
			t.Fatalf("second save: %d", res.status)
		}
		for _, want := range []string{"این خبر در این فاصله ویرایش شده است", "کاربر editor", "<ins>", "ویراستهٔ", `value="تیتر ویراستهٔ مدیر"`, "متن مدیر.", `name="base" value="2"`} {
			if !strings.Contains(res.body, want) {
				t.Errorf("conflict page lacks %q", want)
			}
		}
		got, _ := s.store.StoryByID(ctx, st.ID)
		if got.Headline != "تیتر ویراستهٔ دبیر" {
			t.Fatalf("overwritten: %q", got.Headline)
		}
		// Saving again, having seen it, is deliberate: it goes through.
		fb.Set("base", "2")
		if res := b.post(storyURL(st), fb); res.status != http.StatusSeeOther {
			t.Fatalf("deliberate save: %d", res.status)
		}
	})
}

func TestScheduleCorrectKillInTheNewsroom(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		editor := s.as("editor")
		st := s.draft("reporter", "برگزاری نمایشگاه کتاب کودک")
		at := s.clock.now().Add(2 * time.Minute).In(tehran())
		f := storyForm(st.Headline, "متن نمایشگاه.")
		f.Set("base", "1")
		f.Set("action", "schedule")
		f.Set("at", at.Format("2006-01-02T15:04"))
		if res := editor.post(storyURL(st), f); res.status != http.StatusSeeOther {
			t.Fatalf("schedule: %d %s", res.status, res.body)
		}
		f.Set("at", "فردا صبح")
		if res := editor.post(storyURL(st), f); res.status != http.StatusBadRequest || !strings.Contains(res.body, "زمان انتشار را به شکل") {
			t.Errorf("bad time: %d", res.status)
		}
		if got, _ := s.store.PublishDue(ctx); len(got) != 0 {
			t.Fatal("published early")
		}
		s.clock.advance(3 * time.Minute)
		got, err := s.store.PublishDue(ctx)
		if err != nil || len(got) != 1 || got[0].Code == 0 {
			t.Fatalf("due: %v %d", err, len(got))
		}
		st = got[0]
		res := editor.post(storyURL(st)+"/transition", url.Values{"to": {"correct"}, "base": {fmt.Sprint(st.Revision)},
			"note": {"نام شهر برگزاری اصلاح شد."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("correct: %d %s", res.status, res.body)
		}
		page := s.client().get(fmt.Sprintf("/news/%d/x", st.Code))
		page = s.client().get(page.header.Get("Location"))
		if !strings.Contains(page.body, "اصلاحیه") || !strings.Contains(page.body, "نام شهر برگزاری اصلاح شد.") {
			t.Fatalf("the correction is not on the page: %d", page.status)
		}
		st, _ = s.store.StoryByID(ctx, st.ID)
		res = editor.post(storyURL(st)+"/transition", url.Values{"to": {"kill"}, "base": {fmt.Sprint(st.Revision)}, "note": {"حکم دادگاه"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("kill: %d", res.status)
		}
		if page := s.client().get(fmt.Sprintf("/news/%d", st.Code)); page.status != http.StatusGone {
			t.Fatalf("killed story: %d", page.status)
		}
	})
}

func TestHistoryShowsEveryRevision(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	st := s.draft("reporter", "تیتر نخست")
	c := s.as("reporter")
	f := storyForm("تیتر دوم", "متن دوم.")
	f.Set("base", "1")
	c.post(storyURL(st), f)
	res := c.get(storyURL(st) + "/history")
	for _, want := range []string{"ایجاد", "ذخیره", "کاربر reporter", "<del>نخست", "<ins>دوم"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("history lacks %q", want)
		}
	}
	if res := c.get(storyURL(st) + "/history?from=1&to=9"); res.status != http.StatusNotFound {
		t.Errorf("unknown revision: %d", res.status)
	}
}

func TestAutosaveIsNoRevision(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	st := s.draft("reporter", "تیتر نخست")
	c := s.as("reporter")
	f := storyForm("تیتری که هنوز ذخیره نشده", "متن نیمه‌کاره")
	f.Set("base", "1")
	if res := c.post(storyURL(st)+"/autosave", f); res.status != 200 || !strings.Contains(res.body, "saved") {
		t.Fatalf("autosave: %d %s", res.status, res.body)
	}
	if got, _ := s.store.StoryByID(ctx, st.ID); got.Revision != 1 || got.Headline != "تیتر نخست" {
		t.Fatal("autosave wrote the story")
	}
	page := c.get(storyURL(st))
	if !strings.Contains(page.body, "بازگرداندن آن") {
		t.Fatal("the editor does not offer the autosaved text")
	}
	page = c.get(storyURL(st) + "?restore=1")
	if !strings.Contains(page.body, `value="تیتری که هنوز ذخیره نشده"`) {
		t.Fatal("restore did not fill the form")
	}
	if res := c.post("/newsroom/stories/new/autosave", storyForm("خبر تازه‌ای نیمه‌کاره", "")); res.status != 200 {
		t.Fatalf("autosave of a new story: %d", res.status)
	}
	if page := c.get("/newsroom/stories/new"); !strings.Contains(page.body, "بازگرداندن آن") {
		t.Fatal("the new story page does not offer the autosaved text")
	}
}

func TestPreviewShowsThePublicPage(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	c := s.as("reporter")
	res := c.post("/newsroom/preview", storyForm("تیتر پیش‌نمایش", "متن با *واژهٔ کج*."))
	for _, want := range []string{"پیش‌نمایش: این صفحه", "<h1>تیتر پیش‌نمایش</h1>", "<i>واژهٔ کج</i>", "<strong>ایرنا:</strong>", "انتهای پیام/", `content="noindex"`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if cc := res.header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("preview Cache-Control %q", cc)
	}
}

func TestStoryListFilters(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	s.draft("reporter", "گروه‌های امداد در کرمان")
	s.draft("editor", "بارش برف در اردبیل")
	c := s.as("editor")
	res := c.get("/newsroom/stories?q=" + url.QueryEscape("گروههاي امداد"))
	if !strings.Contains(res.body, "گروه‌های امداد در کرمان") || strings.Contains(res.body, "اردبیل") {
		t.Errorf("headline search: %s", res.body)
	}
	res = c.get(fmt.Sprintf("/newsroom/stories?author=%d", s.users["editor"].ID))
	if strings.Contains(res.body, "کرمان") || !strings.Contains(res.body, "اردبیل") {
		t.Error("author filter")
	}
	res = c.get("/newsroom/stories?from=" + url.QueryEscape("۱۴۰۲/۱۲/۲۰"))
	if !strings.Contains(res.body, "اردبیل") {
		t.Error("Jalali from filter")
	}
	if res := c.get("/newsroom/stories?from=" + url.QueryEscape("۱۴۰۲/۱۳/۴۰")); !strings.Contains(res.body, "تاریخ «از» را به شکل") {
		t.Error("bad date not reported")
	}
}
