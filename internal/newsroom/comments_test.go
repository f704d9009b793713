package newsroom_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"khabar/internal/news"
)

// published stores and publishes a story.
func (s *site) published(headline string) *news.Story {
	s.t.Helper()
	st := s.draft("editor", headline)
	st, err := s.store.Publish(ctx, news.ActorOf(s.users["editor"]), st.ID, st.Revision)
	if err != nil {
		s.t.Fatal(err)
	}
	return st
}

// comment posts a reader's comment on st, from an address of its own.
func (s *site) comment(st *news.Story, name, text string) *news.Comment {
	s.t.Helper()
	d, err := news.CommentDraft{Name: name, Text: text}.Clean()
	if err != nil {
		s.t.Fatal(err)
	}
	c, err := s.store.AddComment(ctx, news.CommentPost{StoryID: st.ID, Draft: d, IP: "192.0.2.44"})
	if err != nil {
		s.t.Fatal(err)
	}
	s.clock.advance(time.Minute)
	return c
}

func (s *site) commentState(id int64) news.CommentStatus {
	s.t.Helper()
	for _, st := range news.CommentStatuses {
		q, err := s.store.Comments(ctx, news.CommentFilter{Status: st, Limit: 200})
		if err != nil {
			s.t.Fatal(err)
		}
		for _, c := range q.Comments {
			if c.ID == id {
				return st
			}
		}
	}
	return ""
}

