package newsroom_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

type apiStory struct {
	ID        int64    `json:"id"`
	Revision  int64    `json:"revision"`
	State     string   `json:"state"`
	Code      int64    `json:"code"`
	Section   string   `json:"section"`
	Headline  string   `json:"headline"`
	Body      string   `json:"body"`
	Tags      []string `json:"tags"`
	Published string   `json:"published"`
}

type apiError struct {
	Error           string                                 `json:"error"`
	Field           string                                 `json:"field"`
	CurrentRevision int64                                  `json:"current_revision"`
	Diff            map[string][]struct{ Op, Text string } `json:"diff"`
}

func TestAPIStoryLifecycle(t *testing.T) {
	each(t, func(t *testing.T, s *site) {
		reporter, editor := s.token("reporter"), s.token("editor")
		body := map[string]any{"section": "economy", "kicker": "گزارش", "headline": "صادرات زعفران افزایش یافت",
			"lead": "صادرات زعفران در سال جاری ده درصد بیشتر شد.", "credit": "ایسنا", "byline": "علی رضایی",
			"body": `<p>متن <b>خبر</b><script>alert(1)</script></p>`, "tags": []string{"زعفران", "صادرات"}}
		res := s.api(reporter, "POST", "/api/v1/newsroom/stories", body)
		if res.status != http.StatusCreated {
			t.Fatalf("create: %d %s", res.status, res.body)
		}
		st := decode[apiStory](t, res.body)
		if st.ID == 0 || st.Revision != 1 || st.State != "draft" || st.Code != 0 || st.Body != "<p>متن <b>خبر</b></p>" {
			t.Fatalf("created %+v", st)
		}
		path := fmt.Sprintf("/api/v1/newsroom/stories/%d", st.ID)
		res = s.api(reporter, "GET", path, nil)
		if res.status != 200 || res.header.Get("ETag") != `"1"` {
			t.Fatalf("get: %d %q", res.status, res.header.Get("ETag"))
		}
		if res := s.api(reporter, "GET", path, nil, "If-None-Match", `"1"`); res.status != http.StatusNotModified {
			t.Errorf("conditional get: %d", res.status)
		}
		body["headline"] = "صادرات زعفران ده درصد افزایش یافت"
		if res := s.api(reporter, "PUT", path, body); res.status != http.StatusPreconditionRequired {
			t.Fatalf("put without If-Match: %d", res.status)
		}
		res = s.api(reporter, "PUT", path, body, "If-Match", `"1"`)
		if res.status != 200 || decode[apiStory](t, res.body).Revision != 2 || res.header.Get("ETag") != `"2"` {
			t.Fatalf("put: %d %s", res.status, res.body)
		}
		body["headline"] = "تیتری از نسخهٔ کهنه"
		res = s.api(editor, "PUT", path, body, "If-Match", `"1"`)
		if res.status != http.StatusPreconditionFailed {
			t.Fatalf("stale put: %d", res.status)
		}
		e := decode[apiError](t, res.body)
		if e.CurrentRevision != 2 || len(e.Diff["headline"]) == 0 || !strings.Contains(e.Error, "ویرایش شده") {
			t.Fatalf("stale body %s", res.body)
		}
		// The reporter submits; publishing is not theirs to do.
		move := func(token string, to map[string]string, rev ...string) response {
			var h []string
			if len(rev) > 0 {
				h = []string{"If-Match", rev[0]}
			}
			return s.api(token, "POST", path+"/transitions", to, h...)
		}
		if res := move(reporter, map[string]string{"to": "submitted"}); res.status != 200 || decode[apiStory](t, res.body).State != "submitted" {
			t.Fatalf("submit: %d %s", res.status, res.body)
		}
		if res := move(reporter, map[string]string{"to": "published"}); res.status != http.StatusForbidden || !strings.Contains(res.body, "اجازه") {
			t.Fatalf("reporter publishes: %d %s", res.status, res.body)
		}
		if res := move(editor, map[string]string{"to": "corrected", "note": "اصلاح"}); res.status != http.StatusConflict {
			t.Fatalf("correcting a draft: %d %s", res.status, res.body)
		}
		if res := move(editor, map[string]string{"to": "scheduled", "at": "فردا"}); res.status != http.StatusBadRequest ||
			decode[apiError](t, res.body).Field != "at" {
			t.Fatalf("bad at: %d %s", res.status, res.body)
		}
		at := s.clock.now().Add(time.Hour).Format(time.RFC3339)
		if res := move(editor, map[string]string{"to": "scheduled", "at": at}); res.status != 200 || decode[apiStory](t, res.body).State != "scheduled" {
			t.Fatalf("schedule: %d %s", res.status, res.body)
		}
		res = move(editor, map[string]string{"to": "published"}, `"4"`)
		pub := decode[apiStory](t, res.body)
		if res.status != 200 || pub.State != "published" || pub.Code < 100001 {
			t.Fatalf("publish: %d %s", res.status, res.body)
		}
		if res := move(editor, map[string]string{"to": "killed"}, `"4"`); res.status != http.StatusPreconditionFailed {
			t.Fatalf("stale transition: %d", res.status)
		}
		res = s.api(editor, "GET", path+"/revisions", nil)
		if res.status != 200 || strings.Count(res.body, `"revision"`) != 5 || !strings.Contains(res.body, `"action":"publish"`) {
			t.Fatalf("revisions: %d %s", res.status, res.body)
		}
		res = s.api(editor, "GET", "/api/v1/newsroom/stories?state=published&limit=1", nil)
		if res.status != 200 || !strings.Contains(res.body, `"total":1`) {
			t.Fatalf("list: %d %s", res.status, res.body)
		}
		// Killed: gone from the public API and search.
		if res := move(editor, map[string]string{"to": "killed", "note": "درخواست منبع"}); res.status != 200 {
			t.Fatalf("kill: %d %s", res.status, res.body)
		}
		if res := s.api("", "GET", "/api/v1/search?q="+"زعفران", nil); strings.Contains(res.body, "زعفران") {
			t.Fatal("the killed story is in the public search API")
		}
	})
}