func TestModerationQueue(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		story := s.published("ترافیک سنگین در آزادراه تهران-کرج")
		old := s.comment(story, "مریم", "کی درست می‌شود؟")
		spam := s.comment(story, "<script>alert(1)</script>", "خرید ارزان <b>اینجا</b> https://spam.example https://spam2.example")
		newest := s.comment(story, "علی", "من هم امروز در راه ماندم.")

		mod := s.as("moderator")
		if res := mod.get("/newsroom/"); !strings.Contains(res.body, "نظرهای در انتظار بررسی (۳)") ||
			!strings.Contains(res.body, `href="/newsroom/comments"`) || strings.Contains(res.body, "نوشتن خبر تازه") {
			t.Fatalf("moderator's dashboard: %s", res.body)
		}
		res := mod.get("/newsroom/comments")
		if res.status != 200 {
			t.Fatalf("queue: %d", res.status)
		}
		body := html.UnescapeString(res.body)
		iNew, iOld := strings.Index(body, "من هم امروز"), strings.Index(body, "کی درست می‌شود")
		if iNew < 0 || iOld < 0 || iNew > iOld {
			t.Error("the queue is not newest first")
		}
		for _, want := range []string{"ترافیک سنگین در آزادراه تهران-کرج", "در انتظار بررسی (۳)", "امتیاز هرزنامه: ", "۲ پیوند (+۴)", "moderation.js"} {
			if !strings.Contains(body, want) {
				t.Errorf("queue lacks %q", want)
			}
		}
		if strings.Contains(res.body, "<script>alert") || strings.Contains(res.body, "<b>اینجا") {
			t.Error("a reader's markup is not escaped in the queue")
		}
		// One at a time, by its button.
		res = mod.post("/newsroom/comments/decision", url.Values{"one": {fmt.Sprintf("approve:%d", newest.ID)}, "back": {"state=pending"}})
		if res.status != http.StatusSeeOther || !strings.Contains(res.header.Get("Location"), "done=approve") {
			t.Fatalf("approve: %d %s", res.status, res.header.Get("Location"))
		}
		if res = mod.get(res.header.Get("Location")); !strings.Contains(res.body, "۱ نظر تأیید و منتشر شد") {
			t.Errorf("flash: %s", res.body)
		}
		// In bulk, the ones ticked.
		res = mod.post("/newsroom/comments/decision", url.Values{"id": {strconv.FormatInt(old.ID, 10), strconv.FormatInt(spam.ID, 10)}, "bulk": {"spam"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("bulk: %d", res.status)
		}
		if s.commentState(newest.ID) != news.CommentApproved || s.commentState(old.ID) != news.CommentSpam || s.commentState(spam.ID) != news.CommentSpam {
			t.Fatal("decisions not applied")
		}
		// Nothing ticked: nothing happens, and the moderator is told.
		if res = mod.post("/newsroom/comments/decision", url.Values{"bulk": {"delete"}}); !strings.Contains(res.header.Get("Location"), "done=none") {
			t.Errorf("nothing ticked: %s", res.header.Get("Location"))
		}
		if res = mod.post("/newsroom/comments/decision", url.Values{"one": {"publish:1"}}); res.status != 400 {
			t.Errorf("unknown decision: %d", res.status)
		}
		// The public page counts the approved one.
		pub := s.client().get(fmt.Sprintf("/news/%d", story.Code))
		pub = s.client().get(pub.header.Get("Location"))
		if !strings.Contains(pub.body, "نمایش ۱ نظر") {
			t.Errorf("public count: %s", pub.body)
		}
		// Every decision is in the audit log.
		log, _ := s.store.Audit(ctx, news.AuditFilter{Kind: "comment"})
		if len(log) != 3 || log[0].Actor.ID != s.users["moderator"].ID {
			t.Errorf("audit: %+v", log)
		}
		if res := s.as("admin").get("/newsroom/audit?kind=comment"); !strings.Contains(res.body, "spam") {
			t.Error("the audit page lacks the decisions")
		}
		// Closing a story's comments, from its queue.
		res = mod.get(fmt.Sprintf("/newsroom/comments?story=%d&state=spam", story.ID))
		if !strings.Contains(res.body, "بستن ثبت نظر") || !strings.Contains(html.UnescapeString(res.body), "هرزنامه (۲)") {
			t.Fatalf("story queue: %s", res.body)
		}
		res = mod.post(fmt.Sprintf("/newsroom/stories/%d/comments", story.ID), url.Values{"closed": {"1"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("close: %d", res.status)
		}
		if res = mod.get(res.header.Get("Location")); !strings.Contains(res.body, "باز کردن ثبت نظر") || !strings.Contains(res.body, "ثبت نظر برای این خبر بسته شد.") {
			t.Errorf("after closing: %s", res.body)
		}
		pub = s.client().get(pub.header.Get("Location"))
		pub = s.client().get(fmt.Sprintf("/news/%d", story.Code))
		pub = s.client().get(pub.header.Get("Location"))
		if strings.Contains(pub.body, `class="comment-form"`) || !strings.Contains(pub.body, "بسته شده است") {
			t.Error("the public page still offers the form")
		}
	})
}

func TestCommentSettingsPage(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	admin := s.as("admin")
	res := admin.get("/newsroom/comments/settings")
	if res.status != 200 || !strings.Contains(res.body, `value="pre" checked`) {
		t.Fatalf("settings page: %d", res.status)
	}
	form := url.Values{"moderation": {"post"}, "close_days": {"۳۰"}, "blocked": {"كلاهبرداري\r\nقمار آنلاین\r\n\r\n"}}
	if res = admin.post("/newsroom/comments/settings", form); res.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.status, res.body)
	}
	set, _ := s.store.CommentSettings(ctx)
	if !set.PostModeration || set.CloseAfterDays != 30 || len(set.Blocked) != 2 || set.Blocked[0] != "كلاهبرداري" {
		t.Fatalf("saved %+v", set)
	}
	res = admin.get("/newsroom/comments/settings?done=saved")
	if !strings.Contains(res.body, "تنظیمات نظرها ذخیره شد") || !strings.Contains(res.body, "قمار آنلاین") || !strings.Contains(res.body, `value="post" checked`) {
		t.Errorf("after saving: %s", res.body)
	}
	// A refused form comes back as sent.
	form.Set("close_days", "سی")
	res = admin.post("/newsroom/comments/settings", form)
	if res.status != 400 || !strings.Contains(res.body, "با رقم بنویسید") || !strings.Contains(res.body, "قمار آنلاین") || !strings.Contains(res.body, `value="سی"`) {
		t.Errorf("refused: %d %s", res.status, res.body)
	}
	form.Set("close_days", "0")
	form.Set("blocked", "از")
	if res = admin.post("/newsroom/comments/settings", form); res.status != 400 || !strings.Contains(res.body, "یافتنی نیستند") {
		t.Errorf("a stop word: %d", res.status)
	}
	if log, _ := s.store.Audit(ctx, news.AuditFilter{Kind: "settings"}); len(log) != 1 {
		t.Errorf("audit: %+v", log)
	}
}

func TestModerationAPI(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		story := s.published("افتتاح کتابخانهٔ تازه در شیراز")
		a := s.comment(story, "مریم", "چه خبر خوبی!")
		b := s.comment(story, "علی", "ساعت کارش چیست؟")
		tok := s.token("moderator")
		res := s.api(tok, "GET", "/api/v1/newsroom/comments?state=pending", nil)
		type item struct {
			ID    int64  `json:"id"`
			State string `json:"state"`
			Name  string `json:"name"`
			Text  string `json:"text"`
			Story struct {
				ID       int64  `json:"id"`
				Headline string `json:"headline"`
			} `json:"story"`
			Reasons []struct{ Code string } `json:"reasons"`
		}
		list := decode[struct {
			Total int    `json:"total"`
			Items []item `json:"items"`
		}](t, res.body)
		if res.status != 200 || list.Total != 2 || len(list.Items) != 2 || list.Items[0].ID != b.ID ||
			list.Items[0].Story.Headline != story.Headline || list.Items[0].Reasons == nil {
			t.Fatalf("queue: %d %s", res.status, res.body)
		}
		res = s.api(tok, "POST", fmt.Sprintf("/api/v1/newsroom/comments/%d/decision", a.ID), `{"decision": "approve"}`)
		if got := decode[item](t, res.body); res.status != 200 || got.State != "approved" || got.ID != a.ID {
			t.Fatalf("decision: %d %s", res.status, res.body)
		}
		if res = s.api(tok, "GET", "/api/v1/newsroom/comments?state=approved", nil); !strings.Contains(res.body, "چه خبر خوبی") {
			t.Errorf("approved: %s", res.body)
		}
		for _, c := range []struct {
			path, body string
			status     int
		}{
			{fmt.Sprintf("/api/v1/newsroom/comments/%d/decision", b.ID), `{"decision": "publish"}`, 400},
			{fmt.Sprintf("/api/v1/newsroom/comments/%d/decision", b.ID), `{}`, 400},
			{"/api/v1/newsroom/comments/999999/decision", `{"decision": "reject"}`, 404},
			{"/api/v1/newsroom/comments/x/decision", `{"decision": "reject"}`, 404},
		} {
			if res := s.api(tok, "POST", c.path, c.body); res.status != c.status || !strings.Contains(res.body, `"error"`) {
				t.Errorf("%s %s: %d %s", c.path, c.body, res.status, res.body)
			}
		}
		if res := s.api(tok, "GET", "/api/v1/newsroom/comments?state=lost", nil); res.status != 400 {
			t.Errorf("unknown state: %d", res.status)
		}
		if res := s.api(s.token("editor"), "GET", "/api/v1/newsroom/comments", nil); res.status != 403 {
			t.Errorf("an editor's token: %d", res.status)
		}
		if log, _ := s.store.Audit(ctx, news.AuditFilter{Kind: "comment", ObjectID: a.ID}); len(log) != 1 || log[0].Actor.ID != s.users["moderator"].ID {
			t.Errorf("audit: %+v", log)
		}
	})
}