func TestAPIErrors(t *testing.T) {
	s := newSite(t, sqliteStore(t))
	tok := s.token("reporter")
	st := s.draft("reporter", "خبر آزمون خطاها")
	path := fmt.Sprintf("/api/v1/newsroom/stories/%d", st.ID)
	tests := []struct {
		name, method, path, token string
		body                      any
		header                    []string
		status                    int
		field, says               string
	}{
		{"no token", "GET", path, "", nil, nil, 401, "", "کلید دسترسی"},
		{"bad token", "GET", path, "khabar_nope", nil, nil, 401, "", "کلید دسترسی"},
		{"moderator", "GET", path, s.token("moderator"), nil, nil, 403, "", "اجازه"},
		{"unknown story", "GET", "/api/v1/newsroom/stories/999999", tok, nil, nil, 404, "", ""},
		{"not a number", "GET", "/api/v1/newsroom/stories/abc", tok, nil, nil, 404, "", ""},
		{"no headline", "POST", "/api/v1/newsroom/stories", tok, map[string]any{"section": "economy"}, nil, 400, "headline", "تیتر"},
		{"no section", "POST", "/api/v1/newsroom/stories", tok, map[string]any{"headline": "تیتر"}, nil, 400, "section", "سرویس"},
		{"unknown section", "POST", "/api/v1/newsroom/stories", tok, map[string]any{"headline": "تیتر", "section": "nope"}, nil, 400, "section", "وجود ندارد"},
		{"unknown field", "POST", "/api/v1/newsroom/stories", tok, `{"headline":"تیتر","section":"economy","sektion":"x"}`, nil, 400, "sektion", "ناشناخته"},
		{"bad JSON", "POST", "/api/v1/newsroom/stories", tok, `{"headline":`, nil, 400, "", "JSON"},
		{"wrong type", "POST", "/api/v1/newsroom/stories", tok, `{"headline":5,"section":"economy"}`, nil, 400, "headline", "نوع"},
		{"NUL", "POST", "/api/v1/newsroom/stories", tok, `{"headline":"تیتر\u0000","section":"economy"}`, nil, 400, "", "NUL"},
		{"invalid UTF-8", "POST", "/api/v1/newsroom/stories", tok, "{\"headline\":\"\xff\",\"section\":\"economy\"}", nil, 400, "", "UTF-8"},
		{"not JSON", "POST", "/api/v1/newsroom/stories", tok, "x", []string{"Content-Type", "text/plain"}, 415, "", "application/json"},
		{"too large", "POST", "/api/v1/newsroom/stories", tok, `{"body":"` + strings.Repeat("ب", 3<<20) + `"}`, nil, 413, "", "بیش از"},
		{"body over 1 MiB", "POST", "/api/v1/newsroom/stories", tok, map[string]any{"headline": "تیتر", "section": "economy", "body": strings.Repeat("a", 1<<20+1)}, nil, 400, "body", "متن خبر"},
		{"unknown target", "POST", path + "/transitions", tok, map[string]string{"to": "archived"}, nil, 400, "to", "submitted"},
		{"bad If-Match", "PUT", path, tok, map[string]any{"headline": "تیتر", "section": "economy"}, []string{"If-Match", "abc"}, 400, "If-Match", "نسخهٔ خبر"},
		{"unknown path", "GET", "/api/v1/newsroom/nothing", tok, nil, nil, 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.api(tt.token, tt.method, tt.path, tt.body, tt.header...)
			if res.status != tt.status {
				t.Fatalf("status %d, want %d: %s", res.status, tt.status, res.body)
			}
			if ct := res.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			e := decode[apiError](t, res.body)
			if e.Field != tt.field || !strings.Contains(e.Error, tt.says) || e.Error == "" {
				t.Errorf("error %q field %q, want %q field %q", e.Error, e.Field, tt.says, tt.field)
			}
		})
	}
}
